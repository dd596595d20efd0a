"""Responses of ``create_store``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class CreateStoreResponse(ControlResponse):
    """``CreateStore.Success``, ``.StoreAlreadyExists`` or ``.Error``."""


class CreateStore:
    class Success(CreateStoreResponse, Unit): ...

    class StoreAlreadyExists(CreateStoreResponse, Unit): ...

    class Error(CreateStoreResponse, ErrorVariant): ...

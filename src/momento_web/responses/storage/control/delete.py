"""Responses of ``delete_store``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class DeleteStoreResponse(ControlResponse):
    """``DeleteStore.Success`` or ``.Error`` (a missing store is an error: NOT_FOUND_ERROR)."""


class DeleteStore:
    class Success(DeleteStoreResponse, Unit): ...

    class Error(DeleteStoreResponse, ErrorVariant): ...

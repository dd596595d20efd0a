"""Responses of ``get`` on a store."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.storage.data.storage_value import StorageValue
from momento_web.responses.storage.response import StorageResponse


class StorageGetResponse(StorageResponse):
    """``StorageGet.Found``, ``StorageGet.NotFound`` or ``StorageGet.Error``."""


class StorageGet:
    @dataclass(frozen=True)
    class Found(StorageGetResponse):
        value: StorageValue

    class NotFound(StorageGetResponse, Unit): ...

    class Error(StorageGetResponse, ErrorVariant): ...

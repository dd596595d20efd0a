"""Responses of ``delete`` on a store."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.storage.response import StorageResponse


class StorageDeleteResponse(StorageResponse):
    """``StorageDelete.Success`` (also when the key held nothing) or ``StorageDelete.Error``."""


class StorageDelete:
    class Success(StorageDeleteResponse, Unit): ...

    class Error(StorageDeleteResponse, ErrorVariant): ...

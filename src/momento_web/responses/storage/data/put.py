"""Responses of ``put_int``, ``put_double``, ``put_string`` and ``put_bytes``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.storage.response import StorageResponse


class StoragePutResponse(StorageResponse):
    """``StoragePut.Success`` or ``StoragePut.Error``."""


class StoragePut:
    class Success(StoragePutResponse, Unit): ...

    class Error(StoragePutResponse, ErrorVariant): ...

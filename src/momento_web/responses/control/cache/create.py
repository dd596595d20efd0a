from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class CreateCacheResponse(ControlResponse):
    """``CreateCache.Success``, ``.CacheAlreadyExists`` or ``.Error``."""


class CreateCache:
    class Success(CreateCacheResponse, Unit): ...

    class CacheAlreadyExists(CreateCacheResponse, Unit): ...

    class Error(CreateCacheResponse, ErrorVariant): ...

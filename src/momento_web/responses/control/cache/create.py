from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.response import ControlResponse


class CreateCacheResponse(ControlResponse):
    """``CreateCache.Success``, ``.CacheAlreadyExists`` or ``.Error``."""


class CreateCache:
    @dataclass(frozen=True)
    class Success(CreateCacheResponse):
        pass

    @dataclass(frozen=True)
    class CacheAlreadyExists(CreateCacheResponse):
        pass

    @dataclass(frozen=True)
    class Error(CreateCacheResponse, ErrorResponseMixin):
        _error: SdkException

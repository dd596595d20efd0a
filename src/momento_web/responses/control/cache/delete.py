from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.response import ControlResponse


class DeleteCacheResponse(ControlResponse):
    """``DeleteCache.Success`` or ``.Error``."""


class DeleteCache:
    @dataclass(frozen=True)
    class Success(DeleteCacheResponse):
        pass

    @dataclass(frozen=True)
    class Error(DeleteCacheResponse, ErrorResponseMixin):
        _error: SdkException

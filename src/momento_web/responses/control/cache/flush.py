from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.response import ControlResponse


class CacheFlushResponse(ControlResponse):
    """``CacheFlush.Success`` or ``.Error``."""


class CacheFlush:
    @dataclass(frozen=True)
    class Success(CacheFlushResponse):
        pass

    @dataclass(frozen=True)
    class Error(CacheFlushResponse, ErrorResponseMixin):
        _error: SdkException

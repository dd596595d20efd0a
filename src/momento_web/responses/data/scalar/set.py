"""Responses of ``set``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetResponse(CacheResponse):
    """``CacheSet.Success`` or ``CacheSet.Error``."""


class CacheSet:
    class Success(CacheSetResponse, Unit): ...

    class Error(CacheSetResponse, ErrorVariant): ...

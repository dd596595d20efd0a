"""Responses of ``delete``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDeleteResponse(CacheResponse):
    """``CacheDelete.Success`` or ``CacheDelete.Error``; deleting a missing key succeeds."""


class CacheDelete:
    class Success(CacheDeleteResponse, Unit): ...

    class Error(CacheDeleteResponse, ErrorVariant): ...

"""Responses of ``list_retain`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheListRetainResponse(CacheResponse):
    """``CacheListRetain.Success`` (also when the list is absent) or ``.Error``."""


class CacheListRetain:
    class Success(CacheListRetainResponse, Unit): ...

    class Error(CacheListRetainResponse, ErrorVariant): ...

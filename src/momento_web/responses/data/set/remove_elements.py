"""Responses of ``set_remove_elements``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetRemoveElementsResponse(CacheResponse):
    """``CacheSetRemoveElements.Success`` (also when nothing was there) or ``.Error``."""


class CacheSetRemoveElements:
    class Success(CacheSetRemoveElementsResponse, Unit): ...

    class Error(CacheSetRemoveElementsResponse, ErrorVariant): ...

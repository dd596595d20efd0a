"""Responses of ``sorted_set_remove_elements``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetRemoveElementsResponse(CacheResponse):
    """``CacheSortedSetRemoveElements.Success`` (also when nothing was there) or ``.Error``."""


class CacheSortedSetRemoveElements:
    class Success(CacheSortedSetRemoveElementsResponse, Unit): ...

    class Error(CacheSortedSetRemoveElementsResponse, ErrorVariant): ...

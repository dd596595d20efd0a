"""Responses of ``sorted_set_remove_element``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetRemoveElementResponse(CacheResponse):
    """``CacheSortedSetRemoveElement.Success`` (also when nothing was there) or ``.Error``."""


class CacheSortedSetRemoveElement:
    class Success(CacheSortedSetRemoveElementResponse, Unit): ...

    class Error(CacheSortedSetRemoveElementResponse, ErrorVariant): ...

"""Responses of ``sorted_set_put_elements``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetPutElementsResponse(CacheResponse):
    """``CacheSortedSetPutElements.Success`` or ``.Error``."""


class CacheSortedSetPutElements:
    class Success(CacheSortedSetPutElementsResponse, Unit): ...

    class Error(CacheSortedSetPutElementsResponse, ErrorVariant): ...

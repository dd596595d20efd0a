"""Responses of ``sorted_set_put_element``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetPutElementResponse(CacheResponse):
    """``CacheSortedSetPutElement.Success`` or ``.Error``."""


class CacheSortedSetPutElement:
    class Success(CacheSortedSetPutElementResponse, Unit): ...

    class Error(CacheSortedSetPutElementResponse, ErrorVariant): ...

"""Responses of ``set_add_elements``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetAddElementsResponse(CacheResponse):
    """``CacheSetAddElements.Success`` or ``.Error``."""


class CacheSetAddElements:
    class Success(CacheSetAddElementsResponse, Unit): ...

    class Error(CacheSetAddElementsResponse, ErrorVariant): ...

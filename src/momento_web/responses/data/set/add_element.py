"""Responses of ``set_add_element``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetAddElementResponse(CacheResponse):
    """``CacheSetAddElement.Success`` or ``.Error``."""


class CacheSetAddElement:
    class Success(CacheSetAddElementResponse, Unit): ...

    class Error(CacheSetAddElementResponse, ErrorVariant): ...

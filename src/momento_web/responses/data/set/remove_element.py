"""Responses of ``set_remove_element``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetRemoveElementResponse(CacheResponse):
    """``CacheSetRemoveElement.Success`` (also when nothing was there) or ``.Error``."""


class CacheSetRemoveElement:
    class Success(CacheSetRemoveElementResponse, Unit): ...

    class Error(CacheSetRemoveElementResponse, ErrorVariant): ...

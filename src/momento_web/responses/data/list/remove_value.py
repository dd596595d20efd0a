"""Responses of ``list_remove_value``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheListRemoveValueResponse(CacheResponse):
    """``CacheListRemoveValue.Success`` (also when the list or value is absent) or ``.Error``."""


class CacheListRemoveValue:
    class Success(CacheListRemoveValueResponse, Unit): ...

    class Error(CacheListRemoveValueResponse, ErrorVariant): ...

"""Responses of ``list_push_front``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheListPushFrontResponse(CacheResponse):
    """``CacheListPushFront.Success(list_length)`` or ``.Error``."""


class CacheListPushFront:
    @dataclass(frozen=True)
    class Success(CacheListPushFrontResponse):
        list_length: int

    class Error(CacheListPushFrontResponse, ErrorVariant): ...

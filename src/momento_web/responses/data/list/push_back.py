"""Responses of ``list_push_back``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheListPushBackResponse(CacheResponse):
    """``CacheListPushBack.Success(list_length)`` or ``.Error``."""


class CacheListPushBack:
    @dataclass(frozen=True)
    class Success(CacheListPushBackResponse):
        list_length: int

    class Error(CacheListPushBackResponse, ErrorVariant): ...

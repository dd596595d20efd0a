"""Responses of ``list_concatenate_front``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheListConcatenateFrontResponse(CacheResponse):
    """``CacheListConcatenateFront.Success(list_length)`` or ``.Error``."""


class CacheListConcatenateFront:
    @dataclass(frozen=True)
    class Success(CacheListConcatenateFrontResponse):
        list_length: int

    class Error(CacheListConcatenateFrontResponse, ErrorVariant): ...

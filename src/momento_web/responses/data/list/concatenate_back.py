"""Responses of ``list_concatenate_back``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheListConcatenateBackResponse(CacheResponse):
    """``CacheListConcatenateBack.Success(list_length)`` or ``.Error``."""


class CacheListConcatenateBack:
    @dataclass(frozen=True)
    class Success(CacheListConcatenateBackResponse):
        list_length: int

    class Error(CacheListConcatenateBackResponse, ErrorVariant): ...

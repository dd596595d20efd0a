"""Responses of ``increment``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheIncrementResponse(CacheResponse):
    """``CacheIncrement.Success`` with the value after the increment, or ``CacheIncrement.Error``."""


class CacheIncrement:
    @dataclass(frozen=True)
    class Success(CacheIncrementResponse):
        value: int

    class Error(CacheIncrementResponse, ErrorVariant): ...

"""Responses of ``dictionary_increment``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheDictionaryIncrementResponse(CacheResponse):
    """``CacheDictionaryIncrement.Success`` with the field's new value, or ``.Error``."""


class CacheDictionaryIncrement:
    @dataclass(frozen=True)
    class Success(CacheDictionaryIncrementResponse):
        value: int

    class Error(CacheDictionaryIncrementResponse, ErrorVariant): ...

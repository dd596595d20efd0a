"""Responses of ``sorted_set_length`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetLengthResponse(CacheResponse):
    """``CacheSortedSetLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetLength:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetLengthResponse):
        length: int

    class Miss(CacheSortedSetLengthResponse, Unit): ...

    class Error(CacheSortedSetLengthResponse, ErrorVariant): ...

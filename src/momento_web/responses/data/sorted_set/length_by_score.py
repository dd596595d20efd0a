"""Responses of ``sorted_set_length_by_score`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetLengthByScoreResponse(CacheResponse):
    """``CacheSortedSetLengthByScore.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetLengthByScore:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetLengthByScoreResponse):
        length: int

    class Miss(CacheSortedSetLengthByScoreResponse, Unit): ...

    class Error(CacheSortedSetLengthByScoreResponse, ErrorVariant): ...

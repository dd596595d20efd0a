"""Responses of ``sorted_set_increment_score``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheSortedSetIncrementScoreResponse(CacheResponse):
    """``CacheSortedSetIncrementScore.Success(score)`` (the new score) or ``.Error``."""


class CacheSortedSetIncrementScore:
    @dataclass(frozen=True)
    class Success(CacheSortedSetIncrementScoreResponse):
        score: float

    class Error(CacheSortedSetIncrementScoreResponse, ErrorVariant): ...

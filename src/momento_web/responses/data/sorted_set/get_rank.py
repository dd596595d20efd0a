"""Responses of ``sorted_set_get_rank``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetGetRankResponse(CacheResponse):
    """``CacheSortedSetGetRank.Hit(rank)``, ``.Miss`` (no such set or element) or ``.Error``."""


class CacheSortedSetGetRank:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetGetRankResponse):
        rank: int

    class Miss(CacheSortedSetGetRankResponse, Unit): ...

    class Error(CacheSortedSetGetRankResponse, ErrorVariant): ...

"""Responses of ``sorted_set_get_score``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheSortedSetGetScoreResponse(CacheResponse):
    """``CacheSortedSetGetScore.Hit(value_bytes, score)``, ``.Miss(value_bytes)`` or ``.Error``."""


class CacheSortedSetGetScore:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetGetScoreResponse, ValueStringMixin):
        value_bytes: bytes
        score: float

    @dataclass(frozen=True)
    class Miss(CacheSortedSetGetScoreResponse, ValueStringMixin):
        value_bytes: bytes

    class Error(CacheSortedSetGetScoreResponse, ErrorVariant): ...

"""Responses of ``sorted_set_get_scores``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data.sorted_set.get_score import CacheSortedSetGetScore, CacheSortedSetGetScoreResponse
from momento_web.responses.response import CacheResponse


class CacheSortedSetGetScoresResponse(CacheResponse):
    """``CacheSortedSetGetScores.Hit(responses)``, ``.Miss`` (no such set) or ``.Error``."""


class CacheSortedSetGetScores:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetGetScoresResponse):
        """One ``CacheSortedSetGetScore`` result per requested value; the dictionaries hold the hits only."""

        responses: list[CacheSortedSetGetScoreResponse]

        @property
        def value_dictionary_bytes(self) -> dict[bytes, float]:
            return {
                response.value_bytes: response.score
                for response in self.responses
                if isinstance(response, CacheSortedSetGetScore.Hit)
            }

        @property
        def value_dictionary_string(self) -> dict[str, float]:
            return {value.decode("utf-8"): score for value, score in self.value_dictionary_bytes.items()}

    class Miss(CacheSortedSetGetScoresResponse, Unit): ...

    class Error(CacheSortedSetGetScoresResponse, ErrorVariant): ...

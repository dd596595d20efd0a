"""Responses of sorted set operations. Scores are floats; ranks are 0-based in the requested order."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheSortedSetFetchResponse(CacheResponse):
    """``CacheSortedSetFetch.Hit(value_list_bytes)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetFetch:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetFetchResponse):
        """``(value, score)`` pairs in the requested order."""

        value_list_bytes: list[tuple[bytes, float]]

        @property
        def value_list_string(self) -> list[tuple[str, float]]:
            return [(value.decode("utf-8"), score) for value, score in self.value_list_bytes]

    class Miss(CacheSortedSetFetchResponse, Unit): ...

    class Error(CacheSortedSetFetchResponse, ErrorVariant): ...


class CacheSortedSetGetRankResponse(CacheResponse):
    """``CacheSortedSetGetRank.Hit(rank)``, ``.Miss`` (no such set or element) or ``.Error``."""


class CacheSortedSetGetRank:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetGetRankResponse):
        rank: int

    class Miss(CacheSortedSetGetRankResponse, Unit): ...

    class Error(CacheSortedSetGetRankResponse, ErrorVariant): ...


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


class CacheSortedSetIncrementScoreResponse(CacheResponse):
    """``CacheSortedSetIncrementScore.Success(score)`` (the new score) or ``.Error``."""


class CacheSortedSetIncrementScore:
    @dataclass(frozen=True)
    class Success(CacheSortedSetIncrementScoreResponse):
        score: float

    class Error(CacheSortedSetIncrementScoreResponse, ErrorVariant): ...


class CacheSortedSetPutElementResponse(CacheResponse):
    """``CacheSortedSetPutElement.Success`` or ``.Error``."""


class CacheSortedSetPutElement:
    class Success(CacheSortedSetPutElementResponse, Unit): ...

    class Error(CacheSortedSetPutElementResponse, ErrorVariant): ...


class CacheSortedSetPutElementsResponse(CacheResponse):
    """``CacheSortedSetPutElements.Success`` or ``.Error``."""


class CacheSortedSetPutElements:
    class Success(CacheSortedSetPutElementsResponse, Unit): ...

    class Error(CacheSortedSetPutElementsResponse, ErrorVariant): ...


class CacheSortedSetRemoveElementResponse(CacheResponse):
    """``CacheSortedSetRemoveElement.Success`` (also when nothing was there) or ``.Error``."""


class CacheSortedSetRemoveElement:
    class Success(CacheSortedSetRemoveElementResponse, Unit): ...

    class Error(CacheSortedSetRemoveElementResponse, ErrorVariant): ...


class CacheSortedSetRemoveElementsResponse(CacheResponse):
    """``CacheSortedSetRemoveElements.Success`` (also when nothing was there) or ``.Error``."""


class CacheSortedSetRemoveElements:
    class Success(CacheSortedSetRemoveElementsResponse, Unit): ...

    class Error(CacheSortedSetRemoveElementsResponse, ErrorVariant): ...


class CacheSortedSetLengthResponse(CacheResponse):
    """``CacheSortedSetLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetLength:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetLengthResponse):
        length: int

    class Miss(CacheSortedSetLengthResponse, Unit): ...

    class Error(CacheSortedSetLengthResponse, ErrorVariant): ...


class CacheSortedSetLengthByScoreResponse(CacheResponse):
    """``CacheSortedSetLengthByScore.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetLengthByScore:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetLengthByScoreResponse):
        length: int

    class Miss(CacheSortedSetLengthByScoreResponse, Unit): ...

    class Error(CacheSortedSetLengthByScoreResponse, ErrorVariant): ...


class CacheSortedSetUnionStoreResponse(CacheResponse):
    """``CacheSortedSetUnionStore.Success(length)`` (elements stored) or ``.Error``."""


class CacheSortedSetUnionStore:
    @dataclass(frozen=True)
    class Success(CacheSortedSetUnionStoreResponse):
        length: int

    class Error(CacheSortedSetUnionStoreResponse, ErrorVariant): ...

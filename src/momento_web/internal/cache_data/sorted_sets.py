"""Sorted sets: distinct values with float scores, ordered by score and then by value bytes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.errors import InvalidArgumentException
from momento_web.internal.cache_data._base import DataClient, bound, outcome, parts, unexpected
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.validation import (
    as_bytes,
    as_bytes_list,
    as_scored_values,
    require,
    validate_bound,
    validate_name,
    validate_number,
    validate_optional_int,
    validate_score,
)
from momento_web.requests import CollectionTtl, SortedSetAggregate, SortedSetSource, SortOrder
from momento_web.typing import TSortedSetElements
from momento_web.wire.protobuf import Enum

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.sorted_set import (
        CacheSortedSetFetchResponse,
        CacheSortedSetGetRankResponse,
        CacheSortedSetGetScoreResponse,
        CacheSortedSetGetScoresResponse,
        CacheSortedSetIncrementScoreResponse,
        CacheSortedSetLengthByScoreResponse,
        CacheSortedSetLengthResponse,
        CacheSortedSetPutElementResponse,
        CacheSortedSetPutElementsResponse,
        CacheSortedSetRemoveElementResponse,
        CacheSortedSetRemoveElementsResponse,
        CacheSortedSetUnionStoreResponse,
    )

_FROM_CACHE_TTL = CollectionTtl.from_cache_ttl()
_AGGREGATES = {
    SortedSetAggregate.SUM: pb._SortedSetUnionStoreRequest.SUM,
    SortedSetAggregate.MIN: pb._SortedSetUnionStoreRequest.MIN,
    SortedSetAggregate.MAX: pb._SortedSetUnionStoreRequest.MAX,
}


def _name(sorted_set_name: str) -> bytes:
    return validate_name(sorted_set_name, "Sorted set").encode("utf-8")


def _order(sort_order: object, order: type[Enum]) -> int:
    """The request's ``Order`` by name (the fetch and rank requests each have an enum with these names)."""
    if not isinstance(sort_order, SortOrder):
        raise InvalidArgumentException(f"sort_order must be a SortOrder. Given type: {type(sort_order)}", Service.CACHE)
    return order.Value(sort_order.name)


def _optional_bound(score: object, what: str) -> float | None:
    return None if score is None else validate_bound(score, what)


def _score_range(min_score: object, max_score: object) -> tuple[float | None, float | None]:
    low, high = _optional_bound(min_score, "min_score"), _optional_bound(max_score, "max_score")
    if low is not None and high is not None:
        require(low <= high, "minScore must be less than or equal to maxScore")
    return low, high


def _ranks(start_rank: object, end_rank: object) -> dict[str, Any]:
    """``_ByIndex`` keyword arguments, validated with the JS SDK's rules and messages."""
    start = validate_optional_int(start_rank, "start_rank")
    end = validate_optional_int(end_rank, "end_rank")
    if start is not None and end is not None:
        require(not (start > 0 and end > 0 and start > end), "start rank must be less than end rank")
        require(not (start < 0 and end < 0 and start >= end), "negative start rank must be less than negative end rank")
    return {
        **bound(start, "inclusive_start_index", "unbounded_start"),
        **bound(end, "exclusive_end_index", "unbounded_end"),
    }


def _score_bound(score: float | None, field: str, unbounded_field: str) -> dict[str, Any]:
    inclusive = None if score is None else pb._SortedSetFetchRequest._ByScore._Score(score=score, exclusive=False)
    return bound(inclusive, field, unbounded_field)


class SortedSetMethods(DataClient):
    @errors_as_values()
    async def sorted_set_put_element(
        self,
        cache_name: str,
        sorted_set_name: str,
        value: str | bytes,
        score: float,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheSortedSetPutElementResponse:
        """Add ``value`` with ``score`` (a float, as in momento, not NaN), or change its score; creates the set if
        needed."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        value_bytes = as_bytes(value)
        await self._put(cache, name, [(value_bytes, validate_score(score))], ttl)
        return responses.CacheSortedSetPutElement.Success()

    @errors_as_values()
    async def sorted_set_put_elements(
        self,
        cache_name: str,
        sorted_set_name: str,
        elements: TSortedSetElements,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheSortedSetPutElementsResponse:
        """Add or re-score values: a mapping of value to score (as in momento) or ``(value, score)`` pairs.
        Scores must be floats, as in momento (an int is rejected), and not NaN."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        await self._put(cache, name, as_scored_values(elements), ttl)
        return responses.CacheSortedSetPutElements.Success()

    @errors_as_values()
    async def sorted_set_increment_score(
        self,
        cache_name: str,
        sorted_set_name: str,
        value: str | bytes,
        score: float = 1.0,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheSortedSetIncrementScoreResponse:
        """Add ``score`` (may be negative) to the score of ``value`` (absent counts as 0); returns the new score.
        ``score`` must be a float, as in momento (an int is rejected), and not NaN; it is checked before ``value``,
        as momento does."""
        cache, name, amount = self._cache(cache_name), _name(sorted_set_name), validate_score(score)
        request = pb._SortedSetIncrementRequest(
            set_name=name, value=as_bytes(value), amount=amount, **self._collection_ttl(ttl)
        )
        reply = await self._send(cache, "SortedSetIncrement", request, pb._SortedSetIncrementResponse)
        return responses.CacheSortedSetIncrementScore.Success(reply.score)

    @errors_as_values()
    async def sorted_set_remove_element(
        self, cache_name: str, sorted_set_name: str, value: str | bytes
    ) -> CacheSortedSetRemoveElementResponse:
        """Remove ``value``; the set disappears with its last element."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        await self._remove(cache, name, [as_bytes(value)])
        return responses.CacheSortedSetRemoveElement.Success()

    @errors_as_values()
    async def sorted_set_remove_elements(
        self, cache_name: str, sorted_set_name: str, values: Iterable[str | bytes]
    ) -> CacheSortedSetRemoveElementsResponse:
        """Remove ``values``; the set disappears with its last element."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        await self._remove(cache, name, as_bytes_list(values, "sorted set values"))
        return responses.CacheSortedSetRemoveElements.Success()

    @errors_as_values()
    async def sorted_set_fetch_by_rank(
        self,
        cache_name: str,
        sorted_set_name: str,
        start_rank: int | None = None,
        end_rank: int | None = None,
        sort_order: SortOrder = SortOrder.ASCENDING,
    ) -> CacheSortedSetFetchResponse:
        """Elements with ranks ``[start_rank, end_rank)`` in ``sort_order`` (negative = from the end, None =
        unbounded, 0 is rank 0: the JS SDK's ``endRank: 0`` fetches everything), or ``Miss``."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        by_index = pb._SortedSetFetchRequest._ByIndex(**_ranks(start_rank, end_rank))
        return await self._fetch(cache, name, sort_order, by_index=by_index)

    @errors_as_values()
    async def sorted_set_fetch_by_score(
        self,
        cache_name: str,
        sorted_set_name: str,
        min_score: float | None = None,
        max_score: float | None = None,
        sort_order: SortOrder = SortOrder.ASCENDING,
        offset: int | None = None,
        count: int | None = None,
    ) -> CacheSortedSetFetchResponse:
        """Elements with ``min_score <= score <= max_score`` (None = unbounded) in ``sort_order``, skipping
        ``offset`` and returning at most ``count`` of them; or ``Miss``."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        low, high = _score_range(min_score, max_score)
        skip = validate_optional_int(offset, "offset")
        require(skip is None or skip >= 0, "offset must be non-negative (>= 0)")
        limit = validate_optional_int(count, "count")
        require(limit is None or limit >= 0, "count must be non-negative (>= 0)")
        by_score = pb._SortedSetFetchRequest._ByScore(
            **_score_bound(low, "min_score", "unbounded_min"), **_score_bound(high, "max_score", "unbounded_max"),
            offset=skip or 0, count=-1 if limit is None else limit,
        )  # fmt: skip
        return await self._fetch(cache, name, sort_order, by_score=by_score)

    @errors_as_values()
    async def sorted_set_get_rank(
        self,
        cache_name: str,
        sorted_set_name: str,
        value: str | bytes,
        sort_order: SortOrder = SortOrder.ASCENDING,
    ) -> CacheSortedSetGetRankResponse:
        """The 0-based rank of ``value`` in ``sort_order``; ``Miss`` if the set or the value is absent (the
        official Python SDK reports a missing set as an error)."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        request = pb._SortedSetGetRankRequest(
            set_name=name,
            value=as_bytes(value, "sorted set value"),
            order=_order(sort_order, pb._SortedSetGetRankRequest.Order),
        )
        reply = await self._send(cache, "SortedSetGetRank", request, pb._SortedSetGetRankResponse)
        if outcome(reply, "SortedSetGetRank", "element_rank", "missing") == "missing":
            return responses.CacheSortedSetGetRank.Miss()
        if reply.element_rank.result == pb.Hit:
            return responses.CacheSortedSetGetRank.Hit(reply.element_rank.rank)
        if reply.element_rank.result == pb.Miss:
            return responses.CacheSortedSetGetRank.Miss()
        raise unexpected("SortedSetGetRank", f"result {reply.element_rank.result}")

    @errors_as_values()
    async def sorted_set_get_score(
        self, cache_name: str, sorted_set_name: str, value: str | bytes
    ) -> CacheSortedSetGetScoreResponse:
        """The score of ``value``: ``Hit``, or ``Miss`` (carrying the value) if the set or value is absent."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        value_bytes = as_bytes(value)
        found_scores = await self._scores(cache, name, [value_bytes])
        return responses.CacheSortedSetGetScore.Miss(value_bytes) if found_scores is None else found_scores[0]

    @errors_as_values()
    async def sorted_set_get_scores(
        self, cache_name: str, sorted_set_name: str, values: Iterable[str | bytes]
    ) -> CacheSortedSetGetScoresResponse:
        """The scores of ``values``, in order (a ``Hit`` or ``Miss`` each); ``Miss`` if there is no set.

        Values stay bytes (the JS SDK's ``valueRecord`` re-decodes them and mangles non-UTF-8 values).
        """
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        found_scores = await self._scores(cache, name, as_bytes_list(values, "sorted set values"))
        return (
            responses.CacheSortedSetGetScores.Miss()
            if found_scores is None
            else responses.CacheSortedSetGetScores.Hit(found_scores)
        )

    @errors_as_values()
    async def sorted_set_length(self, cache_name: str, sorted_set_name: str) -> CacheSortedSetLengthResponse:
        """The number of elements, or ``Miss``.
        A reply of length 0 is ``Hit(0)``; the JS web SDK turns it into ``Miss``, a bug not copied here."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        request = pb._SortedSetLengthRequest(set_name=name)
        found = await self._found(cache, "SortedSetLength", request, pb._SortedSetLengthResponse)
        return (
            responses.CacheSortedSetLength.Miss() if found is None else responses.CacheSortedSetLength.Hit(found.length)
        )

    @errors_as_values()
    async def sorted_set_length_by_score(
        self,
        cache_name: str,
        sorted_set_name: str,
        min_score: float | None = None,
        max_score: float | None = None,
    ) -> CacheSortedSetLengthByScoreResponse:
        """The number of elements with ``min_score <= score <= max_score`` (None = unbounded), or ``Miss``.
        A reply of length 0 is ``Hit(0)``; the JS web SDK turns it into ``Miss``, a bug not copied here."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        low, high = _score_range(min_score, max_score)
        request = pb._SortedSetLengthByScoreRequest(
            set_name=name,
            **bound(low, "inclusive_min", "unbounded_min"), **bound(high, "inclusive_max", "unbounded_max"),
        )  # fmt: skip
        found = await self._found(cache, "SortedSetLengthByScore", request, pb._SortedSetLengthByScoreResponse)
        return (
            responses.CacheSortedSetLengthByScore.Miss()
            if found is None
            else responses.CacheSortedSetLengthByScore.Hit(found.length)
        )

    @errors_as_values()
    async def sorted_set_union_store(
        self,
        cache_name: str,
        sorted_set_name: str,
        sources: Iterable[SortedSetSource],
        aggregate: SortedSetAggregate = SortedSetAggregate.SUM,
        ttl: timedelta | None = None,
    ) -> CacheSortedSetUnionStoreResponse:
        """Replace ``sorted_set_name`` with the union of ``sources`` (sorted sets of this cache; each score is
        multiplied by its source's weight, and a value in several sources gets the ``aggregate`` of its
        scores). The result lives for ``ttl`` (None = the client's default); an empty union deletes it."""
        cache, name = self._cache(cache_name), _name(sorted_set_name)
        require(isinstance(aggregate, SortedSetAggregate), f"aggregate must be a SortedSetAggregate: {aggregate!r}")
        request = pb._SortedSetUnionStoreRequest(
            set_name=name, sources=_sources(sources), aggregate=_AGGREGATES[aggregate], ttl_milliseconds=self._ttl(ttl),
        )  # fmt: skip
        reply = await self._send(cache, "SortedSetUnionStore", request, pb._SortedSetUnionStoreResponse)
        return responses.CacheSortedSetUnionStore.Success(reply.length)

    async def _put(self, cache: str, name: bytes, elements: list[tuple[bytes, float]], ttl: CollectionTtl) -> None:
        request = pb._SortedSetPutRequest(
            set_name=name,
            elements=[pb._SortedSetElement(value=value, score=score) for value, score in elements],
            **self._collection_ttl(ttl),
        )
        await self._send(cache, "SortedSetPut", request, pb._SortedSetPutResponse)

    async def _remove(self, cache: str, name: bytes, values: list[bytes]) -> None:
        some = pb._SortedSetRemoveRequest._Some(values=values)
        request = pb._SortedSetRemoveRequest(set_name=name, some=some)
        await self._send(cache, "SortedSetRemove", request, pb._SortedSetRemoveResponse)

    async def _fetch(
        self, cache: str, name: bytes, sort_order: SortOrder, **range_: Any
    ) -> CacheSortedSetFetchResponse:
        request = pb._SortedSetFetchRequest(
            set_name=name,
            order=_order(sort_order, pb._SortedSetFetchRequest.Order),
            with_scores=True,
            **range_,
        )
        found = await self._found(cache, "SortedSetFetch", request, pb._SortedSetFetchResponse)
        if found is None:
            return responses.CacheSortedSetFetch.Miss()
        if found.WhichOneof("elements") == "values":  # only without scores, which we never ask for
            raise unexpected("SortedSetFetch", "values without scores")
        return responses.CacheSortedSetFetch.Hit([(e.value, e.score) for e in found.values_with_scores.elements])

    async def _scores(
        self, cache: str, name: bytes, values: list[bytes]
    ) -> list[CacheSortedSetGetScoreResponse] | None:
        """Per value a ``Hit`` or ``Miss``; None if there is no set."""
        request = pb._SortedSetGetScoreRequest(set_name=name, values=values)
        found = await self._found(cache, "SortedSetGetScore", request, pb._SortedSetGetScoreResponse)
        if found is None:
            return None
        score = responses.CacheSortedSetGetScore
        return parts(
            "SortedSetGetScore", values, found.elements, lambda value, part: score.Hit(value, part.score), score.Miss
        )


def _sources(sources: object) -> list[pb._SortedSetUnionStoreRequest._Source]:
    if not isinstance(sources, Iterable) or isinstance(sources, str | bytes):
        raise InvalidArgumentException(f"sources must be SortedSetSource objects, not {type(sources)}", Service.CACHE)
    result = []
    for source in sources:
        if not isinstance(source, SortedSetSource):
            raise InvalidArgumentException(
                f"sources must be SortedSetSource objects, not {type(source)}", Service.CACHE
            )
        weight = validate_number(source.weight, "weight")  # NaN fails isfinite, with the JS SDK's message
        require(math.isfinite(weight), "weight must be a finite number")
        name = _name(source.sorted_set_name)
        result.append(pb._SortedSetUnionStoreRequest._Source(set_name=name, weight=weight))
    require(bool(result), "At least one sources is required")
    return result

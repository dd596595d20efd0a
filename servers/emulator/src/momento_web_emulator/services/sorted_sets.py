"""``cache_client.Scs`` sorted set RPCs: order by score then value bytes; ranks in the requested order."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from momento_web._messages import cacheclient as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.datatypes import ItemKind, ScoreBound, SortedSetValue
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._common import require_ttl
from momento_web_emulator.services._data import (
    SERVICE,
    DataService,
    found,
    growth,
    length_reply,
    member,
    missing,
    remove_members,
    ttl_of,
)

_DESCENDING = pb._SortedSetFetchRequest.DESCENDING
_AGGREGATES: dict[int, Callable[[list[float]], float]] = {
    pb._SortedSetUnionStoreRequest.SUM: sum,
    pb._SortedSetUnionStoreRequest.MIN: min,
    pb._SortedSetUnionStoreRequest.MAX: max,
}


class SortedSetService(DataService):
    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{SERVICE}/SortedSetPut", pb._SortedSetPutRequest, self.put),
            unary(f"{SERVICE}/SortedSetIncrement", pb._SortedSetIncrementRequest, self.increment),
            unary(f"{SERVICE}/SortedSetRemove", pb._SortedSetRemoveRequest, self.remove),
            unary(f"{SERVICE}/SortedSetFetch", pb._SortedSetFetchRequest, self.fetch),
            unary(f"{SERVICE}/SortedSetGetScore", pb._SortedSetGetScoreRequest, self.get_score),
            unary(f"{SERVICE}/SortedSetGetRank", pb._SortedSetGetRankRequest, self.get_rank),
            unary(f"{SERVICE}/SortedSetLength", pb._SortedSetLengthRequest, self.length),
            unary(f"{SERVICE}/SortedSetLengthByScore", pb._SortedSetLengthByScoreRequest, self.length_by_score),
            unary(f"{SERVICE}/SortedSetUnionStore", pb._SortedSetUnionStoreRequest, self.union_store),
        ]

    async def put(self, request: pb._SortedSetPutRequest, ctx: CallContext) -> pb._SortedSetPutResponse:
        elements = [(element.value, element.score) for element in request.elements]
        cache = self._cache(ctx)
        cache.check_elements(value for value, _ in elements)
        cache.write(
            request.set_name, SortedSetValue, ttl_of(request), lambda z: z.put(elements), growth=growth(request)
        )
        return pb._SortedSetPutResponse()

    async def increment(
        self, request: pb._SortedSetIncrementRequest, ctx: CallContext
    ) -> pb._SortedSetIncrementResponse:
        cache = self._cache(ctx)
        cache.check_elements([request.value])
        score = cache.write(
            request.set_name, SortedSetValue, ttl_of(request), lambda z: z.increment(request.value, request.amount),
            growth=growth(request),
        )  # fmt: skip
        return pb._SortedSetIncrementResponse(score=score)

    async def remove(self, request: pb._SortedSetRemoveRequest, ctx: CallContext) -> pb._SortedSetRemoveResponse:
        values = request.some.values
        remove_members(self._cache(ctx), request.set_name, SortedSetValue, request, "remove_elements", values)
        return pb._SortedSetRemoveResponse()

    async def fetch(self, request: pb._SortedSetFetchRequest, ctx: CallContext) -> pb._SortedSetFetchResponse:
        elements = self._cache(ctx).collection(request.set_name, SortedSetValue)
        if elements is None:
            return missing(pb._SortedSetFetchResponse)
        descending = request.order == _DESCENDING
        if request.WhichOneof("range") == "by_score":
            by_score = request.by_score
            chosen = elements.by_score(
                _fetch_bound(by_score, "min", "min_score"), _fetch_bound(by_score, "max", "max_score"),
                descending, by_score.offset, by_score.count,
            )  # fmt: skip
        else:  # by index; no range at all means every element
            by_index = request.by_index
            start = member(by_index, "start", "inclusive_start_index")
            end = member(by_index, "end", "exclusive_end_index")
            chosen = elements.by_rank(start, end, descending)
        fetched = pb._SortedSetFetchResponse._Found
        if request.with_scores:
            scored = [pb._SortedSetElement(value=value, score=score) for value, score in chosen]
            return found(pb._SortedSetFetchResponse, values_with_scores=fetched._ValuesWithScores(elements=scored))
        return found(pb._SortedSetFetchResponse, values=fetched._Values(values=[value for value, _ in chosen]))

    async def get_score(self, request: pb._SortedSetGetScoreRequest, ctx: CallContext) -> pb._SortedSetGetScoreResponse:
        elements = self._cache(ctx).collection(request.set_name, SortedSetValue)
        reply = pb._SortedSetGetScoreResponse
        if elements is None:
            return reply(missing=reply._SortedSetMissing())
        part = reply._SortedSetGetScoreResponsePart
        scores = [elements.score(value) for value in request.values]
        parts = [part(result=pb.Miss) if score is None else part(result=pb.Hit, score=score) for score in scores]
        return reply(found=reply._SortedSetFound(elements=parts))

    async def get_rank(self, request: pb._SortedSetGetRankRequest, ctx: CallContext) -> pb._SortedSetGetRankResponse:
        """A missing set or value is ``element_rank{MISS}``, never ``missing`` (the Python SDK errors on that)."""
        elements = self._cache(ctx).collection(request.set_name, SortedSetValue)
        rank = (
            None
            if elements is None
            else elements.rank(request.value, request.order == pb._SortedSetGetRankRequest.DESCENDING)
        )
        part = pb._SortedSetGetRankResponse._RankResponsePart
        result = part(result=pb.Miss) if rank is None else part(result=pb.Hit, rank=rank)
        return pb._SortedSetGetRankResponse(element_rank=result)

    async def length(self, request: pb._SortedSetLengthRequest, ctx: CallContext) -> pb._SortedSetLengthResponse:
        elements = self._cache(ctx).collection(request.set_name, SortedSetValue)
        return length_reply(pb._SortedSetLengthResponse, elements)

    async def length_by_score(
        self, request: pb._SortedSetLengthByScoreRequest, ctx: CallContext
    ) -> pb._SortedSetLengthByScoreResponse:
        elements = self._cache(ctx).collection(request.set_name, SortedSetValue)
        if elements is None:
            return missing(pb._SortedSetLengthByScoreResponse)
        low = _length_bound(request, "min", "inclusive_min", "exclusive_min")
        high = _length_bound(request, "max", "inclusive_max", "exclusive_max")
        return found(pb._SortedSetLengthByScoreResponse, length=elements.count_by_score(low, high))

    async def union_store(
        self, request: pb._SortedSetUnionStoreRequest, ctx: CallContext
    ) -> pb._SortedSetUnionStoreResponse:
        if not request.sources:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "SortedSetUnionStore needs at least one source sorted set")
        cache = self._cache(ctx)
        ttl_ms = require_ttl(request.ttl_milliseconds)
        combine = _AGGREGATES.get(request.aggregate, sum)
        weighted: dict[bytes, list[float]] = {}
        for source in request.sources:
            elements = cache.collection(source.set_name, SortedSetValue)
            for value, score in () if elements is None else elements.items():
                weighted.setdefault(value, []).append(_times(score, source.weight))
        # Like Redis: NaN from inf * 0 or inf + -inf counts as 0.
        union = SortedSetValue((value, _not_nan(combine(scores))) for value, scores in weighted.items())
        if len(union) == 0:
            cache.remove(request.set_name)
        else:
            cache.put(request.set_name, ItemKind.SORTED_SET, union, ttl_ms)
        return pb._SortedSetUnionStoreResponse(length=len(union))


def _fetch_bound(by_score: Any, group: str, field: str) -> ScoreBound:
    bound = member(by_score, group, field)
    return None if bound is None else (bound.score, bound.exclusive)


def _length_bound(request: Any, group: str, inclusive: str, exclusive: str) -> ScoreBound:
    chosen = request.WhichOneof(group)
    if chosen == inclusive:
        return getattr(request, inclusive), False
    if chosen == exclusive:
        return getattr(request, exclusive), True
    return None


def _times(score: float, weight: float) -> float:
    return 0.0 if weight == 0 else score * weight


def _not_nan(score: float) -> float:
    return 0.0 if math.isnan(score) else score

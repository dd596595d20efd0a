"""``leaderboard.Leaderboard``: Momento's leaderboards (data in :mod:`..datatypes.leaderboard`).

A leaderboard belongs to the cache named by the ``cache`` header and is an item of that cache's leaderboard
namespace (:meth:`~momento_web_emulator.store.Cache.namespace`): a leaderboard and a cache key of the same name
are different things, while both count against the same memory limits and go with the cache. Like Momento's, a
leaderboard lives seven days after its last upsert; one whose last element is removed is gone (its length is 0).

Batches are bounded as Momento bounds them: at most 8192 elements per upsert or removal, per rank range and per
score-range page; a score-range page of 0 elements means the most, 8192. Protocol: docs/protocol/leaderboards.md.
"""

from __future__ import annotations

import math

from momento_web._messages import common
from momento_web._messages import leaderboard as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.datatypes import LeaderboardValue
from momento_web_emulator.datatypes.leaderboard import Ranked
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._data import DataService, growth
from momento_web_emulator.store import Cache, Ttl

_SERVICE = "/leaderboard.Leaderboard"
NAMESPACE = "leaderboards"
MAX_ELEMENTS = 8192
LEADERBOARD_TTL = Ttl(7 * 24 * 3600 * 1000)  # refreshed by every upsert


class LeaderboardService(DataService):
    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/DeleteLeaderboard", pb._DeleteLeaderboardRequest, self.delete),
            unary(f"{_SERVICE}/UpsertElements", pb._UpsertElementsRequest, self.upsert),
            unary(f"{_SERVICE}/RemoveElements", pb._RemoveElementsRequest, self.remove),
            unary(f"{_SERVICE}/GetLeaderboardLength", pb._GetLeaderboardLengthRequest, self.length),
            unary(f"{_SERVICE}/GetByRank", pb._GetByRankRequest, self.get_by_rank),
            unary(f"{_SERVICE}/GetRank", pb._GetRankRequest, self.get_rank),
            unary(f"{_SERVICE}/GetByScore", pb._GetByScoreRequest, self.get_by_score),
            unary(f"{_SERVICE}/GetCompetitionRank", pb._GetCompetitionRankRequest, self.get_competition_rank),
        ]

    async def delete(self, request: pb._DeleteLeaderboardRequest, ctx: CallContext) -> common._Empty:
        board, key = self._board(request.leaderboard, ctx)
        if board.collection(key, LeaderboardValue) is not None:
            board.remove(key)
        return common._Empty()

    async def upsert(self, request: pb._UpsertElementsRequest, ctx: CallContext) -> common._Empty:
        board, key = self._board(request.leaderboard, ctx)
        elements = [(element.id, element.score) for element in request.elements]
        _batch(len(elements), "elements")
        board.write(key, LeaderboardValue, LEADERBOARD_TTL, lambda lb: lb.upsert(elements), growth=growth(request))
        return common._Empty()

    async def remove(self, request: pb._RemoveElementsRequest, ctx: CallContext) -> common._Empty:
        board, key = self._board(request.leaderboard, ctx)
        _batch(len(request.ids), "ids")
        board.modify(key, LeaderboardValue, lambda lb: lb.remove(request.ids))
        return common._Empty()

    async def length(
        self, request: pb._GetLeaderboardLengthRequest, ctx: CallContext
    ) -> pb._GetLeaderboardLengthResponse:
        leaderboard = self._leaderboard(request.leaderboard, ctx)
        return pb._GetLeaderboardLengthResponse(count=0 if leaderboard is None else len(leaderboard))

    async def get_by_rank(self, request: pb._GetByRankRequest, ctx: CallContext) -> pb._GetByRankResponse:
        if not request.HasField("rank_range"):
            raise _invalid("rank_range is required")
        start, end = request.rank_range.start_inclusive, request.rank_range.end_exclusive
        if end <= start:
            raise _invalid(f"the rank range must not be empty: start rank {start}, end rank {end}")
        if end - start > MAX_ELEMENTS:
            raise _invalid(f"a rank range spans at most {MAX_ELEMENTS} ranks, not {end - start}")
        descending = _descending(request.order)
        leaderboard = self._leaderboard(request.leaderboard, ctx)
        found = [] if leaderboard is None else leaderboard.by_rank(start, end, descending)
        return pb._GetByRankResponse(elements=_ranked(found))

    async def get_rank(self, request: pb._GetRankRequest, ctx: CallContext) -> pb._GetRankResponse:
        _batch(len(request.ids), "ids", allow_none=True)
        descending = _descending(request.order)
        leaderboard = self._leaderboard(request.leaderboard, ctx)
        found = [] if leaderboard is None else leaderboard.ranks(request.ids, descending)
        return pb._GetRankResponse(elements=_ranked(found))

    async def get_by_score(self, request: pb._GetByScoreRequest, ctx: CallContext) -> pb._GetByScoreResponse:
        score_range = request.score_range if request.HasField("score_range") else pb._ScoreRange()
        low = _bound(score_range, "min", "min_inclusive")
        high = _bound(score_range, "max", "max_exclusive")
        if low is not None and high is not None and low > high:
            raise _invalid(f"the minimum score {low} must not exceed the maximum score {high}")
        count = request.limit_elements or MAX_ELEMENTS
        if count > MAX_ELEMENTS:
            raise _invalid(f"a page holds at most {MAX_ELEMENTS} elements, not {count}")
        descending = _descending(request.order)
        leaderboard = self._leaderboard(request.leaderboard, ctx)
        found = [] if leaderboard is None else leaderboard.by_score(low, high, descending, request.offset, count)
        return pb._GetByScoreResponse(elements=_ranked(found))

    async def get_competition_rank(
        self, request: pb._GetCompetitionRankRequest, ctx: CallContext
    ) -> pb._GetCompetitionRankResponse:
        _batch(len(request.ids), "ids", allow_none=True)
        # The one optional order in the protocol: absent means descending (highest score first).
        descending = _descending(request.order) if request.HasField("order") else True
        leaderboard = self._leaderboard(request.leaderboard, ctx)
        found = [] if leaderboard is None else leaderboard.competition_ranks(request.ids, descending)
        return pb._GetCompetitionRankResponse(elements=_ranked(found))

    def _board(self, name: str, ctx: CallContext) -> tuple[Cache, bytes]:
        """The cache's leaderboard namespace (NOT_FOUND for an unknown cache) and the key of ``name``."""
        if not name.strip():
            raise _invalid("leaderboard name must not be empty")
        return self._cache(ctx).namespace(NAMESPACE), name.encode("utf-8")

    def _leaderboard(self, name: str, ctx: CallContext) -> LeaderboardValue | None:
        board, key = self._board(name, ctx)
        return board.collection(key, LeaderboardValue)


def _invalid(message: str) -> GrpcError:
    return GrpcError(StatusCode.INVALID_ARGUMENT, message)


def _batch(size: int, what: str, *, allow_none: bool = False) -> None:
    if size == 0 and not allow_none:
        raise _invalid(f"{what} must not be empty")
    if size > MAX_ELEMENTS:
        raise _invalid(f"at most {MAX_ELEMENTS} {what} per call, not {size}")


def _descending(order: int) -> bool:
    if order not in (pb.ASCENDING, pb.DESCENDING):
        raise _invalid(f"unknown order {order}")
    return order == pb.DESCENDING


def _bound(score_range: pb._ScoreRange, group: str, field: str) -> float | None:
    """The bound set in oneof ``group``; None when unbounded (or unset, which clients never send)."""
    if score_range.WhichOneof(group) != field:
        return None
    value: float = getattr(score_range, field)
    if math.isnan(value):
        raise _invalid("a score bound must be a number, not NaN")
    return value


def _ranked(found: list[Ranked]) -> list[pb._RankedElement]:
    return [pb._RankedElement(id=element_id, score=score, rank=rank) for element_id, score, rank in found]

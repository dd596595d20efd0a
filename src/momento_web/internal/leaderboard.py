"""Leaderboard argument checks and request pieces, with the JS SDKs' validation messages where they have one.

Ids are ``uint32`` on the wire and scores doubles; Momento takes neither NaN nor infinite scores, so those are
refused here rather than sent. Every check raises :class:`InvalidArgumentException`. The server's bounds:
docs/protocol/leaderboards.md#ranges-and-limits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TypeGuard

from momento_web._messages import common
from momento_web._messages import leaderboard as pb
from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service
from momento_web.requests.leaderboard_order import LeaderboardOrder
from momento_web.responses.leaderboard import RankedElement

UINT32_MAX = 2**32 - 1
DEFAULT_COUNT = 8192  # the most one call may fetch, and fetch_by_score's default page
_ORDERS = {LeaderboardOrder.ASCENDING: pb.ASCENDING, LeaderboardOrder.DESCENDING: pb.DESCENDING}
_UNBOUNDED = common._Unbounded()


def invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.CACHE)


def name(value: object, what: str) -> str:
    """A cache or leaderboard name: a string that is not blank (the JS SDKs refuse whitespace-only names)."""
    if not isinstance(value, str):
        raise invalid(f"{what} name must be a string. Given type: {type(value)}")
    if not value.strip():
        raise invalid(f"{what} name must not be empty")
    return value


def element_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= UINT32_MAX:
        raise invalid(f"leaderboard ids must be integers from 0 to {UINT32_MAX}; given: {value!r}")
    return value


def score(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(f"leaderboard scores must be numbers; given type: {type(value)}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the double range
        number = math.inf
    if not math.isfinite(number):
        raise invalid(f"leaderboard scores must be finite numbers; given: {value!r}")
    return number


def elements(value: object) -> list[pb._Element]:
    """``upsert``'s elements: a ``Mapping`` of id to score, at least one."""
    if not isinstance(value, Mapping):
        raise invalid(f"elements must be a Mapping of id to score. Given type: {type(value)}")
    if not value:
        raise invalid("must provide at least one element")
    return [pb._Element(id=element_id(key), score=score(item)) for key, item in value.items()]


def ids(value: object, *, at_least_one: bool) -> list[int]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise invalid(f"ids must be an Iterable of int. Given type: {type(value)}")
    checked = [element_id(item) for item in value]
    if at_least_one and not checked:
        raise invalid("must provide at least one element")
    return checked


def order(value: object) -> int:
    if not isinstance(value, LeaderboardOrder):
        raise invalid(f"order must be a LeaderboardOrder. Given type: {type(value)}")
    return _ORDERS[value]


def score_range(min_score: object, max_score: object) -> pb._ScoreRange:
    """``[min_score, max_score)``; None leaves that end unbounded."""
    low = None if min_score is None else _bound(min_score, "minScore")
    high = None if max_score is None else _bound(max_score, "maxScore")
    if low is not None and high is not None and low > high:
        raise invalid("minScore must be less than or equal to maxScore")
    return pb._ScoreRange(
        min_inclusive=low,
        unbounded_min=_UNBOUNDED if low is None else None,
        max_exclusive=high,
        unbounded_max=_UNBOUNDED if high is None else None,
    )


def _bound(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(f"{what} must be a number; given type: {type(value)}")
    number = float(value)
    if math.isnan(number):
        raise invalid(f"{what} must not be NaN")
    return number


def offset_and_count(offset: object, count: object) -> tuple[int, int]:
    if not _whole(offset) or offset < 0:
        raise invalid("offset must be non-negative (>= 0)")
    if not _whole(count) or count < 1:
        raise invalid("count must be strictly positive (> 0)")
    if offset > UINT32_MAX or count > UINT32_MAX:
        raise invalid(f"offset and count must be at most {UINT32_MAX}")
    return offset, count


def rank_range(start_rank: object, end_rank: object) -> pb._RankRange:
    """``[start_rank, end_rank)``; the JS SDKs' checks (the server refuses empty and over-wide ranges)."""
    if not _whole(start_rank) or not _whole(end_rank):
        raise invalid(f"ranks must be integers. Given types: {type(start_rank)}, {type(end_rank)}")
    if start_rank > 0 and end_rank > 0 and start_rank >= end_rank:
        raise invalid("start rank must be less than end rank")
    if start_rank < 0 or end_rank < 0:
        raise invalid("ranks must be positive")
    if end_rank > UINT32_MAX:
        raise invalid(f"ranks must be at most {UINT32_MAX}")
    return pb._RankRange(start_inclusive=start_rank, end_exclusive=end_rank)


def ranked(reply: pb._GetByRankResponse | pb._GetByScoreResponse | pb._GetRankResponse) -> list[RankedElement]:
    return [RankedElement(element.id, element.score, element.rank) for element in reply.elements]


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)

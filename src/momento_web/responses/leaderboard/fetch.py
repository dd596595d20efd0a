"""Responses of ``Leaderboard.fetch_by_score``, ``fetch_by_rank`` and ``get_rank``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.leaderboard.response import LeaderboardResponse


@dataclass(frozen=True)
class RankedElement:
    """An element of a leaderboard with its rank in the order asked for (0-based)."""

    id: int
    score: float
    rank: int


class LeaderboardFetchResponse(LeaderboardResponse):
    """``LeaderboardFetch.Success(values)`` or ``LeaderboardFetch.Error``."""


class LeaderboardFetch:
    @dataclass(frozen=True)
    class Success(LeaderboardFetchResponse):
        """The elements found, in rank order (``get_rank``: in the order of the ids asked for, those present)."""

        values: list[RankedElement]

    class Error(LeaderboardFetchResponse, ErrorVariant): ...

"""Responses of ``Leaderboard.remove_elements``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.leaderboard.response import LeaderboardResponse


class LeaderboardRemoveElementsResponse(LeaderboardResponse):
    """``LeaderboardRemoveElements.Success`` or ``LeaderboardRemoveElements.Error``."""


class LeaderboardRemoveElements:
    class Success(LeaderboardRemoveElementsResponse, Unit): ...

    class Error(LeaderboardRemoveElementsResponse, ErrorVariant): ...

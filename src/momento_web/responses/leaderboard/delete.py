"""Responses of ``Leaderboard.delete``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.leaderboard.response import LeaderboardResponse


class LeaderboardDeleteResponse(LeaderboardResponse):
    """``LeaderboardDelete.Success`` (also when there was nothing to delete) or ``LeaderboardDelete.Error``."""


class LeaderboardDelete:
    class Success(LeaderboardDeleteResponse, Unit): ...

    class Error(LeaderboardDeleteResponse, ErrorVariant): ...

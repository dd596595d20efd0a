"""Responses of ``Leaderboard.upsert``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.leaderboard.response import LeaderboardResponse


class LeaderboardUpsertResponse(LeaderboardResponse):
    """``LeaderboardUpsert.Success`` or ``LeaderboardUpsert.Error``."""


class LeaderboardUpsert:
    class Success(LeaderboardUpsertResponse, Unit): ...

    class Error(LeaderboardUpsertResponse, ErrorVariant): ...

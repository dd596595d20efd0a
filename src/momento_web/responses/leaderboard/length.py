"""Responses of ``Leaderboard.length``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.leaderboard.response import LeaderboardResponse


class LeaderboardLengthResponse(LeaderboardResponse):
    """``LeaderboardLength.Success(length)`` (0 for a leaderboard that does not exist) or ``.Error``."""


class LeaderboardLength:
    @dataclass(frozen=True)
    class Success(LeaderboardLengthResponse):
        length: int

    class Error(LeaderboardLengthResponse, ErrorVariant): ...

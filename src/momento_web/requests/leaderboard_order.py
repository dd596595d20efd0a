"""The order of a leaderboard's ranks (the JS SDKs' ``LeaderboardOrder``)."""

from __future__ import annotations

from enum import Enum


class LeaderboardOrder(Enum):
    """``ASCENDING``: rank 0 is the lowest score (the default); ``DESCENDING``: rank 0 is the highest."""

    ASCENDING = "ASC"
    DESCENDING = "DESC"

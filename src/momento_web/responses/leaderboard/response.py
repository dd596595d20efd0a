"""Base class of the leaderboard responses."""

from __future__ import annotations

from momento_web.responses.response import Response


class LeaderboardResponse(Response):
    """Responses of operations on a leaderboard."""

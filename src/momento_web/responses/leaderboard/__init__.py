"""Responses of a :class:`~momento_web.leaderboard_client_async.Leaderboard` (Momento Leaderboards, preview):
``from momento_web.responses.leaderboard import LeaderboardFetch, RankedElement, ...``."""

from momento_web.responses.leaderboard.delete import LeaderboardDelete, LeaderboardDeleteResponse
from momento_web.responses.leaderboard.fetch import LeaderboardFetch, LeaderboardFetchResponse, RankedElement
from momento_web.responses.leaderboard.length import LeaderboardLength, LeaderboardLengthResponse
from momento_web.responses.leaderboard.remove_elements import (
    LeaderboardRemoveElements,
    LeaderboardRemoveElementsResponse,
)
from momento_web.responses.leaderboard.response import LeaderboardResponse
from momento_web.responses.leaderboard.upsert import LeaderboardUpsert, LeaderboardUpsertResponse

__all__ = [
    "LeaderboardDelete",
    "LeaderboardDeleteResponse",
    "LeaderboardFetch",
    "LeaderboardFetchResponse",
    "LeaderboardLength",
    "LeaderboardLengthResponse",
    "LeaderboardRemoveElements",
    "LeaderboardRemoveElementsResponse",
    "LeaderboardResponse",
    "LeaderboardUpsert",
    "LeaderboardUpsertResponse",
    "RankedElement",
]

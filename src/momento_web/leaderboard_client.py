"""``PreviewLeaderboardClient``: the synchronous leaderboard client, derived from ``PreviewLeaderboardClientAsync``.

Its :class:`Leaderboard` handles are derived from the async handles the same way and wait on their client's runner
(on CPython its event loop thread; in the browser JSPI), so a handle works exactly as long as its client is open.
"""

from __future__ import annotations

from typing import Any

from momento_web.auth import CredentialProvider
from momento_web.config.leaderboard_configuration import LeaderboardConfiguration
from momento_web.internal.services import Service
from momento_web.internal.synchronous import Runner, SyncClient, blocking
from momento_web.leaderboard_client_async import Leaderboard as LeaderboardAsync
from momento_web.leaderboard_client_async import PreviewLeaderboardClientAsync
from momento_web.requests.leaderboard_order import LeaderboardOrder
from momento_web.responses.leaderboard import RankedElement

__all__ = ["Leaderboard", "LeaderboardOrder", "PreviewLeaderboardClient", "RankedElement"]


class PreviewLeaderboardClient(SyncClient[PreviewLeaderboardClientAsync]):
    """Momento Leaderboards, after the JS SDKs' ``PreviewLeaderboardClient``; its leaderboards' methods return
    responses and never raise.

    ``with PreviewLeaderboardClient(LeaderboardConfigurations.Laptop.latest(), credentials) as client:`` then
    ``board = client.leaderboard("cache", "scores")`` and ``board.upsert({1: 10.0})``.
    """

    _async_class = PreviewLeaderboardClientAsync
    _service = Service.CACHE

    def __init__(self, configuration: LeaderboardConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(PreviewLeaderboardClientAsync(configuration, credential_provider))

    def leaderboard(self, cache_name: str, leaderboard_name: str) -> Leaderboard:
        """The leaderboard ``leaderboard_name`` of ``cache_name`` (created by its first upsert)."""
        return Leaderboard(self._async.leaderboard(cache_name, leaderboard_name), self._runner)


class Leaderboard(SyncClient[Any]):
    """One leaderboard of one cache, from :meth:`PreviewLeaderboardClient.leaderboard`. Every method returns a
    response; none raises. A handle owns nothing: closing its client ends it."""

    _async_class = LeaderboardAsync  # type: ignore[assignment]  # a handle, not a client: only its name is used
    _service = Service.CACHE

    def __init__(self, board: LeaderboardAsync, runner: Runner) -> None:
        # Not SyncClient.__init__: the runner is the client's, and so is closing it.
        self._async = board
        self._runner = runner

    @property
    def cache_name(self) -> str:
        return str(self._async.cache_name)

    @property
    def leaderboard_name(self) -> str:
        return str(self._async.leaderboard_name)

    def __repr__(self) -> str:
        return f"Leaderboard(cache_name={self.cache_name!r}, leaderboard_name={self.leaderboard_name!r})"

    def close(self) -> None:
        """Nothing to release: the client holds the connections (close the client instead)."""

    upsert = blocking(LeaderboardAsync.upsert)
    fetch_by_score = blocking(LeaderboardAsync.fetch_by_score)
    fetch_by_rank = blocking(LeaderboardAsync.fetch_by_rank)
    get_rank = blocking(LeaderboardAsync.get_rank)
    length = blocking(LeaderboardAsync.length)
    remove_elements = blocking(LeaderboardAsync.remove_elements)
    delete = blocking(LeaderboardAsync.delete)

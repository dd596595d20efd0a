"""``PreviewLeaderboardClientAsync``: Momento Leaderboards (preview) over gRPC-web, in the browser or on CPython.

A leaderboard holds ids (integers from 0 to 2**32-1), each with one score, ranked by score: rank 0 is the lowest
score in ascending order, the highest in descending order, and equal scores come in the alphanumerical order of
their ids. It lives in a cache, named by the ``cache`` request header like every data call, on the cache endpoint.

``client.leaderboard(cache_name, leaderboard_name)`` returns a :class:`Leaderboard`, a handle that calls nothing
until used; a bad name comes back as every method's ``Error`` (after the JS SDKs' ``PreviewLeaderboardClient``,
which throws instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from momento_web._messages import common
from momento_web._messages import leaderboard as pb
from momento_web.auth import CredentialProvider
from momento_web.config.leaderboard_configuration import LeaderboardConfiguration
from momento_web.internal import leaderboard as checks
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.requests.leaderboard_order import LeaderboardOrder
from momento_web.responses.leaderboard import (
    LeaderboardDelete,
    LeaderboardDeleteResponse,
    LeaderboardFetch,
    LeaderboardFetchResponse,
    LeaderboardLength,
    LeaderboardLengthResponse,
    LeaderboardRemoveElements,
    LeaderboardRemoveElementsResponse,
    LeaderboardUpsert,
    LeaderboardUpsertResponse,
    RankedElement,
)
from momento_web.wire.protobuf import Message

__all__ = ["Leaderboard", "LeaderboardOrder", "PreviewLeaderboardClientAsync", "RankedElement"]

_SERVICE = "/leaderboard.Leaderboard/"
_ASCENDING = LeaderboardOrder.ASCENDING
R = TypeVar("R", bound=Message)


class PreviewLeaderboardClientAsync(ClientBase):
    """Momento Leaderboards, after the JS SDKs' ``PreviewLeaderboardClient``.

    ``async with PreviewLeaderboardClientAsync(LeaderboardConfigurations.Browser.latest(), credentials) as client:``
    then ``board = client.leaderboard("cache", "scores")`` and ``await board.upsert({1: 10.0})``.
    """

    def __init__(self, configuration: LeaderboardConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(configuration, credential_provider)
        timeout = configuration.get_client_timeout().total_seconds()
        self._data = self._channel(
            credential_provider.cache_url, "leaderboard", timeout=timeout, metadata=self._auth_metadata
        )

    def leaderboard(self, cache_name: str, leaderboard_name: str) -> Leaderboard:
        """The leaderboard ``leaderboard_name`` of ``cache_name`` (created by its first upsert)."""
        return Leaderboard(self._data, cache_name, leaderboard_name)


class Leaderboard:
    """One leaderboard of one cache. Every method returns a response; none raises."""

    def __init__(self, channel: GrpcWebChannel, cache_name: str, leaderboard_name: str) -> None:
        self._channel = channel
        self._cache_name = cache_name
        self._leaderboard_name = leaderboard_name

    @property
    def cache_name(self) -> str:
        return self._cache_name

    @property
    def leaderboard_name(self) -> str:
        return self._leaderboard_name

    def __repr__(self) -> str:
        return f"Leaderboard(cache_name={self._cache_name!r}, leaderboard_name={self._leaderboard_name!r})"

    @errors_as_values(LeaderboardUpsert.Error)
    async def upsert(self, elements: Mapping[int, float]) -> LeaderboardUpsertResponse:
        """Insert or update ``{id: score}`` elements (at least one; Momento takes at most 8192 per call). All
        are written or none."""
        board = self._name()
        request = pb._UpsertElementsRequest(leaderboard=board, elements=checks.elements(elements))
        await self._call("UpsertElements", request, common._Empty)
        return LeaderboardUpsert.Success()

    @errors_as_values(LeaderboardFetch.Error)
    async def fetch_by_score(
        self,
        min_score: float | None = None,
        max_score: float | None = None,
        order: LeaderboardOrder = _ASCENDING,
        offset: int = 0,
        count: int = checks.DEFAULT_COUNT,
    ) -> LeaderboardFetchResponse:
        """Elements with ``min_score <= score < max_score`` (None: unbounded) in ``order``, skipping ``offset``
        of them and returning at most ``count`` (at most 8192); page with ``offset`` until a page is empty."""
        board = self._name()
        score_range = checks.score_range(min_score, max_score)
        offset, count = checks.offset_and_count(offset, count)
        request = pb._GetByScoreRequest(
            leaderboard=board, score_range=score_range, offset=offset, limit_elements=count, order=checks.order(order)
        )
        reply = await self._call("GetByScore", request, pb._GetByScoreResponse)
        return LeaderboardFetch.Success(checks.ranked(reply))

    @errors_as_values(LeaderboardFetch.Error)
    async def fetch_by_rank(
        self, start_rank: int, end_rank: int, order: LeaderboardOrder = _ASCENDING
    ) -> LeaderboardFetchResponse:
        """Elements of ranks ``start_rank`` (inclusive) to ``end_rank`` (exclusive) in ``order``; the range
        spans 1 to 8192 ranks."""
        board = self._name()
        rank_range = checks.rank_range(start_rank, end_rank)
        request = pb._GetByRankRequest(leaderboard=board, rank_range=rank_range, order=checks.order(order))
        reply = await self._call("GetByRank", request, pb._GetByRankResponse)
        return LeaderboardFetch.Success(checks.ranked(reply))

    @errors_as_values(LeaderboardFetch.Error)
    async def get_rank(self, ids: Iterable[int], order: LeaderboardOrder = _ASCENDING) -> LeaderboardFetchResponse:
        """The elements of ``ids`` that are in the leaderboard, with their scores and ranks in ``order``."""
        board = self._name()
        request = pb._GetRankRequest(
            leaderboard=board, ids=checks.ids(ids, at_least_one=False), order=checks.order(order)
        )
        reply = await self._call("GetRank", request, pb._GetRankResponse)
        return LeaderboardFetch.Success(checks.ranked(reply))

    @errors_as_values(LeaderboardLength.Error)
    async def length(self) -> LeaderboardLengthResponse:
        """How many elements the leaderboard holds (0 if it does not exist)."""
        request = pb._GetLeaderboardLengthRequest(leaderboard=self._name())
        reply = await self._call("GetLeaderboardLength", request, pb._GetLeaderboardLengthResponse)
        return LeaderboardLength.Success(reply.count)

    @errors_as_values(LeaderboardRemoveElements.Error)
    async def remove_elements(self, ids: Iterable[int]) -> LeaderboardRemoveElementsResponse:
        """Remove the elements of ``ids`` (at least one; Momento takes at most 8192 per call); absent ids are
        ignored."""
        board = self._name()
        request = pb._RemoveElementsRequest(leaderboard=board, ids=checks.ids(ids, at_least_one=True))
        await self._call("RemoveElements", request, common._Empty)
        return LeaderboardRemoveElements.Success()

    @errors_as_values(LeaderboardDelete.Error)
    async def delete(self) -> LeaderboardDeleteResponse:
        """Delete the leaderboard and all its elements (``Success`` also when it did not exist)."""
        request = pb._DeleteLeaderboardRequest(leaderboard=self._name())
        await self._call("DeleteLeaderboard", request, common._Empty)
        return LeaderboardDelete.Success()

    def _name(self) -> str:
        """The leaderboard's name, once both names are checked (cache name first, as the JS SDKs check)."""
        checks.name(self._cache_name, "cache")
        return checks.name(self._leaderboard_name, "leaderboard")

    async def _call(self, rpc: str, request: Message, response_type: type[R]) -> R:
        return await self._channel.unary(_SERVICE + rpc, request, response_type, cache=self._cache_name)

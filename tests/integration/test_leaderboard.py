"""Leaderboards end to end: the SDK (async and sync) against real emulator processes, in both wire formats: every
method, Momento's ordering (equal scores in the alphanumerical order of their ids), score ranges with an inclusive
min and exclusive max, paging, the 8192 limits, server-side refusals, a missing cache, and permissions under
``--auth`` (a leaderboard is a cache item keyed by its name)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from momento_web import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    LeaderboardConfigurations,
    LeaderboardOrder,
    PreviewLeaderboardClient,
    PreviewLeaderboardClientAsync,
)
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.config import WireFormat
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.leaderboard_client_async import Leaderboard
from momento_web.responses import CacheGet, CacheSet, CreateCache, GenerateDisposableToken
from momento_web.responses.leaderboard import (
    LeaderboardDelete,
    LeaderboardFetch,
    LeaderboardLength,
    LeaderboardRemoveElements,
    LeaderboardUpsert,
    RankedElement,
)
from momento_web.utilities import ExpiresIn
from tests.conftest import AuthEmulator, LocalServer

DESC = LeaderboardOrder.DESCENDING


def _local(server: LocalServer) -> CredentialProvider:
    return CredentialProvider.for_momento_local(server.host, server.port)


@pytest.fixture
async def cache(emulator: LocalServer) -> AsyncIterator[str]:
    name = f"lb-{uuid.uuid4().hex[:8]}"
    config = Configurations.Laptop.latest()
    async with CacheClientAsync(config, _local(emulator), timedelta(minutes=1)) as admin:
        assert await admin.create_cache(name) == CreateCache.Success()
        yield name
        await admin.delete_cache(name)


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def client(request: pytest.FixtureRequest, emulator: LocalServer) -> AsyncIterator[PreviewLeaderboardClientAsync]:
    config = LeaderboardConfigurations.Browser.latest().with_wire_format(request.param)
    async with PreviewLeaderboardClientAsync(config, _local(emulator)) as client:
        yield client


def ids(response: object) -> list[int]:
    assert isinstance(response, LeaderboardFetch.Success), response
    return [element.id for element in response.values]


def error_code(response: object) -> MomentoErrorCode:
    code = getattr(response, "error_code", None)
    assert isinstance(code, MomentoErrorCode), response
    return code


async def test_every_method_round_trips(client: PreviewLeaderboardClientAsync, cache: str) -> None:
    board = client.leaderboard(cache, "scores")
    assert await board.length() == LeaderboardLength.Success(0)
    assert await board.upsert({1: 100.0, 2: 50.0, 3: 75.5, 4: 0}) == LeaderboardUpsert.Success()
    assert await board.upsert({2: 80.0}) == LeaderboardUpsert.Success()  # an update, not a second entry
    assert await board.length() == LeaderboardLength.Success(4)
    assert await board.fetch_by_rank(0, 10) == LeaderboardFetch.Success(
        [RankedElement(4, 0.0, 0), RankedElement(3, 75.5, 1), RankedElement(2, 80.0, 2), RankedElement(1, 100.0, 3)]
    )
    assert await board.fetch_by_rank(1, 3, DESC) == LeaderboardFetch.Success(
        [RankedElement(2, 80.0, 1), RankedElement(3, 75.5, 2)]
    )
    assert await board.get_rank([3, 99, 1], DESC) == LeaderboardFetch.Success(
        [RankedElement(3, 75.5, 2), RankedElement(1, 100.0, 0)]
    )
    assert await board.get_rank([]) == LeaderboardFetch.Success([])
    assert await board.remove_elements([4, 1000]) == LeaderboardRemoveElements.Success()
    assert ids(await board.fetch_by_score()) == [3, 2, 1]
    assert await board.delete() == LeaderboardDelete.Success()
    assert await board.delete() == LeaderboardDelete.Success()
    assert await board.length() == LeaderboardLength.Success(0)
    assert await board.fetch_by_score() == LeaderboardFetch.Success([])


async def test_equal_scores_in_the_alphanumerical_order_of_their_ids(
    client: PreviewLeaderboardClientAsync, cache: str
) -> None:
    board = client.leaderboard(cache, "ties")
    await board.upsert({234: 1.0, 2: 1.0, 123: 1.0, 10: 1.0, 1: 1.0, 5: 2.0, 6: 0.5})
    assert ids(await board.fetch_by_rank(0, 10)) == [6, 1, 10, 123, 2, 234, 5]
    assert ids(await board.fetch_by_score(order=DESC)) == [5, 1, 10, 123, 2, 234, 6]
    ranks = await board.get_rank([2, 5, 6], DESC)
    assert isinstance(ranks, LeaderboardFetch.Success)
    assert [(e.id, e.rank) for e in ranks.values] == [(2, 4), (5, 0), (6, 6)]


async def test_score_ranges_offsets_and_counts(client: PreviewLeaderboardClientAsync, cache: str) -> None:
    board = client.leaderboard(cache, "ranges")
    await board.upsert({i: float(i) for i in range(10)})
    assert ids(await board.fetch_by_score(2, 5)) == [2, 3, 4]  # min inclusive, max exclusive
    assert ids(await board.fetch_by_score(2, 5, DESC)) == [4, 3, 2]
    assert ids(await board.fetch_by_score(min_score=7)) == [7, 8, 9]
    assert ids(await board.fetch_by_score(max_score=2)) == [0, 1]
    assert ids(await board.fetch_by_score(3, 3)) == []
    assert ids(await board.fetch_by_score(offset=2, count=3)) == [2, 3, 4]
    assert ids(await board.fetch_by_score(order=DESC, offset=2, count=3)) == [7, 6, 5]
    assert ids(await board.fetch_by_score(offset=10)) == []
    ranked = await board.fetch_by_score(5, order=DESC, count=2)
    assert ranked == LeaderboardFetch.Success([RankedElement(9, 9.0, 0), RankedElement(8, 8.0, 1)])


async def test_paging_a_big_leaderboard_with_the_8192_default(
    client: PreviewLeaderboardClientAsync, cache: str
) -> None:
    board = client.leaderboard(cache, "big")
    elements = {i: float(i % 1000) for i in range(10_000)}
    for start in range(0, 10_000, 5_000):
        chunk = {i: elements[i] for i in range(start, start + 5_000)}
        assert await board.upsert(chunk) == LeaderboardUpsert.Success()
    assert await board.length() == LeaderboardLength.Success(10_000)
    first = await board.fetch_by_score()
    assert isinstance(first, LeaderboardFetch.Success)
    assert len(first.values) == 8192
    seen = [element.id for element in first.values]
    offset = len(seen)
    while page := ids(await board.fetch_by_score(offset=offset)):
        seen += page
        offset += len(page)
    assert seen == [i for i, _ in sorted(elements.items(), key=lambda item: (item[1], str(item[0])))]
    assert len(ids(await board.fetch_by_rank(1808, 10_000))) == 8192


async def test_the_server_refuses_what_momento_refuses(client: PreviewLeaderboardClientAsync, cache: str) -> None:
    board = client.leaderboard(cache, "limits")
    await board.upsert({1: 1.0})
    refusals = [
        await board.fetch_by_rank(0, 0),  # passes the JS checks, an empty range for the server
        await board.fetch_by_rank(0, 8193),
        await board.fetch_by_score(count=8193),
        await board.upsert(dict.fromkeys(range(8193), 1.0)),
        await board.remove_elements(range(8193)),
    ]
    for refusal in refusals:
        assert error_code(refusal) is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert await board.length() == LeaderboardLength.Success(1)


async def test_a_missing_cache_is_not_found(client: PreviewLeaderboardClientAsync) -> None:
    board = client.leaderboard("no-such-cache", "scores")
    for response in [await board.upsert({1: 1.0}), await board.length(), await board.fetch_by_rank(0, 1)]:
        assert error_code(response) is MomentoErrorCode.NOT_FOUND_ERROR
        assert "A cache with the specified name does not exist" in response.message  # type: ignore[attr-defined]


async def test_leaderboards_and_cache_keys_do_not_clash(
    client: PreviewLeaderboardClientAsync, cache: str, emulator: LocalServer
) -> None:
    async with CacheClientAsync(Configurations.Laptop.latest(), _local(emulator), timedelta(minutes=1)) as keys:
        assert await keys.set(cache, "shared-name", "a value") == CacheSet.Success()
        await client.leaderboard(cache, "shared-name").upsert({1: 1.0})
        assert await keys.get(cache, "shared-name") == CacheGet.Hit(b"a value")
    assert await client.leaderboard(cache, "shared-name").length() == LeaderboardLength.Success(1)


def test_the_sync_client_waits_for_each_answer(emulator: LocalServer) -> None:
    name = f"lb-sync-{uuid.uuid4().hex[:8]}"

    async def control(create: bool) -> object:
        async with CacheClientAsync(Configurations.Laptop.latest(), _local(emulator), timedelta(minutes=1)) as c:
            return await (c.create_cache(name) if create else c.delete_cache(name))

    assert asyncio.run(control(True)) == CreateCache.Success()
    try:
        with PreviewLeaderboardClient(LeaderboardConfigurations.Laptop.latest(), _local(emulator)) as client:
            board = client.leaderboard(name, "sync")
            assert board.upsert({3: 3.0, 1: 1.0}) == LeaderboardUpsert.Success()
            assert board.fetch_by_score(order=DESC) == LeaderboardFetch.Success(
                [RankedElement(3, 3.0, 0), RankedElement(1, 1.0, 1)]
            )
            assert board.length() == LeaderboardLength.Success(2)
            assert error_code(board.fetch_by_rank(3, 2)) is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    finally:
        asyncio.run(control(False))


# --- permissions ------------------------------------------------------------------------------------------------


async def _token(auth_emulator: AuthEmulator, scope: object) -> CredentialProvider:
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
        minted = await auth.generate_disposable_token(scope, ExpiresIn.minutes(5))  # type: ignore[arg-type]
    assert isinstance(minted, GenerateDisposableToken.Success), minted
    return CredentialProvider.from_disposable_token(minted.auth_token)


async def test_a_leaderboard_is_a_cache_item_keyed_by_its_name(auth_emulator: AuthEmulator) -> None:
    cache = f"lb-auth-{uuid.uuid4().hex[:8]}"
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    async with CacheClientAsync(Configurations.Laptop.latest(), super_user, timedelta(minutes=1)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
        try:
            config = LeaderboardConfigurations.Laptop.latest()
            async with PreviewLeaderboardClientAsync(config, super_user) as owner:
                assert await owner.leaderboard(cache, "game-1").upsert({1: 5.0}) == LeaderboardUpsert.Success()
            reader = await _token(auth_emulator, DisposableTokenScopes.cache_key_prefix_read_only(cache, "game-"))
            async with PreviewLeaderboardClientAsync(config, reader) as client:
                allowed: Leaderboard = client.leaderboard(cache, "game-1")
                assert await allowed.length() == LeaderboardLength.Success(1)
                assert ids(await allowed.fetch_by_rank(0, 5)) == [1]
                for denied in [
                    await allowed.upsert({2: 1.0}),
                    await allowed.remove_elements([1]),
                    await allowed.delete(),
                    await client.leaderboard(cache, "other").length(),
                ]:
                    assert error_code(denied) is MomentoErrorCode.PERMISSION_ERROR
        finally:
            await admin.delete_cache(cache)

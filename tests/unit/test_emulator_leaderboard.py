"""The emulator's leaderboards: the data structure against a brute-force model, the service's replies and errors,
its place in the store (a namespace of its own, memory limits, expiry), and its permissions, driven in-process."""

from __future__ import annotations

import math
import random
import tracemalloc
from collections.abc import Awaitable

import pytest
from momento_web_emulator.auth import ANONYMOUS, Principal
from momento_web_emulator.datatypes import InvalidScore, LeaderboardValue
from momento_web_emulator.datatypes.leaderboard import ELEMENT_BYTES, PAYLOAD_BYTES
from momento_web_emulator.grants import Access, Grant, Grants, Selector
from momento_web_emulator.permissions import authorize
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services import translate_error
from momento_web_emulator.services.leaderboard import LEADERBOARD_TTL, NAMESPACE, LeaderboardService
from momento_web_emulator.store import ITEM_OVERHEAD, LimitExceeded, MemoryLimits, Store

from momento_web._messages import common
from momento_web._messages import leaderboard as pb
from momento_web.wire.status import GrpcError, StatusCode

Ranked = tuple[int, float, int]


def model(scores: dict[int, float], descending: bool) -> list[Ranked]:
    """Every element ranked as Momento documents: by score, equal scores by the id's decimal text, both orders."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1] if descending else item[1], str(item[0])))
    return [(element_id, score, rank) for rank, (element_id, score) in enumerate(ordered)]


# --- the data structure -----------------------------------------------------------------------------------------


def test_equal_scores_come_in_the_alphanumerical_order_of_their_ids_in_both_orders() -> None:
    board = LeaderboardValue([(2, 5.0), (234, 5.0), (10, 5.0), (1, 5.0), (123, 5.0), (7, 9.0), (8, 1.0)])
    ascending = [element_id for element_id, _, _ in board.by_rank(0, 10)]
    descending = [element_id for element_id, _, _ in board.by_rank(0, 10, descending=True)]
    assert ascending == [8, 1, 10, 123, 2, 234, 7]
    assert descending == [7, 1, 10, 123, 2, 234, 8]
    assert board.ranks([2, 7, 8], descending=True) == [(2, 5.0, 4), (7, 9.0, 0), (8, 1.0, 6)]
    assert board.competition_ranks([2, 7, 8]) == [(2, 5.0, 1), (7, 9.0, 0), (8, 1.0, 6)]
    assert board.competition_ranks([2, 7, 8], descending=False) == [(2, 5.0, 1), (7, 9.0, 6), (8, 1.0, 0)]


@pytest.mark.parametrize("seed", range(40))
def test_every_read_matches_the_model_through_random_writes(seed: int) -> None:
    rng = random.Random(seed)
    board, scores = LeaderboardValue(), dict[int, float]()
    for _ in range(rng.randint(1, 8)):
        batch = [(rng.randint(0, 60), float(rng.randint(-4, 4)) / 2) for _ in range(rng.randint(1, 40))]
        board.upsert(batch)
        scores.update(batch)
        gone = [rng.randint(0, 60) for _ in range(rng.randint(0, 6))]
        board.remove(gone)
        for element_id in gone:
            scores.pop(element_id, None)
        assert len(board) == len(scores)
        assert board.nbytes == len(scores) * PAYLOAD_BYTES
    for descending in (False, True):
        ranked = model(scores, descending)
        assert board.by_rank(0, 1000, descending) == ranked
        start = rng.randint(0, len(ranked) + 2)
        stop = rng.randint(start, len(ranked) + 4)
        assert board.by_rank(start, stop, descending) == ranked[start:stop]
        asked = [rng.randint(0, 70) for _ in range(12)]
        expected = {element[0]: element for element in ranked if element[0] in asked}
        assert board.ranks(asked, descending) == [expected[i] for i in dict.fromkeys(asked) if i in expected]
        for _ in range(10):
            low = rng.choice([None, -1.5, 0.0, 0.5])
            high = rng.choice([None, -1.0, 0.0, 1.0, 2.5])
            offset, count = rng.randint(0, 6), rng.randint(1, 25)
            within = [e for e in ranked if (low is None or e[1] >= low) and (high is None or e[1] < high)]
            assert board.by_score(low, high, descending, offset, count) == within[offset : offset + count]


def test_a_bulk_upsert_and_single_upserts_reach_the_same_order() -> None:
    rng = random.Random(3)
    elements = [(rng.randrange(2**32), float(rng.randint(0, 50))) for _ in range(500)]
    bulk = LeaderboardValue(elements)
    one_by_one = LeaderboardValue(elements[:10])
    for element in elements[10:]:
        one_by_one.upsert([element])
    assert bulk.by_rank(0, 600) == one_by_one.by_rank(0, 600) == model(dict(elements), False)


def test_scores_must_be_finite_and_a_refused_upsert_changes_nothing() -> None:
    board = LeaderboardValue([(1, 1.0)])
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(InvalidScore):
            board.upsert([(2, 2.0), (1, bad)])
    assert board.by_rank(0, 10) == [(1, 1.0, 0)]


def test_element_bytes_is_what_an_element_really_costs() -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        board = LeaderboardValue()
        for start in range(0, 20_000, 100):  # the incremental path, which every small upsert takes
            board.upsert((element_id, float(element_id % 97)) for element_id in range(start, start + 100))
        cost = (tracemalloc.get_traced_memory()[0] - before) / len(board)
    finally:
        tracemalloc.stop()
    assert ELEMENT_BYTES * 0.75 <= cost <= ELEMENT_BYTES * 1.25, cost


# --- the service ------------------------------------------------------------------------------------------------


@pytest.fixture
def store() -> Store:
    # One leaderboard: at most 100 elements of payload; all of them: about three of 90 elements in memory.
    limits = MemoryLimits(max_item_bytes=len(b"lb") + 100 * PAYLOAD_BYTES, max_bytes=50_000)
    store = Store(memory_limits=limits)
    store.create_cache("c")
    return store


@pytest.fixture
def service(store: Store) -> LeaderboardService:
    return LeaderboardService(store)


def ctx(rpc: str = "x", cache: str | None = "c", principal: Principal = ANONYMOUS) -> CallContext:
    return CallContext(f"/leaderboard.Leaderboard/{rpc}", {} if cache is None else {"cache": cache}, principal)


async def refused(work: Awaitable[object]) -> GrpcError:
    """The status a call fails with, as the dispatcher would send it (store errors translated)."""
    try:
        await work
    except GrpcError as error:
        return error
    except Exception as error:
        translated = translate_error(error)
        if translated is None:
            raise  # not a refusal the dispatcher would answer
        return translated
    raise AssertionError("the call succeeded")


def upsert(name: str, elements: dict[int, float]) -> pb._UpsertElementsRequest:
    return pb._UpsertElementsRequest(
        leaderboard=name, elements=[pb._Element(id=i, score=s) for i, s in elements.items()]
    )


def ranked(
    reply: pb._GetByRankResponse | pb._GetRankResponse | pb._GetByScoreResponse | pb._GetCompetitionRankResponse,
) -> list[Ranked]:
    return [(element.id, element.score, element.rank) for element in reply.elements]


async def test_service_round_trip(service: LeaderboardService) -> None:
    assert await service.upsert(upsert("lb", {1: 10.0, 2: 20.0, 3: 30.0, 4: 20.0}), ctx()) == common._Empty()
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 4
    by_rank = pb._GetByRankRequest(
        leaderboard="lb", rank_range=pb._RankRange(start_inclusive=0, end_exclusive=3), order=pb.DESCENDING
    )
    assert ranked(await service.get_by_rank(by_rank, ctx())) == [(3, 30.0, 0), (2, 20.0, 1), (4, 20.0, 2)]
    get_rank = pb._GetRankRequest(leaderboard="lb", ids=[4, 99, 1])
    assert ranked(await service.get_rank(get_rank, ctx())) == [(4, 20.0, 2), (1, 10.0, 0)]
    score_range = pb._ScoreRange(min_inclusive=10.0, max_exclusive=30.0)
    by_score = pb._GetByScoreRequest(leaderboard="lb", score_range=score_range, offset=1, limit_elements=5)
    assert ranked(await service.get_by_score(by_score, ctx())) == [(2, 20.0, 1), (4, 20.0, 2)]
    unbounded = pb._ScoreRange(unbounded_min=common._Unbounded(), unbounded_max=common._Unbounded())
    everything = pb._GetByScoreRequest(leaderboard="lb", score_range=unbounded, order=pb.DESCENDING)
    assert [e[0] for e in ranked(await service.get_by_score(everything, ctx()))] == [3, 2, 4, 1]  # limit 0: 8192
    competition = pb._GetCompetitionRankRequest(leaderboard="lb", ids=[2, 4, 1])  # no order: descending
    assert ranked(await service.get_competition_rank(competition, ctx())) == [(2, 20.0, 1), (4, 20.0, 1), (1, 10.0, 3)]

    await service.remove(pb._RemoveElementsRequest(leaderboard="lb", ids=[1, 2, 77]), ctx())
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 2
    await service.delete(pb._DeleteLeaderboardRequest(leaderboard="lb"), ctx())
    await service.delete(pb._DeleteLeaderboardRequest(leaderboard="lb"), ctx())  # nothing left: still fine
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 0
    assert ranked(await service.get_by_rank(by_rank, ctx())) == []


async def test_removing_the_last_element_removes_the_leaderboard(service: LeaderboardService, store: Store) -> None:
    await service.upsert(upsert("lb", {1: 1.0}), ctx())
    assert store.item_count == 1
    await service.remove(pb._RemoveElementsRequest(leaderboard="lb", ids=[1]), ctx())
    assert (store.item_count, store.byte_count, store.memory_used) == (0, 0, 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.upsert(upsert(" ", {1: 1.0}), ctx()), "leaderboard name must not be empty"),
        (lambda s: s.upsert(upsert("lb", {}), ctx()), "elements must not be empty"),
        (lambda s: s.upsert(upsert("lb", dict.fromkeys(range(8193), 1.0)), ctx()), "at most 8192 elements"),
        (lambda s: s.upsert(upsert("lb", {1: math.nan}), ctx()), "finite number"),
        (lambda s: s.upsert(upsert("lb", {1: math.inf}), ctx()), "finite number"),
        (lambda s: s.remove(pb._RemoveElementsRequest(leaderboard="lb"), ctx()), "ids must not be empty"),
        (lambda s: s.get_by_rank(pb._GetByRankRequest(leaderboard="lb"), ctx()), "rank_range is required"),
        (lambda s: s.get_by_rank(rank_range(0, 0), ctx()), "must not be empty"),
        (lambda s: s.get_by_rank(rank_range(4, 3), ctx()), "must not be empty"),
        (lambda s: s.get_by_rank(rank_range(0, 8193), ctx()), "at most 8192 ranks"),
        (lambda s: s.get_rank(pb._GetRankRequest(leaderboard="lb", order=2), ctx()), "unknown order 2"),
        (lambda s: s.get_by_score(score_page(limit=8193), ctx()), "at most 8192 elements"),
        (lambda s: s.get_by_score(score_page(low=2.0, high=1.0), ctx()), "must not exceed"),
        (lambda s: s.get_by_score(score_page(low=math.nan), ctx()), "not NaN"),
    ],
)
async def test_invalid_requests_are_invalid_argument(service: LeaderboardService, call: object, message: str) -> None:
    error = await refused(call(service))  # type: ignore[operator]
    assert error.code is StatusCode.INVALID_ARGUMENT
    assert message in error.details


def rank_range(start: int, end: int) -> pb._GetByRankRequest:
    return pb._GetByRankRequest(leaderboard="lb", rank_range=pb._RankRange(start_inclusive=start, end_exclusive=end))


def score_page(low: float | None = None, high: float | None = None, limit: int = 0) -> pb._GetByScoreRequest:
    score_range = pb._ScoreRange(min_inclusive=low, max_exclusive=high)
    return pb._GetByScoreRequest(leaderboard="lb", score_range=score_range, limit_elements=limit)


async def test_an_unknown_cache_is_not_found_and_no_cache_header_invalid(service: LeaderboardService) -> None:
    missing = await refused(service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx(cache="nope")))
    assert (missing.code, missing.metadata) == (StatusCode.NOT_FOUND, {})
    unnamed = await refused(service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx(cache=None)))
    assert unnamed.code is StatusCode.INVALID_ARGUMENT


async def test_leaderboards_do_not_clash_with_cache_items(service: LeaderboardService, store: Store) -> None:
    cache = store.cache("c")
    cache.set(b"lb", b"a scalar", 60_000)
    await service.upsert(upsert("lb", {1: 1.0}), ctx())
    assert cache.get(b"lb") == b"a scalar"
    assert cache.remove(b"lb")
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 1
    assert store.item_count == 1


async def test_flushing_or_deleting_the_cache_takes_its_leaderboards(service: LeaderboardService, store: Store) -> None:
    await service.upsert(upsert("lb", {1: 1.0, 2: 2.0}), ctx())
    store.flush_cache("c")
    assert (store.item_count, store.byte_count, store.memory_used) == (0, 0, 0)
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 0
    await service.upsert(upsert("lb", {1: 1.0}), ctx())
    store.delete_cache("c")
    store.create_cache("c")
    assert (store.item_count, store.byte_count, store.memory_used) == (0, 0, 0)
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 0


async def test_memory_limits_count_every_element_and_a_refusal_changes_nothing(
    service: LeaderboardService, store: Store
) -> None:
    await service.upsert(upsert("lb", dict.fromkeys(range(90), 1.0)), ctx())
    assert store.byte_count == len(b"lb") + 90 * PAYLOAD_BYTES
    assert store.memory_used == ITEM_OVERHEAD + len(b"lb") + 90 * ELEMENT_BYTES
    too_big = await refused(service.upsert(upsert("lb", {i: 2.0 for i in range(90, 101)}), ctx()))
    assert (too_big.code, too_big.metadata) == (StatusCode.RESOURCE_EXHAUSTED, {"err": "item_size_limit_exceeded"})
    assert store.memory_used == ITEM_OVERHEAD + len(b"lb") + 90 * ELEMENT_BYTES
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 90
    for name in ("lb2", "lb3"):
        await service.upsert(upsert(name, dict.fromkeys(range(90), 1.0)), ctx())
    with pytest.raises(LimitExceeded, match="memory limit"):  # the store's memory bound
        await service.upsert(upsert("lb4", dict.fromkeys(range(30), 1.0)), ctx())
    assert store.item_count == 3


async def test_a_leaderboard_lives_seven_days_after_its_last_upsert() -> None:
    now = [1000.0]
    store = Store(clock=lambda: now[0])
    store.create_cache("c")
    service = LeaderboardService(store)
    await service.upsert(upsert("lb", {1: 1.0}), ctx())
    now[0] += LEADERBOARD_TTL.ttl_ms / 1000 - 1
    await service.upsert(upsert("lb", {2: 1.0}), ctx())
    now[0] += LEADERBOARD_TTL.ttl_ms / 1000 - 1
    assert (await service.length(pb._GetLeaderboardLengthRequest(leaderboard="lb"), ctx())).count == 2
    now[0] += 2
    assert store.sweep() == 1
    assert (store.item_count, store.byte_count, store.memory_used) == (0, 0, 0)
    assert store.cache("c").namespace(NAMESPACE).collection(b"lb", LeaderboardValue) is None


def test_permissions_treat_a_leaderboard_as_a_cache_item_keyed_by_its_name() -> None:
    read_only = Principal(
        name="reader",
        grants=Grants(grants=(Grant(frozenset({Access.READ}), "c", Selector(prefix=b"game-")),)),
    )
    length = pb._GetLeaderboardLengthRequest(leaderboard="game-1")
    authorize(ctx("GetLeaderboardLength", principal=read_only), length)
    for rpc, request in [
        ("GetLeaderboardLength", pb._GetLeaderboardLengthRequest(leaderboard="other")),
        ("UpsertElements", upsert("game-1", {1: 1.0})),
        ("DeleteLeaderboard", pb._DeleteLeaderboardRequest(leaderboard="game-1")),
    ]:
        with pytest.raises(GrpcError) as denied:
            authorize(ctx(rpc, principal=read_only), request)
        assert denied.value.code is StatusCode.PERMISSION_DENIED

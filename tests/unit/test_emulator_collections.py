"""The emulator's collections: data structures, the store's collection writes (TTL, empties, memory limits),
and the RPC handlers that clients cannot reach through the SDK (ListErase, SetDifference minuend/identity,
exclusive bounds, fetch without scores)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from momento_web_emulator.auth import Principal
from momento_web_emulator.datatypes import (
    DictionaryValue,
    IntegerOverflow,
    InvalidScore,
    ListValue,
    NotAnInteger,
    SetValue,
    SortedSetValue,
    WrongItemKind,
)
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services import build_rpcs, translate_error
from momento_web_emulator.services.cache import value_hash
from momento_web_emulator.store import Cache, ItemKind, LimitExceeded, MemoryLimits, Store, Ttl

from momento_web._messages import cacheclient as pb
from momento_web._messages import common
from momento_web.wire.status import GrpcError, StatusCode


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> Store:
    store = Store(clock=clock, rng=random.Random(7))
    store.create_cache("c")
    return store


@pytest.fixture
def cache(store: Store) -> Cache:
    return store.cache("c")


TTL = Ttl(60_000)


# --- sorted set --------------------------------------------------------------------------------------------------


def test_sorted_set_orders_by_score_then_value_bytes() -> None:
    zset = SortedSetValue([(b"b", 1.0), (b"a", 1.0), (b"\xff", 0.5), (b"c", -2.0), (b"", 1.0)])
    assert list(zset.items()) == [(b"c", -2.0), (b"\xff", 0.5), (b"", 1.0), (b"a", 1.0), (b"b", 1.0)]
    assert [zset.rank(v) for v in (b"c", b"\xff", b"", b"a", b"b")] == [0, 1, 2, 3, 4]
    assert [zset.rank(v, descending=True) for v in (b"c", b"b")] == [4, 0]
    assert zset.rank(b"absent") is None


def test_sorted_set_rescoring_moves_the_element_and_keeps_one_entry() -> None:
    zset = SortedSetValue([(b"a", 1.0), (b"b", 2.0)])
    zset.put([(b"a", 3.0)])
    assert list(zset.items()) == [(b"b", 2.0), (b"a", 3.0)]
    assert zset.increment(b"b", 5) == 7.0
    assert zset.increment(b"new", -1.5) == -1.5
    assert list(zset.items()) == [(b"new", -1.5), (b"a", 3.0), (b"b", 7.0)]
    assert zset.remove([b"a", b"absent"]) == 2
    assert len(zset) == 2


@pytest.mark.parametrize(
    ("start", "end"), [(None, None), (0, 2), (1, None), (-2, None), (None, -1), (2, 1), (0, 0), (-10, 10), (3, 99)]
)
@pytest.mark.parametrize("descending", [False, True])
def test_sorted_set_by_rank_is_a_python_slice_of_the_ordered_elements(
    start: int | None, end: int | None, descending: bool
) -> None:
    elements = [(b"a", 1.0), (b"b", 2.0), (b"c", 2.0), (b"d", 4.0), (b"e", 5.0)]
    zset = SortedSetValue(elements)
    ordered = list(reversed(elements)) if descending else elements
    assert zset.by_rank(start, end, descending) == ordered[start:end]


def test_sorted_set_score_bounds_inclusive_exclusive_unbounded() -> None:
    zset = SortedSetValue([(b"a", 1.0), (b"b", 2.0), (b"c", 2.0), (b"d", 3.0)])
    assert [v for v, _ in zset.by_score((2.0, False), (2.0, False))] == [b"b", b"c"]
    assert [v for v, _ in zset.by_score((2.0, True), None)] == [b"d"]
    assert [v for v, _ in zset.by_score(None, (2.0, True))] == [b"a"]
    assert [v for v, _ in zset.by_score(None, None, descending=True)] == [b"d", b"c", b"b", b"a"]
    assert [v for v, _ in zset.by_score(None, None, descending=True, offset=1, count=2)] == [b"c", b"b"]
    assert [v for v, _ in zset.by_score((1.5, False), None, offset=1)] == [b"c", b"d"]
    assert zset.by_score((5.0, False), (9.0, False)) == []
    assert zset.by_score((3.0, False), (1.0, False)) == []  # an empty range, not an error
    assert zset.count_by_score((2.0, False), (3.0, True)) == 2
    assert zset.count_by_score(None, None) == 4


def test_sorted_set_refuses_nan_but_accepts_infinities() -> None:
    zset = SortedSetValue([(b"lo", float("-inf")), (b"hi", float("inf"))])
    assert [v for v, _ in zset.items()] == [b"lo", b"hi"]
    with pytest.raises(InvalidScore):
        zset.put([(b"first", 1.0), (b"x", float("nan"))])
    assert zset.score(b"first") is None  # nothing of a refused put is applied
    with pytest.raises(InvalidScore):
        zset.increment(b"hi", float("-inf"))  # inf + -inf
    assert zset.score(b"hi") == float("inf")


def test_sorted_set_stays_ordered_under_random_operations() -> None:
    rng = random.Random(3)
    zset = SortedSetValue()
    model: dict[bytes, float] = {}
    for _ in range(2000):
        value = bytes([rng.randrange(40)])
        action = rng.random()
        if action < 0.5:
            score = float(rng.randrange(-5, 5))
            zset.put([(value, score)])
            model[value] = score
        elif action < 0.75:
            model[value] = zset.increment(value, 1.5)
        else:
            zset.remove([value])
            model.pop(value, None)
    expected = sorted(model.items(), key=lambda item: (item[1], item[0]))
    assert list(zset.items()) == expected
    assert zset.nbytes == sum(len(value) + 8 for value in model)


# --- list, set, dictionary -----------------------------------------------------------------------------------------


def test_list_pushes_truncate_from_the_other_end() -> None:
    values = ListValue([b"a", b"b"])
    assert values.push_back([b"c", b"d"], truncate_front_to=3) == 3
    assert values.slice(None, None) == [b"b", b"c", b"d"]
    assert values.push_front([b"x", b"y"], truncate_back_to=4) == 4
    assert values.slice(None, None) == [b"x", b"y", b"b", b"c"]
    assert (values.pop_front(), values.pop_back()) == (b"x", b"c")
    assert values.nbytes == 2


@pytest.mark.parametrize(
    ("start", "end"), [(None, None), (1, 3), (-2, None), (None, -1), (3, 1), (0, 0), (-99, 99), (5, None)]
)
def test_list_slice_and_retain_follow_python_slices(start: int | None, end: int | None) -> None:
    model = [b"a", b"b", b"c", b"d"]
    values = ListValue(model)
    assert values.slice(start, end) == model[start:end]
    assert values.retain(start, end) == len(model[start:end])
    assert values.slice(None, None) == model[start:end]
    assert values.nbytes == len(model[start:end])


def test_list_remove_value_and_erase() -> None:
    values = ListValue([b"a", b"x", b"b", b"x", b"c"])
    assert values.remove_value(b"x") == 3
    assert values.slice(None, None) == [b"a", b"b", b"c"]
    assert values.erase([(0, 1), (2, 5)]) == 1
    assert values.slice(None, None) == [b"b"]


def test_set_sample_and_pop_choose_distinct_random_elements() -> None:
    rng = random.Random(1)
    elements = SetValue(bytes([i]) for i in range(20))
    samples = [frozenset(elements.sample(5, rng)) for _ in range(20)]
    assert all(len(sample) == 5 for sample in samples)
    assert len(set(samples)) > 1  # not always the same five
    assert set(elements.sample(99, rng)) == set(elements.elements())
    assert elements.sample(0, rng) == []
    popped = elements.pop(3, rng)
    assert len(set(popped)) == 3
    assert not any(elements.contains(popped))
    assert len(elements) == 17


def test_dictionary_increment_rules() -> None:
    fields = DictionaryValue({b"n": b"41", b"text": b"abc", b"max": str(2**63 - 1).encode()})
    assert fields.increment(b"n", 1) == 42
    assert fields.increment(b"new", -3) == -3
    with pytest.raises(NotAnInteger):
        fields.increment(b"text", 1)
    with pytest.raises(IntegerOverflow):
        fields.increment(b"max", 1)
    assert fields.get(b"text") == b"abc"


# --- the store: TTL, empties, kinds, memory -----------------------------------------------------------------------


def test_new_collections_get_the_ttl_and_refresh_decides_for_existing_ones(cache: Cache, clock: FakeClock) -> None:
    cache.write(b"s", SetValue, Ttl(1_000), lambda s: s.add([b"a"]), growth=10)
    clock.advance(0.75)
    cache.write(b"s", SetValue, Ttl(1_000, refresh=False), lambda s: s.add([b"b"]), growth=10)
    assert cache.remaining_ttl_ms(b"s") == 250
    cache.write(b"s", SetValue, Ttl(5_000, refresh=True), lambda s: s.add([b"c"]), growth=10)
    assert cache.remaining_ttl_ms(b"s") == 5_000
    clock.advance(5)
    assert cache.collection(b"s", SetValue) is None


def test_emptied_collections_disappear_and_empty_writes_create_nothing(cache: Cache, store: Store) -> None:
    cache.write(b"d", DictionaryValue, TTL, lambda d: d.set_many([(b"f", b"v")]), growth=10)
    assert cache.modify(b"d", DictionaryValue, lambda d: d.remove([b"f"])) == 0
    assert cache.lookup(b"d") is None
    cache.write(b"d", DictionaryValue, TTL, lambda d: d.set_many([]), growth=0)
    assert cache.lookup(b"d") is None
    assert cache.modify(b"d", DictionaryValue, lambda d: d.remove([b"f"])) is None
    assert (store.item_count, store.byte_count) == (0, 0)


def test_operations_on_another_kind_fail_and_change_nothing(cache: Cache) -> None:
    cache.set(b"k", b"scalar", 60_000)
    with pytest.raises(WrongItemKind) as info:
        cache.write(b"k", ListValue, TTL, lambda lst: lst.push_back([b"x"]), growth=10)
    assert (info.value.expected, info.value.actual) == (ItemKind.LIST, ItemKind.SCALAR)
    cache.write(b"l", ListValue, TTL, lambda lst: lst.push_back([b"x"]), growth=10)
    with pytest.raises(WrongItemKind):
        cache.get(b"l")
    with pytest.raises(WrongItemKind):
        cache.collection(b"l", SortedSetValue)
    assert cache.get(b"k") == b"scalar"


def test_byte_and_item_accounting_follows_every_path(store: Store, cache: Cache, clock: FakeClock) -> None:
    cache.set(b"k", b"12345", 1_000)
    cache.write(b"z", SortedSetValue, TTL, lambda z: z.put([(b"ab", 1.0)]), growth=20)
    assert (store.item_count, store.byte_count) == (2, (1 + 5) + (1 + 2 + 8))
    cache.set(b"k", b"1", 60_000)  # replaced, not added
    assert (store.item_count, store.byte_count) == (2, 2 + 11)
    cache.write(b"z", SortedSetValue, TTL, lambda z: z.put([(b"ab", 5.0), (b"c", 1.0)]), growth=40)
    assert store.byte_count == 2 + (1 + 2 + 8 + 1 + 8)
    store.create_cache("other")
    store.cache("other").set(b"x", b"yz", 500)
    clock.advance(1)
    assert store.sweep() == 1
    assert (store.item_count, store.byte_count) == (2, 2 + 20)
    store.flush_cache("c")
    assert (store.item_count, store.byte_count) == (0, 0)


def test_an_item_over_the_size_limit_is_refused_and_nothing_changes(clock: FakeClock) -> None:
    store = Store(clock=clock, memory_limits=MemoryLimits(max_item_bytes=100))
    cache = store.create_cache("c")
    with pytest.raises(LimitExceeded) as info:
        cache.set(b"k", b"x" * 100, 60_000)
    assert info.value.err == "item_size_limit_exceeded"
    cache.write(b"l", ListValue, TTL, lambda lst: lst.push_back([b"x" * 90]), growth=100)
    with pytest.raises(LimitExceeded):
        cache.write(b"l", ListValue, TTL, lambda lst: lst.push_back([b"y" * 20]), growth=30)
    values = cache.collection(b"l", ListValue)
    assert values is not None
    assert values.slice(None, None) == [b"x" * 90]  # the snapshot was restored
    # An overwrite that does not grow the item fits even though its upper bound would not.
    cache.write(b"d", DictionaryValue, TTL, lambda d: d.set(b"f", b"a" * 90), growth=100)
    cache.write(b"d", DictionaryValue, TTL, lambda d: d.set(b"f", b"b" * 90), growth=200)
    fields = cache.collection(b"d", DictionaryValue)
    assert fields is not None
    assert fields.get(b"f") == b"b" * 90
    assert store.byte_count == (1 + 90) + (1 + 1 + 90)


def test_store_wide_limits_sweep_expired_items_before_refusing(clock: FakeClock) -> None:
    store = Store(clock=clock, memory_limits=MemoryLimits(max_items=2, max_bytes=1_000))
    cache = store.create_cache("c")
    cache.set(b"a", b"1", 500)
    cache.set(b"b", b"2", 60_000)
    with pytest.raises(LimitExceeded, match="items") as info:
        cache.set(b"c", b"3", 60_000)
    assert info.value.err is None
    cache.set(b"b", b"replaced", 60_000)  # replacing is not a new item
    clock.advance(1)  # `a` expired but was never looked up or swept
    cache.set(b"c", b"3", 60_000)
    assert store.item_count == 2
    with pytest.raises(LimitExceeded, match="bytes"):
        cache.set(b"big", b"x" * 1_000, 60_000)


# --- RPC handlers: what the SDK does not send ---------------------------------------------------------------------


async def _call(store: Store, rpc: str, request: Any) -> Any:
    """Run the emulator's handler for ``/cache_client.Scs/<rpc>`` on cache ``c``; store errors as GrpcError."""
    routes = {route.path: route for route in build_rpcs(store)}
    context = CallContext(f"/cache_client.Scs/{rpc}", {"cache": "c"}, Principal("tester"))
    try:
        replies = [reply async for reply in routes[context.rpc].handler(request, context)]
    except GrpcError:
        raise
    except Exception as exc:
        translated = translate_error(exc)
        if translated is None:
            raise
        raise translated from None
    assert len(replies) == 1
    return replies[0]


async def test_list_erase_ranges_and_all(store: Store, cache: Cache) -> None:
    cache.write(b"l", ListValue, TTL, lambda lst: lst.push_back([b"a", b"b", b"c", b"d"]), growth=10)
    ranges = pb._ListEraseRequest._ListRanges(ranges=[pb._ListRange(begin_index=1, count=2)])
    reply = await _call(store, "ListErase", pb._ListEraseRequest(list_name=b"l", some=ranges))
    assert reply.found.list_length == 2
    reply = await _call(store, "ListErase", pb._ListEraseRequest(list_name=b"l", all=pb._ListEraseRequest._All()))
    assert reply.found.list_length == 0
    assert cache.lookup(b"l") is None
    reply = await _call(store, "ListErase", pb._ListEraseRequest(list_name=b"l", all=pb._ListEraseRequest._All()))
    assert reply.HasField("missing")


async def test_set_difference_minuend_and_identity(store: Store, cache: Cache) -> None:
    cache.write(b"s", SetValue, TTL, lambda s: s.add([b"a", b"b"]), growth=10)
    minuend = pb._SetDifferenceRequest._Minuend(elements=[b"b", b"c", b"d"])
    reply = await _call(store, "SetDifference", pb._SetDifferenceRequest(set_name=b"s", minuend=minuend))
    assert reply.HasField("found")
    elements = cache.collection(b"s", SetValue)
    assert elements is not None
    assert set(elements.elements()) == {b"c", b"d"}
    identity = pb._SetDifferenceRequest._Subtrahend(identity=pb._SetDifferenceRequest._Subtrahend._Identity())
    await _call(store, "SetDifference", pb._SetDifferenceRequest(set_name=b"s", subtrahend=identity))
    assert cache.lookup(b"s") is None
    reply = await _call(store, "SetDifference", pb._SetDifferenceRequest(set_name=b"s", subtrahend=identity))
    assert reply.HasField("missing")


async def test_sorted_set_exclusive_bounds_and_fetch_without_scores(store: Store, cache: Cache) -> None:
    cache.write(b"z", SortedSetValue, TTL, lambda z: z.put([(b"a", 1), (b"b", 2), (b"c", 3)]), growth=50)
    request = pb._SortedSetLengthByScoreRequest(set_name=b"z", exclusive_min=1, exclusive_max=3)
    assert (await _call(store, "SortedSetLengthByScore", request)).found.length == 1
    request = pb._SortedSetLengthByScoreRequest(set_name=b"z", inclusive_min=1, unbounded_max=common._Unbounded())
    assert (await _call(store, "SortedSetLengthByScore", request)).found.length == 3
    fetch = pb._SortedSetFetchRequest(set_name=b"z", with_scores=False, order=pb._SortedSetFetchRequest.DESCENDING)
    reply = await _call(store, "SortedSetFetch", fetch)
    assert list(reply.found.values.values) == [b"c", b"b", b"a"]
    bound = pb._SortedSetFetchRequest._ByScore._Score
    for low, high, expected in [
        (bound(score=1, exclusive=True), bound(score=3, exclusive=True), [b"b"]),
        (bound(score=1, exclusive=True), bound(score=3), [b"b", b"c"]),
        (bound(score=1), bound(score=3, exclusive=True), [b"a", b"b"]),
        (bound(score=2, exclusive=True), bound(score=2, exclusive=True), []),
    ]:
        by_score = pb._SortedSetFetchRequest._ByScore(min_score=low, max_score=high, offset=0, count=-1)
        fetch = pb._SortedSetFetchRequest(set_name=b"z", with_scores=True, by_score=by_score)
        reply = await _call(store, "SortedSetFetch", fetch)
        assert [element.value for element in reply.found.values_with_scores.elements] == expected, (low, high)


async def test_sorted_set_remove_all_and_nan_scores(store: Store, cache: Cache) -> None:
    cache.write(b"z", SortedSetValue, TTL, lambda z: z.put([(b"a", 1)]), growth=50)
    put = pb._SortedSetPutRequest(
        set_name=b"z", elements=[pb._SortedSetElement(value=b"n", score=float("nan"))], ttl_milliseconds=1_000
    )
    with pytest.raises(GrpcError) as info:
        await _call(store, "SortedSetPut", put)
    assert info.value.code is StatusCode.INVALID_ARGUMENT
    remove_all = pb._SortedSetRemoveRequest(set_name=b"z", all=pb._SortedSetRemoveRequest._All())
    await _call(store, "SortedSetRemove", remove_all)
    assert cache.lookup(b"z") is None


async def test_union_store_weights_aggregates_and_infinities(store: Store, cache: Cache) -> None:
    cache.write(b"x", SortedSetValue, TTL, lambda z: z.put([(b"a", 1), (b"b", float("inf"))]), growth=50)
    cache.write(b"y", SortedSetValue, TTL, lambda z: z.put([(b"a", 4), (b"c", 2)]), growth=50)
    source = pb._SortedSetUnionStoreRequest._Source
    for aggregate, expected in [
        (pb._SortedSetUnionStoreRequest.SUM, {b"a": 1 * 2 + 4 * -1, b"b": float("inf"), b"c": -2}),
        (pb._SortedSetUnionStoreRequest.MIN, {b"a": -4, b"b": float("inf"), b"c": -2}),
        (pb._SortedSetUnionStoreRequest.MAX, {b"a": 2, b"b": float("inf"), b"c": -2}),
    ]:
        request = pb._SortedSetUnionStoreRequest(
            set_name=b"u", sources=[source(set_name=b"x", weight=2), source(set_name=b"y", weight=-1)],
            aggregate=aggregate, ttl_milliseconds=60_000,
        )  # fmt: skip
        assert (await _call(store, "SortedSetUnionStore", request)).length == 3
        union = cache.collection(b"u", SortedSetValue)
        assert union is not None
        assert dict(union.items()) == expected
    zero = pb._SortedSetUnionStoreRequest(
        set_name=b"u", sources=[source(set_name=b"x", weight=0)], ttl_milliseconds=60_000
    )
    await _call(store, "SortedSetUnionStore", zero)
    union = cache.collection(b"u", SortedSetValue)
    assert union is not None
    assert dict(union.items()) == {b"a": 0.0, b"b": 0.0}  # inf * 0 counts as 0, as in Redis


async def test_union_store_without_sources_is_invalid_argument(store: Store, cache: Cache) -> None:
    cache.write(b"u", SortedSetValue, TTL, lambda z: z.put([(b"kept", 1)]), growth=50)
    request = pb._SortedSetUnionStoreRequest(set_name=b"u", ttl_milliseconds=60_000)
    with pytest.raises(GrpcError) as caught:
        await _call(store, "SortedSetUnionStore", request)
    assert caught.value.code is StatusCode.INVALID_ARGUMENT
    assert "at least one source" in caught.value.details
    assert cache.collection(b"u", SortedSetValue) is not None  # nothing was overwritten


async def test_set_if_hash_conditions(store: Store, cache: Cache) -> None:
    def request(**condition: Any) -> pb._SetIfHashRequest:
        return pb._SetIfHashRequest(cache_key=b"k", cache_body=b"new", ttl_milliseconds=60_000, **condition)

    right, wrong = value_hash(b"old"), value_hash(b"other")
    cases: list[tuple[dict[str, Any], bool, bool]] = [
        ({"present_and_hash_equal": common.PresentAndHashEqual(hash_to_check=right)}, True, False),
        ({"present_and_hash_equal": common.PresentAndHashEqual(hash_to_check=wrong)}, False, False),
        ({"present_and_not_hash_equal": common.PresentAndNotHashEqual(hash_to_check=wrong)}, True, False),
        ({"absent_or_hash_equal": common.AbsentOrHashEqual(hash_to_check=right)}, True, True),
        ({"absent_or_hash_equal": common.AbsentOrHashEqual(hash_to_check=wrong)}, False, True),
        ({"absent_or_not_hash_equal": common.AbsentOrNotHashEqual(hash_to_check=right)}, False, True),
        ({"unconditional": common.Unconditional()}, True, True),
    ]
    for condition, when_present, when_absent in cases:
        cache.set(b"k", b"old", 60_000)
        reply = await _call(store, "SetIfHash", request(**condition))
        assert reply.HasField("stored") is when_present, condition
        if when_present:
            assert reply.stored.new_hash == value_hash(b"new")
        cache.remove(b"k")
        reply = await _call(store, "SetIfHash", request(**condition))
        assert reply.HasField("stored") is when_absent, condition
    with pytest.raises(GrpcError) as info:
        await _call(store, "SetIfHash", request())
    assert info.value.code is StatusCode.INVALID_ARGUMENT

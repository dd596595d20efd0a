"""The emulator's in-memory store, driven directly with a hand-moved clock."""

from __future__ import annotations

import pytest
from momento_web_emulator.datatypes import DictionaryValue
from momento_web_emulator.store import (
    INT64_MAX,
    INT64_MIN,
    CacheAlreadyExists,
    CacheNotFound,
    IntegerOverflow,
    ItemKind,
    NotAnInteger,
    Store,
    WrongItemKind,
    parse_int64,
    scalar_value,
)


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
    store = Store(clock=clock)
    store.create_cache("c")
    return store


# --- caches ---------------------------------------------------------------------------------------------------


def test_create_list_delete_caches(store: Store) -> None:
    store.create_cache("b")
    assert store.cache_names() == ["b", "c"]
    with pytest.raises(CacheAlreadyExists):
        store.create_cache("b")
    store.delete_cache("b")
    assert store.cache_names() == ["c"]
    with pytest.raises(CacheNotFound):
        store.delete_cache("b")
    with pytest.raises(CacheNotFound):
        store.cache("b")


def test_deleting_a_cache_drops_its_items_and_recreating_starts_empty(store: Store) -> None:
    store.cache("c").set(b"k", b"v", 60_000)
    store.delete_cache("c")
    store.create_cache("c")
    assert store.cache("c").get(b"k") is None


def test_flush_empties_only_that_cache(store: Store) -> None:
    store.create_cache("other")
    store.cache("c").set(b"k", b"v", 60_000)
    store.cache("other").set(b"k", b"w", 60_000)
    store.flush_cache("c")
    assert store.cache("c").get(b"k") is None
    assert store.cache("other").get(b"k") == b"w"
    with pytest.raises(CacheNotFound):
        store.flush_cache("missing")


# --- scalars --------------------------------------------------------------------------------------------------


def test_set_get_delete_with_arbitrary_bytes(store: Store) -> None:
    cache = store.cache("c")
    cache.set(b"\x00\xff", b"", 60_000)
    assert cache.get(b"\x00\xff") == b""  # empty values are values, not misses
    assert cache.get(b"\x00") is None
    assert cache.remove(b"\x00\xff") is True
    assert cache.remove(b"\x00\xff") is False
    assert cache.get(b"\x00\xff") is None


def test_items_expire_at_their_ttl(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    cache.set(b"k", b"v", 1_500)
    clock.advance(1.499)
    assert cache.get(b"k") == b"v"
    clock.advance(0.001)
    assert cache.get(b"k") is None
    assert len(cache) == 0  # dropped on access


def test_overwrite_resets_ttl(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    cache.set(b"k", b"v1", 1_000)
    clock.advance(0.9)
    cache.set(b"k", b"v2", 1_000)
    clock.advance(0.9)
    assert cache.get(b"k") == b"v2"
    assert store.sweep() == 0  # the first write's expiry is stale, not the item's


def test_remaining_ttl(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    cache.set(b"k", b"v", 60_000)
    assert cache.remaining_ttl_ms(b"k") == 60_000
    clock.advance(10.25)
    assert cache.remaining_ttl_ms(b"k") == 49_750
    assert cache.remaining_ttl_ms(b"missing") is None
    clock.advance(50)
    assert cache.remaining_ttl_ms(b"k") is None


def test_ttl_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError, match="ttl_ms must be positive"):
        store.cache("c").set(b"k", b"v", 0)


def test_sweep_drops_only_due_items(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    cache.set(b"short", b"v", 1_000)
    cache.set(b"long", b"v", 10_000)
    cache.set(b"gone", b"v", 1_000)
    cache.remove(b"gone")
    clock.advance(2)
    assert store.sweep() == 1
    assert len(cache) == 1
    assert cache.get(b"long") == b"v"


def test_sweep_ignores_items_of_deleted_or_flushed_caches(store: Store, clock: FakeClock) -> None:
    store.cache("c").set(b"k", b"v", 1_000)
    store.delete_cache("c")
    store.create_cache("c")
    store.cache("c").set(b"k", b"new", 5_000)
    clock.advance(2)
    assert store.sweep() == 0
    assert store.cache("c").get(b"k") == b"new"


def test_expiry_heap_stays_bounded_under_overwrites(store: Store) -> None:
    cache = store.cache("c")
    for _ in range(10_000):
        cache.set(b"k", b"v", 60_000)
    assert len(store._heap) < 3_000


# --- increment ------------------------------------------------------------------------------------------------


def test_increment_creates_missing_key_from_amount(store: Store) -> None:
    cache = store.cache("c")
    assert cache.increment(b"n", 5, 60_000) == 5
    assert cache.get(b"n") == b"5"
    assert cache.increment(b"n", -7, 60_000) == -2
    assert cache.get(b"n") == b"-2"
    assert cache.increment(b"zero", 0, 60_000) == 0
    assert cache.get(b"zero") == b"0"


def test_increment_of_stored_text_integer(store: Store) -> None:
    cache = store.cache("c")
    cache.set(b"n", b"41", 60_000)
    assert cache.increment(b"n", 1, 60_000) == 42


def test_increment_resets_ttl(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    cache.increment(b"n", 1, 1_000)
    clock.advance(0.9)
    cache.increment(b"n", 1, 1_000)
    clock.advance(0.9)
    assert cache.get(b"n") == b"2"


@pytest.mark.parametrize("value", [b"abc", b"", b"1.5", b" 1", b"+1", b"1_000", b"\xd9\xa1", b"9223372036854775808"])
def test_increment_of_non_integer_fails(store: Store, value: bytes) -> None:
    cache = store.cache("c")
    cache.set(b"n", value, 60_000)
    with pytest.raises(NotAnInteger):
        cache.increment(b"n", 1, 60_000)
    assert cache.get(b"n") == value  # unchanged


def test_increment_overflow_fails(store: Store) -> None:
    cache = store.cache("c")
    cache.set(b"max", str(INT64_MAX).encode(), 60_000)
    with pytest.raises(IntegerOverflow):
        cache.increment(b"max", 1, 60_000)
    cache.set(b"min", str(INT64_MIN).encode(), 60_000)
    with pytest.raises(IntegerOverflow):
        cache.increment(b"min", -1, 60_000)
    assert cache.increment(b"max", -1, 60_000) == INT64_MAX - 1


def test_parse_int64_bounds() -> None:
    assert parse_int64(str(INT64_MIN).encode()) == INT64_MIN
    assert parse_int64(b"-0") == 0
    with pytest.raises(NotAnInteger):
        parse_int64(b"-9223372036854775809")


# --- set if not exists ----------------------------------------------------------------------------------------


def test_set_if_not_exists(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    assert cache.set_if_not_exists(b"k", b"first", 1_000) is True
    assert cache.set_if_not_exists(b"k", b"second", 1_000) is False
    assert cache.get(b"k") == b"first"
    clock.advance(1)
    assert cache.set_if_not_exists(b"k", b"third", 1_000) is True  # the first one expired
    assert cache.get(b"k") == b"third"


# --- item kinds (ready for collections) -----------------------------------------------------------------------


def test_kind_mismatch_is_reported(store: Store) -> None:
    cache = store.cache("c")
    cache.put(b"d", ItemKind.DICTIONARY, DictionaryValue({b"f": b"v"}), 60_000)
    with pytest.raises(WrongItemKind) as info:
        cache.get(b"d")
    assert info.value.expected is ItemKind.SCALAR
    assert info.value.actual is ItemKind.DICTIONARY
    with pytest.raises(WrongItemKind):
        cache.increment(b"d", 1, 60_000)
    item = cache.lookup(b"d", ItemKind.DICTIONARY)
    assert item is not None
    assert item.value == DictionaryValue({b"f": b"v"})
    assert cache.set_if_not_exists(b"d", b"x", 60_000) is False
    cache.set(b"d", b"scalar now", 60_000)  # an unconditional set replaces any kind
    assert cache.get(b"d") == b"scalar now"


def test_set_ttl_reschedules_expiry(store: Store, clock: FakeClock) -> None:
    cache = store.cache("c")
    item = cache.put(b"k", ItemKind.SCALAR, b"v", 1_000)
    cache.set_ttl(b"k", item, 5_000)
    clock.advance(2)
    assert store.sweep() == 0
    assert cache.get(b"k") == b"v"
    clock.advance(3)
    assert store.sweep() == 1


def test_set_if_with_value_conditions(store: Store) -> None:
    cache = store.cache("c")
    assert cache.set_if(b"k", b"v1", 60_000, lambda item: item is not None) is False  # "present" on absent
    assert cache.set_if(b"k", b"v1", 60_000, lambda item: item is None) is True
    assert cache.set_if(b"k", b"v2", 60_000, lambda item: item is not None and scalar_value(item) == b"v1") is True
    assert cache.get(b"k") == b"v2"
    cache.put(b"d", ItemKind.DICTIONARY, DictionaryValue({b"f": b"v"}), 60_000)
    with pytest.raises(WrongItemKind):  # comparing a collection's value is a type mismatch
        cache.set_if(b"d", b"x", 60_000, lambda item: item is not None and scalar_value(item) == b"x")

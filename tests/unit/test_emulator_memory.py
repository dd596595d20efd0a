"""The emulator's memory accounting in-process: what items, collection elements, topics and retained topic items are
counted for (checked against what CPython really allocates), ``--max-bytes`` holding against floods of tiny
elements, topic buffers sharing the budget (the oldest retained items go first), the publish size limit, and the
limits on caches and names."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from momento_web_emulator.__main__ import parse_args
from momento_web_emulator.datatypes import DictionaryValue, ListValue, SetValue, SortedSetValue
from momento_web_emulator.services import translate_error
from momento_web_emulator.store import (
    ITEM_OVERHEAD,
    Cache,
    InvalidName,
    LimitExceeded,
    MemoryLimits,
    Store,
    Ttl,
)
from momento_web_emulator.topics import TopicRegistry, TopicSettings

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode

TTL = Ttl(60_000)
ELEMENTS = 30_000  # hash tables of this many entries are neither just grown nor about to grow


def _allocated(action: Callable[[], object]) -> int:
    """Bytes ``action`` leaves allocated (what it returns is kept alive while measuring)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = action()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def _values(count: int, prefix: bytes) -> list[bytes]:
    return [prefix + str(index).encode() for index in range(count)]  # distinct objects, as decoded requests are


WRITES: dict[str, Callable[[Cache, list[bytes]], object]] = {
    "list": lambda c, v: c.write(b"l", ListValue, TTL, lambda x: x.push_back(v), growth=10**9),
    "set": lambda c, v: c.write(b"s", SetValue, TTL, lambda x: x.add(v), growth=10**9),
    "dictionary": lambda c, v: c.write(
        b"d", DictionaryValue, TTL, lambda x: x.set_many(zip(v, [e + b"!" for e in v], strict=True)), growth=10**9
    ),
    "sorted set": lambda c, v: c.write(
        b"z", SortedSetValue, TTL, lambda x: x.put((e, float(i)) for i, e in enumerate(v)), growth=10**9
    ),
}


@pytest.mark.parametrize("kind", WRITES)
def test_collection_elements_are_counted_for_what_they_really_take(kind: str) -> None:
    store = Store()
    cache = store.create_cache("c")
    values = _values(ELEMENTS, b"element-")
    # The request's values are made before measuring (the collection keeps them, as it keeps a request's): add
    # what they take, an object each (its header and payload, rounded to 16 bytes by the allocator).
    kept = sum((33 + len(value) + 15) // 16 * 16 for value in values)
    allocated = _allocated(lambda: WRITES[kind](cache, values)) + kept
    counted = store.memory_used
    assert 0.6 * allocated <= counted <= 1.6 * allocated, (kind, allocated, counted)


def test_scalar_items_are_counted_for_what_they_really_take() -> None:
    store = Store()
    cache = store.create_cache("c")
    keys, values = _values(ELEMENTS, b"key-"), _values(ELEMENTS, b"value-")

    def set_all() -> None:
        for key, value in zip(keys, values, strict=True):
            cache.set(key, value, 60_000)

    allocated = _allocated(set_all) + sum((33 + len(data) + 15) // 16 * 16 for data in keys + values)
    assert 0.6 * allocated <= store.memory_used <= 1.6 * allocated
    assert store.memory_used == ELEMENTS * ITEM_OVERHEAD + store.byte_count


def test_topics_and_retained_items_are_counted_for_what_they_really_take() -> None:
    store = Store()
    store.create_cache("c")
    registry = TopicRegistry(store)
    topics = _allocated(lambda: [registry.topic("c", f"topic-{index}") for index in range(1000)])
    assert 0.6 * topics <= store.memory_used <= 1.6 * topics
    before = store.memory_used
    topic = registry.topic("c", "topic-0")
    values = [pb._TopicValue(binary=value) for value in _values(2000, b"published-")]
    items = _allocated(lambda: [topic.publish(value, "") for value in values])
    assert 0.6 * items <= store.memory_used - before <= 1.6 * items


@dataclass
class Accepted:
    writes: int
    refusal: LimitExceeded


def _until_refused(write: Callable[[int], object], attempts: int = 10_000) -> Accepted:
    """Call ``write(0)``, ``write(1)`` … until the store refuses one."""
    for attempt in range(attempts):
        try:
            write(attempt)
        except LimitExceeded as refusal:
            return Accepted(attempt, refusal)
    raise AssertionError(f"{attempts} writes and no refusal")


def test_empty_values_are_not_free() -> None:
    store = Store(memory_limits=MemoryLimits(max_bytes=100_000))
    cache = store.create_cache("c")
    accepted = _until_refused(
        lambda _: cache.write(b"l", ListValue, TTL, lambda values: values.push_back([b""] * 100), growth=200)
    )
    assert "at most 100000 bytes" in str(accepted.refusal)
    accepted_elements = 100 * accepted.writes
    assert 1000 < accepted_elements < 2100  # 48 bytes an element, 320 for the list: about 2076 fit
    assert store.memory_used <= 100_000
    values = cache.collection(b"l", ListValue)
    assert values is not None
    assert len(values) == accepted_elements  # the refused write changed nothing


@pytest.mark.parametrize("kind", WRITES)
def test_every_collection_kind_is_bounded(kind: str) -> None:
    store = Store(memory_limits=MemoryLimits(max_bytes=200_000))
    cache = store.create_cache("c")
    accepted = _until_refused(lambda batch: WRITES[kind](cache, _values(50, f"{batch}-".encode())))
    assert accepted.writes > 10
    assert store.memory_used <= 200_000


# --- topics in the budget ----------------------------------------------------------------------------------------


def _registry(max_bytes: int, **settings: int) -> tuple[Store, TopicRegistry]:
    store = Store(memory_limits=MemoryLimits(max_bytes=max_bytes))
    store.create_cache("c")
    return store, TopicRegistry(store, TopicSettings(heartbeat_interval=60.0, **settings))


def test_topic_buffers_share_the_budget_and_the_oldest_items_go_first() -> None:
    store, registry = _registry(1 << 20)
    payload = b"x" * 64 * 1024
    topics = [registry.topic("c", f"t{index}") for index in range(5)]
    for round_ in range(20):
        for topic in topics:
            topic.publish(pb._TopicValue(binary=payload), "")
        assert store.memory_used <= 1 << 20, round_
    retained = [topic.next_sequence - topic.first_retained for topic in topics]
    assert 5 <= sum(retained) <= 16  # about 1 MiB of 64 KiB items
    assert max(retained) - min(retained) <= 2  # about evenly: the oldest of all topics went first
    assert all(topic.first_retained > 1 for topic in topics)


def test_cache_writes_take_room_from_topic_buffers_but_not_the_reverse() -> None:
    store, registry = _registry(1 << 20)
    topic = registry.topic("c", "t")
    for _ in range(15):
        topic.publish(pb._TopicValue(binary=b"x" * 64 * 1024), "")
    cache = store.cache("c")
    cache.set(b"big", b"y" * 900_000, 60_000)  # fits once the buffer gives way
    assert topic.next_sequence - topic.first_retained <= 2  # what is left of the 1 MiB: two of 64 KiB
    with pytest.raises(LimitExceeded):
        topic.publish(pb._TopicValue(binary=b"z" * 200_000), "")  # cache items are never dropped for topics
    assert cache.get(b"big") == b"y" * 900_000
    assert store.memory_used <= 1 << 20


def test_a_publish_that_cannot_fit_evicts_nothing() -> None:
    _, registry = _registry(1 << 20)
    topic = registry.topic("c", "t")
    for _ in range(10):
        topic.publish(pb._TopicValue(binary=b"x" * 64 * 1024), "")
    with pytest.raises(LimitExceeded):
        registry.topic("c", "u").publish(pb._TopicValue(binary=b"y" * (1 << 20)), "")
    assert (topic.first_retained, topic.next_sequence) == (1, 11)  # every item is still there


def test_forgotten_retired_and_deleted_topics_give_their_memory_back() -> None:
    store, registry = _registry(1 << 20, max_topics_per_cache=2)
    baseline = store.memory_used
    for name in ("a", "b", "c"):  # the third forgets the first (no subscribers)
        registry.topic("c", name).publish(pb._TopicValue(text="hello"), "")
    assert registry.memory.retained == 2
    store.delete_cache("c")
    store.create_cache("c")
    registry.topic("c", "fresh")  # notices the replaced cache: its old topics retire
    fresh_only = store.memory_used - baseline
    assert fresh_only == registry.memory.reserved
    assert registry.memory.retained == 0


def test_publish_size_limit_is_resource_exhausted_with_err() -> None:
    _, registry = _registry(64 << 20, max_publish_bytes=1000)
    topic = registry.topic("c", "t")
    topic.publish(pb._TopicValue(binary=b"x" * 990), "")  # 990 bytes + 3 of framing
    with pytest.raises(GrpcError) as raised:
        topic.publish(pb._TopicValue(binary=b"x" * 1000), "")
    assert raised.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert raised.value.metadata == {"err": "request_size_limit_exceeded"}
    assert topic.next_sequence == 2


def test_a_value_larger_than_the_whole_budget_is_refused() -> None:
    _, registry = _registry(100_000)
    with pytest.raises(LimitExceeded):
        registry.topic("c", "t").publish(pb._TopicValue(binary=b"x" * 100_000), "")


def test_the_publish_order_queue_stays_bounded() -> None:
    _, registry = _registry(64 << 20, buffer_items=2)
    topic = registry.topic("c", "t")
    for index in range(5000):
        topic.publish(pb._TopicValue(text=str(index)), "")
    assert len(registry.memory._queue) <= 2 * registry.memory.retained + 1024
    assert registry.memory.retained == 2


# --- caches and names --------------------------------------------------------------------------------------------


def test_cache_count_and_name_length_are_limited() -> None:
    store = Store(memory_limits=MemoryLimits(max_caches=3, max_name_length=10))
    for name in ("a", "b", "c"):
        store.create_cache(name)
    with pytest.raises(LimitExceeded, match="at most 3 caches"):
        store.create_cache("d")
    store.delete_cache("a")
    store.create_cache("x" * 10)
    with pytest.raises(InvalidName, match="at most 10 characters"):
        store.create_cache("y" * 11)
    error = translate_error(InvalidName("cache name must not be empty"))
    assert error is not None
    assert error.code is StatusCode.INVALID_ARGUMENT


def test_topic_names_are_limited_too() -> None:
    store = Store(memory_limits=MemoryLimits(max_name_length=10))
    store.create_cache("c")
    registry = TopicRegistry(store)
    registry.topic("c", "t" * 10)
    with pytest.raises(InvalidName, match="topic name must be at most 10"):
        registry.topic("c", "t" * 11)


def test_usage_reports_the_accounting() -> None:
    store, registry = _registry(1 << 20)
    store.cache("c").set(b"k", b"v", 60_000)
    registry.topic("c", "t").publish(pb._TopicValue(text="hi"), "")
    usage = store.usage()
    assert usage["bytes"] == usage["item_bytes"] + usage["reserved_bytes"] == store.memory_used
    assert (usage["items"], usage["payload_bytes"], usage["caches"]) == (1, 2, 1)
    assert usage["max_bytes"] == 1 << 20


def test_every_bound_has_a_flag_with_its_default_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    bounds = {
        "--max-bytes": MemoryLimits().max_bytes,
        "--max-items": MemoryLimits().max_items,
        "--max-item-bytes": MemoryLimits().max_item_bytes,
        "--max-element-bytes": MemoryLimits().max_element_bytes,
        "--max-caches": MemoryLimits().max_caches,
        "--max-name-length": MemoryLimits().max_name_length,
        "--max-request-bytes": 8 * 1024 * 1024,
        "--max-request-elements": 250_000,
        "--max-publish-bytes": TopicSettings().max_publish_bytes,
        "--topic-buffer-size": TopicSettings().buffer_items,
        "--topic-buffer-bytes": TopicSettings().buffer_bytes,
        "--max-topics-per-cache": TopicSettings().max_topics_per_cache,
        "--max-subscriptions": 1000,
        "--max-total-subscriptions": TopicSettings().max_total_subscriptions,
        "--max-fault-sessions": 10_000,
    }
    for flag, default in bounds.items():
        described = shown[shown.index(f"{flag} {flag[2:].upper().replace('-', '_')} ") + len(flag) :]
        end = described.find(" --")  # the next flag, if any
        assert f"(default: {default})" in described[: None if end < 0 else end], flag


def test_the_bounds_flags_reach_the_settings() -> None:
    args = parse_args(["--max-caches", "7", "--max-name-length", "9", "--max-publish-bytes", "1000"])
    args_topics = parse_args(["--topic-buffer-bytes", "500", "--max-topics-per-cache", "3"])
    assert (args.max_caches, args.max_name_length, args.max_publish_bytes) == (7, 9, 1000)
    assert (args_topics.topic_buffer_bytes, args_topics.max_topics_per_cache) == (500, 3)

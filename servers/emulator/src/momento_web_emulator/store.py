"""In-memory cache store of the emulator: caches of items that expire, independent of any wire protocol.

Items are keyed by bytes. Every item has a :class:`ItemKind`; collections (dictionaries, lists, sets, sorted
sets, :mod:`.datatypes`) are items keyed by their name, so an operation on an item of another kind fails with
:class:`WrongItemKind`. Expiry is lazy (an expired item is dropped when it is looked up) plus a periodic
:meth:`Store.sweep` driven by a heap of expiry times, so a sweep only touches items that are due.

Memory is bounded by :class:`MemoryLimits`: a write that would make one item, or the whole store, larger than
allowed fails with :class:`LimitExceeded` and changes nothing. One item's size is its key and payload; what the
store holds is counted as memory: every item's payload plus what it costs beyond it (:data:`ITEM_OVERHEAD`, and
each collection element's ``element_overhead``), plus what other parts of the emulator reserve in the same
budget (topic buffers: :meth:`Store.reserve`), which may also give memory back when asked (:meth:`Store.reclaimer`).
The overheads and every bound: docs/protocol/emulator.md#memory-and-limits.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar, cast

from momento_web_emulator.datatypes import (
    INT64_MAX,
    INT64_MIN,
    Collection,
    IntegerOverflow,
    ItemKind,
    NotAnInteger,
    StoreError,
    WrongItemKind,
    add_int64,
    parse_int64,
)

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "Cache",
    "CacheAlreadyExists",
    "CacheLimits",
    "CacheNotFound",
    "Clock",
    "IntegerOverflow",
    "InvalidName",
    "Item",
    "ItemKind",
    "ItemValue",
    "LimitExceeded",
    "MemoryLimits",
    "NotAnInteger",
    "Store",
    "StoreError",
    "TopicLimits",
    "Ttl",
    "WrongItemKind",
    "check_name",
    "memory_cost",
    "parse_int64",
    "scalar_value",
]

Clock = Callable[[], float]
"""Monotonic seconds; injectable so tests can move time by hand."""

C = TypeVar("C", bound=Collection)
R = TypeVar("R")

_UINT64_MAX = 2**64 - 1  # remaining TTLs travel as uint64
# What an item costs beyond its key and payload: its record, its entry in the cache's dict, its key and value
# objects and its expiry-heap entry (measured with tracemalloc on CPython 3.13: tests/unit/test_emulator_memory.py).
ITEM_OVERHEAD = 320
MOMENTO_ELEMENT_BYTES = 128 * 1024  # Momento's documented limit on one collection element (--max-element-bytes)
# Rebuild the expiry heap once stale entries (overwritten/deleted items) outnumber live ones by this margin.
_HEAP_SLACK = 1024

ItemValue = bytes | Collection
"""A scalar's bytes, or a collection."""


class CacheNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"cache not found: {name}")
        self.name = name


class CacheAlreadyExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"cache already exists: {name}")
        self.name = name


class LimitExceeded(StoreError):
    """A write refused by a memory limit; ``err`` is the Momento error-metadata value, if one fits."""

    def __init__(self, message: str, err: str | None = None) -> None:
        super().__init__(message)
        self.err = err


@dataclass(slots=True, eq=False)
class Item:
    kind: ItemKind
    value: ItemValue
    expires_at: float  # on the store's clock
    nbytes: int = 0  # key + payload, as accounted by the store (the item size limit)
    cost: int = 0  # the memory it takes: nbytes plus overheads (memory_cost), counted against max_bytes


@dataclass(frozen=True, slots=True)
class Ttl:
    """A collection write's TTL: a new collection always gets ``ttl_ms``; an existing one only if ``refresh``."""

    ttl_ms: int
    refresh: bool = True


@dataclass(frozen=True, slots=True)
class CacheLimits:
    """Limits advertised by ListCaches. ``max_item_size_kb`` is enforced (see :class:`MemoryLimits`)."""

    max_traffic_rate: int = 100_000
    max_throughput_kbps: int = 1_048_576
    max_item_size_kb: int = 5_120
    max_ttl_seconds: int = 86_400


@dataclass(frozen=True, slots=True)
class TopicLimits:
    max_publish_rate: int = 100_000
    max_subscription_count: int = 1_000
    max_publish_message_size_kb: int = 5_120


@dataclass(frozen=True, slots=True)
class MemoryLimits:
    """Bounds on what the store holds. ``max_bytes`` counts memory (payload and overheads, topic buffers too);
    ``max_item_bytes`` one item's payload (keys, values, fields, elements; 8 per score)."""

    max_items: int = 1_000_000  # across all caches
    max_bytes: int = 1 << 30  # across all caches
    max_item_bytes: int = CacheLimits().max_item_size_kb * 1024  # one item, key included
    max_caches: int = 1_000  # caches that may exist at once
    max_name_length: int = 255  # characters in a cache or topic name
    # One collection element (list value, set member, field, value). Momento documents 128 KiB (MOMENTO_ELEMENT_BYTES);
    # by default an element may be as large as an item, which the emulator has always accepted.
    max_element_bytes: int = CacheLimits().max_item_size_kb * 1024


def payload_size(value: ItemValue) -> int:
    return len(value) if isinstance(value, bytes) else value.nbytes


def memory_cost(key: bytes, value: ItemValue) -> int:
    """What an item takes in memory, as the store counts it against ``max_bytes``."""
    cost = ITEM_OVERHEAD + len(key) + payload_size(value)
    if isinstance(value, Collection):
        cost += value.element_overhead * len(value)
    return cost


class Cache:
    """One named cache. Obtain through :meth:`Store.cache`; do not keep one across a DeleteCache."""

    __slots__ = ("_items", "_namespaces", "_parent", "_store", "name")

    def __init__(self, name: str, store: Store, parent: Cache | None = None) -> None:
        self.name = name
        self._store = store
        self._items: dict[bytes, Item] = {}
        self._parent = parent
        self._namespaces: dict[str, Cache] = {}

    def namespace(self, tag: str) -> Cache:
        """The items of another kind of resource in this cache (``"leaderboards"``): keys of their own, so they
        never clash with the cache's items, but the same memory limits and expiry, flushed and deleted with it."""
        if self._parent is not None:
            raise ValueError("namespaces do not nest")
        child = self._namespaces.get(tag)
        if child is None:
            child = self._namespaces[tag] = Cache(self.name, self._store, self)
        return child

    @property
    def root(self) -> Cache:
        """The cache itself, for one of its namespaces."""
        return self if self._parent is None else self._parent

    def __len__(self) -> int:
        return len(self._items)

    # --- generic item access (also the basis for collection operations) ---------------------------------------

    def lookup(self, key: bytes, kind: ItemKind | None = None) -> Item | None:
        """The live item at ``key`` (None if absent or expired); with ``kind``, a mismatch raises WrongItemKind."""
        item = self._items.get(key)
        if item is None:
            return None
        if item.expires_at <= self._store.now():
            self._drop(key, item)
            return None
        if kind is not None and item.kind is not kind:
            raise WrongItemKind(kind, item.kind)
        return item

    def put(self, key: bytes, kind: ItemKind, value: ItemValue, ttl_ms: int) -> Item:
        """Store a new item, replacing whatever was there (of any kind); LimitExceeded leaves all as it was."""
        old = self._items.get(key)
        nbytes = len(key) + payload_size(value)
        cost = memory_cost(key, value)
        expires_at = self._store.expiry(ttl_ms)
        old_nbytes, old_cost = (0, 0) if old is None else (old.nbytes, old.cost)
        self._store.admit(old_nbytes, nbytes, creating=old is None, old_cost=old_cost, new_cost=cost)
        if old is not None:
            self._drop(key, old)
        item = self._items[key] = Item(kind, value, expires_at, nbytes, cost)
        self._store.account(nbytes, 1, cost)
        self._store.schedule(self, key, item)
        return item

    def set_ttl(self, key: bytes, item: Item, ttl_ms: int) -> None:
        item.expires_at = self._store.expiry(ttl_ms)
        self._store.schedule(self, key, item)

    def remove(self, key: bytes) -> bool:
        """Delete ``key``; True if a live item was removed."""
        item = self.lookup(key)
        if item is None:
            return False
        self._drop(key, item)
        return True

    def remaining_ttl_ms(self, key: bytes) -> int | None:
        """Milliseconds until ``key`` expires (at least 1), or None if it is absent."""
        item = self.lookup(key)
        if item is None:
            return None
        return min(_UINT64_MAX, max(1, math.ceil((item.expires_at - self._store.now()) * 1000)))

    def flush(self) -> None:
        for child in self._namespaces.values():
            child.flush()
        items = self._items.values()
        self._store.account(-sum(item.nbytes for item in items), -len(items), -sum(item.cost for item in items))
        self._items = {}  # old heap entries no longer match and are discarded by the sweep

    def _drop(self, key: bytes, item: Item) -> None:
        del self._items[key]
        self._store.account(-item.nbytes, -1, -item.cost)

    def _expire(self, key: bytes, item: Item) -> None:
        if self._items.get(key) is item:
            self._drop(key, item)

    def _live_items(self) -> Iterator[tuple[bytes, Item]]:
        return iter(self._items.items())

    # --- collections -----------------------------------------------------------------------------------------

    def collection(self, key: bytes, cls: type[C]) -> C | None:
        """The live collection of type ``cls`` at ``key``; None if absent; WrongItemKind for another kind."""
        item = self.lookup(key, cls.kind)
        return None if item is None else cast(C, item.value)

    def write(self, key: bytes, cls: type[C], ttl: Ttl, change: Callable[[C], R], *, growth: int) -> R:
        """Apply ``change`` to the collection at ``key``, creating it if absent, and return its result.

        ``growth`` bounds how many bytes ``change`` can add; a change that might break a memory limit runs on
        a snapshot first. A collection left empty is deleted (an empty new one is never stored).
        """
        item = self.lookup(key, cls.kind)
        collection = cls() if item is None else cast(C, item.value)
        return self._change(key, item, collection, change, growth, ttl)

    def modify(
        self, key: bytes, cls: type[C], change: Callable[[C], R], *, ttl: Ttl | None = None, growth: int = 0
    ) -> R | None:
        """Like :meth:`write` for an existing collection only: None (and no call) if ``key`` holds none."""
        item = self.lookup(key, cls.kind)
        if item is None:
            return None
        return self._change(key, item, cast(C, item.value), change, growth, ttl)

    def _change(
        self, key: bytes, item: Item | None, collection: C, change: Callable[[C], R], growth: int, ttl: Ttl | None
    ) -> R:
        old_nbytes, old_cost = (0, 0) if item is None else (item.nbytes, item.cost)
        bound = (len(key) if item is None else old_nbytes) + growth
        # Every element a write adds took at least two bytes of its request (a field tag and a length).
        cost_bound = (ITEM_OVERHEAD + len(key) if item is None else old_cost) + growth
        cost_bound += collection.element_overhead * (growth // 2 + 1)
        fits = self._store.fits(old_nbytes, bound, item is None, old_cost=old_cost, new_cost=cost_bound)
        snapshot = None if fits else collection.copy()
        result = change(collection)
        nbytes = len(key) + collection.nbytes
        cost = memory_cost(key, collection)
        if snapshot is not None:
            try:
                self._store.admit(old_nbytes, nbytes, creating=item is None, old_cost=old_cost, new_cost=cost)
            except LimitExceeded:
                if item is not None:
                    item.value = snapshot
                raise
        if len(collection) == 0:
            if item is not None:
                self._drop(key, item)
        elif item is None:
            if ttl is None:
                raise ValueError("a new collection needs a TTL")
            self.put(key, collection.kind, collection, ttl.ttl_ms)
        else:
            self._store.account(nbytes - old_nbytes, 0, cost - old_cost)
            item.nbytes = nbytes
            item.cost = cost
            if ttl is not None and ttl.refresh:
                self.set_ttl(key, item, ttl.ttl_ms)
        return result

    def check_elements(self, *groups: Iterable[bytes]) -> None:
        """LimitExceeded (``element_size_limit_exceeded``) if an element a collection write brings is larger than
        ``max_element_bytes``; call before the write."""
        limit = self._store.memory_limits.max_element_bytes
        largest = max((max(map(len, group), default=0) for group in groups), default=0)
        if largest > limit:
            raise LimitExceeded(
                f"element size {largest} bytes exceeds the element size limit of {limit} bytes",
                "element_size_limit_exceeded",
            )

    # --- scalars ---------------------------------------------------------------------------------------------

    def get(self, key: bytes) -> bytes | None:
        item = self.lookup(key, ItemKind.SCALAR)
        return None if item is None else scalar_value(item)

    def set(self, key: bytes, value: bytes, ttl_ms: int) -> None:
        self.put(key, ItemKind.SCALAR, value, ttl_ms)

    def set_if(self, key: bytes, value: bytes, ttl_ms: int, condition: Callable[[Item | None], bool]) -> bool:
        """Store if ``condition`` holds for the live item at ``key`` (None if absent); True if stored.

        Conditions comparing values read them with :func:`scalar_value`, so a collection there fails with
        WrongItemKind, while presence-only conditions accept items of any kind.
        """
        if not condition(self.lookup(key)):
            return False
        self.put(key, ItemKind.SCALAR, value, ttl_ms)
        return True

    def set_if_not_exists(self, key: bytes, value: bytes, ttl_ms: int) -> bool:
        """Store only if ``key`` holds no live item (of any kind); True if stored."""
        return self.set_if(key, value, ttl_ms, lambda item: item is None)

    def increment(self, key: bytes, amount: int, ttl_ms: int) -> int:
        """Add ``amount`` to the base-10 integer at ``key`` (absent = 0); the TTL is reset like any write."""
        item = self.lookup(key, ItemKind.SCALAR)
        result = add_int64(None if item is None else scalar_value(item), amount)
        self.put(key, ItemKind.SCALAR, result, ttl_ms)
        return int(result)


def _scalar_cost(nbytes: int) -> int:
    return nbytes + ITEM_OVERHEAD


class InvalidName(StoreError):
    """A cache or topic name that is empty or too long."""


def check_name(name: str, max_length: int, what: str) -> str:
    """``name`` if it is a valid ``what`` (cache, topic) name: not blank, at most ``max_length`` characters."""
    if not name.strip():
        raise InvalidName(f"{what} name must not be empty")
    if len(name) > max_length:
        raise InvalidName(f"{what} name must be at most {max_length} characters long, not {len(name)}")
    return name


def scalar_value(item: Item) -> bytes:
    """The bytes of a scalar item; WrongItemKind for a collection."""
    if item.kind is not ItemKind.SCALAR or not isinstance(item.value, bytes):
        raise WrongItemKind(ItemKind.SCALAR, item.kind)
    return item.value


class Store:
    """All caches of one emulator instance. Not thread-safe: use it from one event loop."""

    def __init__(
        self,
        clock: Clock = time.monotonic,
        cache_limits: CacheLimits | None = None,
        topic_limits: TopicLimits | None = None,
        memory_limits: MemoryLimits | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._clock = clock
        self._caches: dict[str, Cache] = {}
        self._heap: list[tuple[float, int, Cache, bytes, Item]] = []
        self._sequence = itertools.count()  # tie-breaker so the heap never compares Cache objects
        self.cache_limits = cache_limits or CacheLimits()
        self.topic_limits = topic_limits or TopicLimits()
        self.memory_limits = memory_limits or MemoryLimits()
        self.rng = rng or random.Random()  # noqa: S311  set sample/pop picks, nothing secret
        self._items = 0
        self._bytes = 0  # payload of the items
        self._memory = 0  # what the items take (payload and overheads)
        self._reserved = 0  # what others hold in the same budget (topic buffers)
        self._reclaimers: list[tuple[Callable[[int], int], Callable[[], int]]] = []
        self._deletion_listeners: list[Callable[[str], None]] = []

    @property
    def item_count(self) -> int:
        """Items held, expired ones included until they are looked up or swept."""
        return self._items

    @property
    def byte_count(self) -> int:
        """Payload bytes of the items held (keys, values, fields, elements; 8 per score)."""
        return self._bytes

    @property
    def memory_used(self) -> int:
        """What counts against ``max_bytes``: the items with their overheads, and every reservation."""
        return self._memory + self._reserved

    def usage(self) -> dict[str, int]:
        """The accounting against the memory limits, as the test admin reports it."""
        limits = self.memory_limits
        return {
            "caches": len(self._caches),
            "items": self._items,
            "payload_bytes": self._bytes,
            "item_bytes": self._memory,
            "reserved_bytes": self._reserved,
            "bytes": self.memory_used,
            "max_caches": limits.max_caches,
            "max_items": limits.max_items,
            "max_bytes": limits.max_bytes,
        }

    def now(self) -> float:
        return self._clock()

    def expiry(self, ttl_ms: int) -> float:
        if ttl_ms <= 0:
            raise ValueError("ttl_ms must be positive")
        return self._clock() + ttl_ms / 1000

    # --- caches ----------------------------------------------------------------------------------------------

    def create_cache(self, name: str) -> Cache:
        """A new cache; CacheAlreadyExists, an InvalidName, or LimitExceeded beyond ``max_caches``."""
        check_name(name, self.memory_limits.max_name_length, "cache")
        if name in self._caches:
            raise CacheAlreadyExists(name)
        if len(self._caches) >= self.memory_limits.max_caches:
            raise LimitExceeded(
                f"Cache limit exceeded: the emulator holds at most {self.memory_limits.max_caches} caches "
                "(--max-caches)"
            )
        cache = self._caches[name] = Cache(name, self)
        return cache

    def delete_cache(self, name: str) -> None:
        cache = self._caches.pop(name, None)
        if cache is None:
            raise CacheNotFound(name)
        cache.flush()
        for listener in self._deletion_listeners:
            listener(name)

    def flush_cache(self, name: str) -> None:
        self.cache(name).flush()

    def cache(self, name: str) -> Cache:
        try:
            return self._caches[name]
        except KeyError:
            raise CacheNotFound(name) from None

    def cache_names(self) -> list[str]:
        return sorted(self._caches)

    # --- memory ----------------------------------------------------------------------------------------------

    def fits(
        self,
        old_nbytes: int,
        new_nbytes: int,
        creating: bool,
        *,
        old_cost: int | None = None,
        new_cost: int | None = None,
    ) -> bool:
        """Whether replacing an item of ``old_nbytes`` (taking ``old_cost`` of memory) by one of ``new_nbytes``
        (``new_cost``) keeps within every limit. A cost left out is the scalar's: its bytes and ITEM_OVERHEAD."""
        limits = self.memory_limits
        old_cost = _scalar_cost(old_nbytes) if old_cost is None else old_cost
        new_cost = _scalar_cost(new_nbytes) if new_cost is None else new_cost
        return (
            new_nbytes <= limits.max_item_bytes
            and self.memory_used - old_cost + new_cost <= limits.max_bytes
            and (not creating or self._items < limits.max_items)
        )

    def admit(
        self,
        old_nbytes: int,
        new_nbytes: int,
        creating: bool,
        *,
        old_cost: int | None = None,
        new_cost: int | None = None,
    ) -> None:
        """Raise LimitExceeded unless the replacement :meth:`fits` (after dropping expired items and asking the
        reclaimers for memory)."""
        if self.fits(old_nbytes, new_nbytes, creating, old_cost=old_cost, new_cost=new_cost):
            return
        limits = self.memory_limits
        if new_nbytes > limits.max_item_bytes:
            raise LimitExceeded(
                f"item size {new_nbytes} bytes exceeds the item size limit of {limits.max_item_bytes} bytes",
                "item_size_limit_exceeded",
            )
        self.sweep()
        old_cost = _scalar_cost(old_nbytes) if old_cost is None else old_cost
        new_cost = _scalar_cost(new_nbytes) if new_cost is None else new_cost
        self._make_room(new_cost - old_cost)
        if creating and self._items >= limits.max_items:
            raise LimitExceeded(f"emulator memory limit reached: it holds at most {limits.max_items} items")

    def account(self, delta_bytes: int, delta_items: int, delta_cost: int | None = None) -> None:
        """Record a change of the items held; ``delta_cost`` left out is the scalars': bytes and overheads."""
        self._bytes += delta_bytes
        self._items += delta_items
        self._memory += delta_bytes + ITEM_OVERHEAD * delta_items if delta_cost is None else delta_cost

    def reserve(self, nbytes: int) -> None:
        """Hold ``nbytes`` more of the budget for something else than an item (a topic's buffer); LimitExceeded if
        they do not fit even after expired items are dropped and the reclaimers have given back what they can."""
        if self.memory_used + nbytes > self.memory_limits.max_bytes:
            self.sweep()
            self._make_room(nbytes)
        self._reserved += nbytes

    def release(self, nbytes: int) -> None:
        """Give back what :meth:`reserve` held."""
        self._reserved -= nbytes

    def on_cache_deleted(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(name)`` whenever a cache is deleted (its topics give their memory back at once)."""
        self._deletion_listeners.append(listener)

    def reclaimer(self, reclaim: Callable[[int], int], available: Callable[[], int]) -> None:
        """Register memory that may be given back under pressure: ``reclaim(n)`` releases up to ``n`` bytes of
        reservations (oldest topic items first) and returns how many it released; ``available()`` says how many
        it could release at most."""
        self._reclaimers.append((reclaim, available))

    def _make_room(self, needed: int) -> None:
        """Reclaim until ``needed`` more bytes fit within ``max_bytes``; LimitExceeded if they cannot (then
        nothing is reclaimed in vain)."""
        limit = self.memory_limits.max_bytes
        shortfall = self.memory_used + needed - limit
        if shortfall <= 0:
            return
        if shortfall > sum(available() for _, available in self._reclaimers):
            raise LimitExceeded(f"emulator memory limit reached: it holds at most {limit} bytes (--max-bytes)")
        for reclaim, _ in self._reclaimers:
            shortfall = self.memory_used + needed - limit
            if shortfall <= 0:
                break
            reclaim(shortfall)
        if self.memory_used + needed > limit:
            raise LimitExceeded(f"emulator memory limit reached: it holds at most {limit} bytes (--max-bytes)")

    # --- expiry ----------------------------------------------------------------------------------------------

    def schedule(self, cache: Cache, key: bytes, item: Item) -> None:
        """Record ``item``'s current expiry; call again whenever it changes (older entries become stale)."""
        heapq.heappush(self._heap, (item.expires_at, next(self._sequence), cache, key, item))
        if len(self._heap) > 2 * self._items + _HEAP_SLACK:
            self._rebuild_heap()

    def sweep(self) -> int:
        """Drop every item whose expiry has passed; returns how many were dropped."""
        now = self._clock()
        heap = self._heap
        dropped = 0
        while heap and heap[0][0] <= now:
            expires_at, _, cache, key, item = heapq.heappop(heap)
            # Stale if the item was replaced, deleted, flushed, its TTL changed, or its cache was deleted.
            if item.expires_at == expires_at and self._caches.get(cache.name) is cache.root:
                before = len(cache)
                cache._expire(key, item)
                dropped += before - len(cache)
        return dropped

    def _rebuild_heap(self) -> None:
        self._heap = [
            (item.expires_at, next(self._sequence), cache, key, item)
            for root in self._caches.values()
            for cache in (root, *root._namespaces.values())
            for key, item in cache._live_items()
        ]
        heapq.heapify(self._heap)

"""In-memory cache store of the emulator: caches of items that expire, independent of any wire protocol.

Items are keyed by bytes. Every item has a :class:`ItemKind`; collections (dictionaries, lists, sets, sorted
sets) are items keyed by their name, so an operation on an item of another kind fails with
:class:`WrongItemKind`. Expiry is lazy (an expired item is dropped when it is looked up) plus a periodic
:meth:`Store.sweep` driven by a heap of expiry times, so a sweep only touches items that are due.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

Clock = Callable[[], float]
"""Monotonic seconds; injectable so tests can move time by hand."""

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
_INTEGER = re.compile(rb"-?[0-9]{1,19}")
# Rebuild the expiry heap once stale entries (overwritten/deleted items) outnumber live ones by this margin.
_HEAP_SLACK = 1024


class ItemKind(Enum):
    SCALAR = "scalar"
    DICTIONARY = "dictionary"
    SET = "set"
    LIST = "list"
    SORTED_SET = "sorted_set"


# Collections store a mutable container here (e.g. dict[bytes, bytes] for a dictionary); scalars store bytes.
ItemValue = bytes | dict[bytes, bytes] | list[bytes] | set[bytes] | dict[bytes, float]


class StoreError(Exception):
    """A request the store refuses; the service layer maps each subclass to a gRPC status."""


class CacheNotFound(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"cache not found: {name}")
        self.name = name


class CacheAlreadyExists(StoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"cache already exists: {name}")
        self.name = name


class WrongItemKind(StoreError):
    def __init__(self, expected: ItemKind, actual: ItemKind) -> None:
        super().__init__(f"item is a {actual.value}, not a {expected.value}")
        self.expected = expected
        self.actual = actual


class NotAnInteger(StoreError):
    """Increment of a value that is not a base-10 signed 64-bit integer."""


class IntegerOverflow(StoreError):
    """Increment whose result does not fit in a signed 64-bit integer."""


@dataclass(slots=True, eq=False)
class Item:
    kind: ItemKind
    value: ItemValue
    expires_at: float  # on the store's clock


@dataclass(frozen=True, slots=True)
class CacheLimits:
    """Limits advertised by ListCaches. Not enforced yet; enforcement (item size, …) is a later addition."""

    max_traffic_rate: int = 100_000
    max_throughput_kbps: int = 1_048_576
    max_item_size_kb: int = 5_120
    max_ttl_seconds: int = 86_400


@dataclass(frozen=True, slots=True)
class TopicLimits:
    max_publish_rate: int = 100_000
    max_subscription_count: int = 1_000
    max_publish_message_size_kb: int = 5_120


class Cache:
    """One named cache. Obtain through :meth:`Store.cache`; do not keep one across a DeleteCache."""

    __slots__ = ("_items", "_store", "name")

    def __init__(self, name: str, store: Store) -> None:
        self.name = name
        self._store = store
        self._items: dict[bytes, Item] = {}

    def __len__(self) -> int:
        return len(self._items)

    # --- generic item access (also the basis for collection operations) ---------------------------------------

    def lookup(self, key: bytes, kind: ItemKind | None = None) -> Item | None:
        """The live item at ``key`` (None if absent or expired); with ``kind``, a mismatch raises WrongItemKind."""
        item = self._items.get(key)
        if item is None:
            return None
        if item.expires_at <= self._store.now():
            del self._items[key]
            return None
        if kind is not None and item.kind is not kind:
            raise WrongItemKind(kind, item.kind)
        return item

    def put(self, key: bytes, kind: ItemKind, value: ItemValue, ttl_ms: int) -> Item:
        """Store a new item, replacing whatever was there (of any kind)."""
        item = Item(kind, value, self._store.expiry(ttl_ms))
        self._items[key] = item
        self._store.schedule(self, key, item)
        return item

    def set_ttl(self, key: bytes, item: Item, ttl_ms: int) -> None:
        item.expires_at = self._store.expiry(ttl_ms)
        self._store.schedule(self, key, item)

    def remove(self, key: bytes) -> bool:
        """Delete ``key``; True if a live item was removed."""
        if self.lookup(key) is None:
            return False
        del self._items[key]
        return True

    def remaining_ttl_ms(self, key: bytes) -> int | None:
        """Milliseconds until ``key`` expires (at least 1), or None if it is absent."""
        item = self.lookup(key)
        if item is None:
            return None
        return max(1, math.ceil((item.expires_at - self._store.now()) * 1000))

    def flush(self) -> None:
        self._items = {}  # old heap entries no longer match and are discarded by the sweep

    def _expire(self, key: bytes, item: Item) -> None:
        if self._items.get(key) is item:
            del self._items[key]

    def _live_items(self) -> Iterator[tuple[bytes, Item]]:
        return iter(self._items.items())

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
        current = 0 if item is None else parse_int64(scalar_value(item))
        result = current + amount
        if not INT64_MIN <= result <= INT64_MAX:
            raise IntegerOverflow(f"increment result {result} does not fit in a signed 64-bit integer")
        self.put(key, ItemKind.SCALAR, str(result).encode("ascii"), ttl_ms)
        return result


def scalar_value(item: Item) -> bytes:
    """The bytes of a scalar item; WrongItemKind for a collection."""
    if item.kind is not ItemKind.SCALAR or not isinstance(item.value, bytes):
        raise WrongItemKind(ItemKind.SCALAR, item.kind)
    return item.value


def parse_int64(value: bytes) -> int:
    """Strict base-10 signed 64-bit integer (no sign ``+``, spaces or underscores, unlike ``int()``)."""
    if _INTEGER.fullmatch(value) is None:
        raise NotAnInteger("stored value is not a base-10 integer")
    number = int(value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise NotAnInteger("stored value does not fit in a signed 64-bit integer")
    return number


class Store:
    """All caches of one emulator instance. Not thread-safe: use it from one event loop."""

    def __init__(
        self,
        clock: Clock = time.monotonic,
        cache_limits: CacheLimits | None = None,
        topic_limits: TopicLimits | None = None,
    ) -> None:
        self._clock = clock
        self._caches: dict[str, Cache] = {}
        self._heap: list[tuple[float, int, Cache, bytes, Item]] = []
        self._sequence = itertools.count()  # tie-breaker so the heap never compares Cache objects
        self.cache_limits = cache_limits or CacheLimits()
        self.topic_limits = topic_limits or TopicLimits()

    def now(self) -> float:
        return self._clock()

    def expiry(self, ttl_ms: int) -> float:
        if ttl_ms <= 0:
            raise ValueError("ttl_ms must be positive")
        return self._clock() + ttl_ms / 1000

    # --- caches ----------------------------------------------------------------------------------------------

    def create_cache(self, name: str) -> Cache:
        if name in self._caches:
            raise CacheAlreadyExists(name)
        cache = self._caches[name] = Cache(name, self)
        return cache

    def delete_cache(self, name: str) -> None:
        if self._caches.pop(name, None) is None:
            raise CacheNotFound(name)

    def flush_cache(self, name: str) -> None:
        self.cache(name).flush()

    def cache(self, name: str) -> Cache:
        try:
            return self._caches[name]
        except KeyError:
            raise CacheNotFound(name) from None

    def cache_names(self) -> list[str]:
        return sorted(self._caches)

    # --- expiry ----------------------------------------------------------------------------------------------

    def schedule(self, cache: Cache, key: bytes, item: Item) -> None:
        """Record ``item``'s current expiry; call again whenever it changes (older entries become stale)."""
        heapq.heappush(self._heap, (item.expires_at, next(self._sequence), cache, key, item))
        if len(self._heap) > 2 * self._live_count() + _HEAP_SLACK:
            self._rebuild_heap()

    def sweep(self) -> int:
        """Drop every item whose expiry has passed; returns how many were dropped."""
        now = self._clock()
        heap = self._heap
        dropped = 0
        while heap and heap[0][0] <= now:
            expires_at, _, cache, key, item = heapq.heappop(heap)
            # Stale if the item was replaced, deleted, flushed, its TTL changed, or its cache was deleted.
            if item.expires_at == expires_at and self._caches.get(cache.name) is cache:
                before = len(cache)
                cache._expire(key, item)
                dropped += before - len(cache)
        return dropped

    def _live_count(self) -> int:
        return sum(len(cache) for cache in self._caches.values())

    def _rebuild_heap(self) -> None:
        self._heap = [
            (item.expires_at, next(self._sequence), cache, key, item)
            for cache in self._caches.values()
            for key, item in cache._live_items()
        ]
        heapq.heapify(self._heap)

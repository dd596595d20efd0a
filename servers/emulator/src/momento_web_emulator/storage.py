"""Momento Storage in the emulator: named stores of typed values (bytes, string, 64-bit integer, double) that
never expire, independent of any wire protocol.

Reads come from memory. Without a journal that is all there is; with one (``--data-dir``,
:mod:`.storage_journal`) every change is first committed to disk and only then applied in memory and
acknowledged, so memory never holds what the disk lacks. Changes run one at a time (an asyncio lock held from
the checks through the commit), so a check never sees a state an earlier change is about to alter.

Bounded by :class:`StorageLimits`: a change that would break a limit fails with :class:`StorageLimitExceeded` and
changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from momento_web_emulator.sqlite_journal import write_then_apply
from momento_web_emulator.storage_journal import FILE_NAME, JournalError, Snapshot, StorageJournal, StoredValue

__all__ = [
    "JournalError",
    "StorageError",
    "StorageLimitExceeded",
    "StorageLimits",
    "StoreAlreadyExists",
    "StoreNotFound",
    "StoreRegistry",
    "StoredValue",
    "item_size",
    "open_stores",
]

_NUMBER_BYTES = 8  # an int64 or a double
T = TypeVar("T")


class StorageError(Exception):
    """A request the stores refuse (translated to a gRPC status by the storage services)."""


class StoreNotFound(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Store with name: {name} doesn't exist")
        self.name = name


class StoreAlreadyExists(StorageError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Store with name: {name} already exists")
        self.name = name


class StorageLimitExceeded(StorageError):
    """``err`` is the Momento error-metadata value, if one fits."""

    def __init__(self, message: str, err: str | None = None) -> None:
        super().__init__(message)
        self.err = err


@dataclass(frozen=True, slots=True)
class StorageLimits:
    max_stores: int = 100
    max_items: int = 1_000_000  # across all stores
    max_bytes: int = 1 << 30  # keys and values across all stores
    max_item_bytes: int = 5 << 20  # one item: its key's UTF-8 plus its value


def item_size(key: str, value: StoredValue) -> int:
    """What an item counts against the limits: its key's UTF-8 bytes plus its value's bytes (8 for numbers)."""
    if isinstance(value, bytes):
        size = len(value)
    elif isinstance(value, str):
        size = len(value.encode("utf-8"))
    else:
        size = _NUMBER_BYTES
    return len(key.encode("utf-8")) + size


class StoreRegistry:
    """Every store. Build in memory with ``StoreRegistry(limits)``, or durable with :meth:`open`."""

    def __init__(self, limits: StorageLimits | None = None, *, journal: StorageJournal | None = None) -> None:
        self.limits = limits or StorageLimits()
        self._journal = journal
        self._stores: dict[str, dict[str, StoredValue]] = {}
        self._items = 0
        self._bytes = 0
        self._lock = asyncio.Lock()

    @classmethod
    def open(cls, journal: StorageJournal, snapshot: Snapshot, limits: StorageLimits | None = None) -> StoreRegistry:
        """A registry over ``journal`` holding ``snapshot`` (what the journal read back). Limits bound new
        changes only: what the disk holds is loaded even if it exceeds them."""
        registry = cls(limits, journal=journal)
        registry._stores = snapshot
        registry._items = sum(len(items) for items in snapshot.values())
        registry._bytes = sum(item_size(k, v) for items in snapshot.values() for k, v in items.items())
        return registry

    @property
    def durable(self) -> bool:
        return self._journal is not None

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()

    # --- reads ------------------------------------------------------------------------------------------------

    def store_names(self) -> list[str]:
        return sorted(self._stores)

    def get(self, store: str, key: str) -> StoredValue | None:
        """The value at ``key``, or None; raises StoreNotFound."""
        return self._items_of(store).get(key)

    def usage(self) -> tuple[int, int]:
        """``(items, bytes)`` held across all stores."""
        return self._items, self._bytes

    # --- changes ----------------------------------------------------------------------------------------------

    async def create_store(self, name: str) -> None:
        def check() -> None:
            if name in self._stores:
                raise StoreAlreadyExists(name)
            if len(self._stores) >= self.limits.max_stores:
                raise StorageLimitExceeded(f"Store limit exceeded: at most {self.limits.max_stores} stores")

        await self._begin(check)
        await self._commit(StorageJournal.create_store(name), lambda: self._stores.__setitem__(name, {}))

    async def delete_store(self, name: str) -> None:
        items = await self._begin(lambda: self._items_of(name))

        def apply() -> None:
            del self._stores[name]
            self._account(-len(items), -sum(item_size(k, v) for k, v in items.items()))

        await self._commit(StorageJournal.delete_store(name), apply)

    async def put(self, store: str, key: str, value: StoredValue) -> None:
        """Set ``key`` to ``value``, replacing whatever it held (of any type)."""
        size = item_size(key, value)
        limits = self.limits

        def check() -> tuple[dict[str, StoredValue], int, int]:
            items = self._items_of(store)
            if size > limits.max_item_bytes:
                raise StorageLimitExceeded(
                    f"item size {size} bytes exceeds the item size limit of {limits.max_item_bytes} bytes",
                    "item_size_limit_exceeded",
                )
            old = items.get(key)
            added_items = 1 if old is None else 0
            added_bytes = size - (0 if old is None else item_size(key, old))
            if self._bytes + added_bytes > limits.max_bytes:
                raise StorageLimitExceeded(f"Storage limit exceeded: the stores hold at most {limits.max_bytes} bytes")
            if self._items + added_items > limits.max_items:
                raise StorageLimitExceeded(f"Storage limit exceeded: the stores hold at most {limits.max_items} items")
            return items, added_items, added_bytes

        items, added_items, added_bytes = await self._begin(check)

        def apply() -> None:
            items[key] = value
            self._account(added_items, added_bytes)

        await self._commit(StorageJournal.put(store, key, value), apply)

    async def delete(self, store: str, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        items = await self._begin(lambda: self._items_of(store))
        old = items.get(key)
        if old is None:
            self._lock.release()
            return

        def apply() -> None:
            del items[key]
            self._account(-1, -item_size(key, old))

        await self._commit(StorageJournal.delete(store, key), apply)

    # --- internals --------------------------------------------------------------------------------------------

    def _items_of(self, store: str) -> dict[str, StoredValue]:
        items = self._stores.get(store)
        if items is None:
            raise StoreNotFound(store)
        return items

    def _account(self, items: int, nbytes: int) -> None:
        self._items += items
        self._bytes += nbytes

    async def _begin(self, check: Callable[[], T]) -> T:
        """Take the lock, then run ``check`` (which raises to refuse the change); a refusal releases the lock."""
        await self._lock.acquire()
        try:
            return check()
        except BaseException:
            self._lock.release()
            raise

    async def _commit(self, change: Callable[[Any], None], apply: Callable[[], None]) -> None:
        """Write ``change`` to the journal, then ``apply`` it in memory; called holding the lock, releases it (see
        :func:`.sqlite_journal.write_then_apply`)."""
        await write_then_apply(self._lock, self._journal, change, apply)


def open_stores(data_dir: Path | None, limits: StorageLimits | None = None) -> StoreRegistry:
    """The stores: durable in ``data_dir``'s ``stores.sqlite3`` (loaded now), or in memory for None; raises
    JournalError if the file cannot be used."""
    if data_dir is None:
        return StoreRegistry(limits)
    journal, snapshot = StorageJournal.open(data_dir / FILE_NAME)
    return StoreRegistry.open(journal, snapshot, limits)

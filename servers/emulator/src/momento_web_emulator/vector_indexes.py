"""The emulator's vector indexes (Momento Vector Index), independent of any wire protocol.

Reads (search, counts, batch reads) come from memory (:mod:`.vector_search`). Changes run one at a time: an
asyncio lock is held from the checks to the end of the change. Without a journal a change applies at once;
with one (``--data-dir``, :mod:`.vector_journal`) it is committed to disk first and applied in memory only then,
by a callback of the disk write itself, so a caller cancelled while it waits cannot leave memory behind the disk.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from momento_web_emulator.sqlite_journal import write_then_apply
from momento_web_emulator.vector_filters import Metadata, Predicate
from momento_web_emulator.vector_journal import FILE_NAME, Change, StoredIndex, VectorJournal, VectorJournalError
from momento_web_emulator.vector_search import Item, Metric, VectorIndex

__all__ = [
    "DimensionMismatch",
    "IndexAlreadyExists",
    "IndexNotFound",
    "Item",
    "Metric",
    "VectorIndex",
    "VectorIndexError",
    "VectorIndexes",
    "VectorJournalError",
    "VectorLimitExceeded",
    "VectorLimits",
    "ids_in",
    "ids_matching",
    "open_vector_indexes",
]

logger = logging.getLogger(__name__)


class VectorIndexError(Exception):
    """A request the indexes refuse (the vector index services turn it into a gRPC status)."""


class IndexNotFound(VectorIndexError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Index not found: {name}")
        self.name = name


class IndexAlreadyExists(VectorIndexError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Index already exists: {name}")
        self.name = name


class DimensionMismatch(VectorIndexError):
    """A vector whose length is not the index's dimension count."""


class VectorLimitExceeded(VectorIndexError):
    """A change that would break a :class:`VectorLimits` bound (RESOURCE_EXHAUSTED)."""


@dataclass(frozen=True, slots=True)
class VectorLimits:
    """Bounds on what the indexes hold, across all of them; ``max_bytes`` counts :func:`index_size` and
    :func:`item_size`."""

    max_indexes: int = 100
    max_items: int = 1_000_000
    max_bytes: int = 1 << 30


_FLOAT_BYTES = 4
_NUMBER_BYTES = 8


def index_size(dimensions: int) -> int:
    """What an empty index counts: the matrix it starts with (16 rows, so an index of many dimensions is not free)."""
    return 16 * dimensions * _FLOAT_BYTES


def item_size(item_id: str, dimensions: int, metadata: Metadata) -> int:
    """What an item counts: its vector's 32-bit floats, its id's UTF-8 and its metadata's names and values (8 bytes
    per number, each string's UTF-8)."""
    size = dimensions * _FLOAT_BYTES + len(item_id.encode("utf-8"))
    for name, value in metadata.items():
        size += len(name.encode("utf-8"))
        if isinstance(value, str):
            size += len(value.encode("utf-8"))
        elif isinstance(value, tuple):
            size += sum(len(entry.encode("utf-8")) for entry in value)
        else:
            size += _NUMBER_BYTES
    return size


UPSERT_DIMENSION_MISMATCH = "invalid parameter: vector, vector dimension has to match the index's dimension"


class VectorIndexes:
    """Every index by name. ``journal`` None: memory only."""

    def __init__(self, journal: VectorJournal | None = None, limits: VectorLimits | None = None) -> None:
        self._indexes: dict[str, VectorIndex] = {}
        self._journal = journal
        self._lock = asyncio.Lock()
        self.limits = limits or VectorLimits()
        self._items = 0  # across all indexes
        self._bytes = 0  # index_size and item_size across all indexes

    def usage(self) -> tuple[int, int, int]:
        """``(indexes, items, bytes)`` held, as the limits count them."""
        return len(self._indexes), self._items, self._bytes

    def _account(self, items: int, nbytes: int) -> None:
        self._items += items
        self._bytes += nbytes

    def _admit(self, items: int, nbytes: int) -> None:
        limits = self.limits
        if self._items + items > limits.max_items:
            raise VectorLimitExceeded(f"Vector index limit exceeded: the indexes hold at most {limits.max_items} items")
        if self._bytes + nbytes > limits.max_bytes:
            raise VectorLimitExceeded(f"Vector index limit exceeded: the indexes hold at most {limits.max_bytes} bytes")

    @classmethod
    def restore(
        cls, journal: VectorJournal, snapshot: dict[str, StoredIndex], limits: VectorLimits | None = None
    ) -> VectorIndexes:
        """The indexes on disk, all loaded (and counted) even beyond ``limits``: they bound new changes only."""
        indexes = cls(journal, limits)
        for name, stored in snapshot.items():
            try:
                metric = Metric(stored.metric)
            except ValueError:
                raise VectorJournalError(f"corrupt {FILE_NAME}: index {name!r} has metric {stored.metric!r}") from None
            index = VectorIndex(name, stored.dimensions, metric)
            vectors = np.frombuffer(b"".join(stored.vectors), dtype="<f4").reshape(-1, stored.dimensions)
            index.load(stored.ids, vectors.astype(np.float32), stored.metadata)
            indexes._indexes[name] = index
            indexes._account(len(index), _held(index))
        return indexes

    def close(self) -> None:
        """Finish pending disk writes and close the file (no-op in memory)."""
        if self._journal is not None:
            self._journal.close()

    # --- reads ------------------------------------------------------------------------------------------------

    def get(self, name: str) -> VectorIndex:
        index = self._indexes.get(name)
        if index is None:
            raise IndexNotFound(name)
        return index

    def all(self) -> list[VectorIndex]:
        """Every index, by name."""
        return [self._indexes[name] for name in sorted(self._indexes)]

    # --- changes ----------------------------------------------------------------------------------------------

    async def create(self, name: str, dimensions: int, metric: Metric) -> None:
        def prepare() -> tuple[Change, Callable[[], None]]:
            if name in self._indexes:
                raise IndexAlreadyExists(name)
            if len(self._indexes) >= self.limits.max_indexes:
                raise VectorLimitExceeded(
                    f"Vector index limit exceeded: at most {self.limits.max_indexes} indexes may exist"
                )
            self._admit(0, index_size(dimensions))

            def apply() -> None:
                self._indexes[name] = VectorIndex(name, dimensions, metric)
                self._account(0, index_size(dimensions))

            return VectorJournal.create_index(name, dimensions, metric.value), apply

        await self._change(prepare)

    async def drop(self, name: str) -> None:
        def prepare() -> tuple[Change, Callable[[], None]]:
            index = self.get(name)

            def apply() -> None:
                del self._indexes[name]
                self._account(-len(index), -_held(index))

            return VectorJournal.delete_index(name), apply

        await self._change(prepare)

    async def upsert(self, name: str, items: Sequence[Item]) -> None:
        """Write ``items`` (all or none: one vector of the wrong length refuses the batch)."""

        def prepare() -> tuple[Change, Callable[[], None]]:
            index = self.get(name)
            if any(item.vector.shape != (index.dimensions,) for item in items):
                raise DimensionMismatch(UPSERT_DIMENSION_MISMATCH)
            added_items, added_bytes = _growth(index, items)
            self._admit(added_items, added_bytes)
            stored = (
                [(item.id, item.vector.astype("<f4").tobytes(), item.metadata) for item in items]
                if self._journal is not None
                else []  # memory only: nothing to encode
            )

            def apply() -> None:
                index.upsert(items)
                self._account(added_items, added_bytes)

            return VectorJournal.upsert(name, stored), apply

        await self._change(prepare)

    async def delete(self, name: str, select: Callable[[VectorIndex], Sequence[str]]) -> int:
        """Delete the items ``select`` picks (given the index, under the lock); returns how many existed."""
        removed: list[int] = []

        def prepare() -> tuple[Change, Callable[[], None]]:
            index = self.get(name)
            ids = list(dict.fromkeys(item_id for item_id in select(index) if item_id in index))
            freed = sum(_size_of(index, item_id) for item_id in ids)

            def apply() -> None:
                removed.append(index.delete(ids))
                self._account(-len(ids), -freed)

            return VectorJournal.delete_items(name, ids), apply

        await self._change(prepare)
        return sum(removed)

    async def _change(self, prepare: Callable[[], tuple[Change, Callable[[], None]]]) -> None:
        """Under the lock: ``prepare`` checks (raising to refuse) and returns the disk change and the memory one."""
        await self._lock.acquire()
        try:
            change, apply = prepare()
        except BaseException:
            self._lock.release()
            raise
        await write_then_apply(self._lock, self._journal, change, apply)


def _size_of(index: VectorIndex, item_id: str) -> int:
    item = index.get(item_id)
    return 0 if item is None else item_size(item_id, index.dimensions, item.metadata)


def _held(index: VectorIndex) -> int:
    """What ``index`` counts: its own size and its items'."""
    return index_size(index.dimensions) + sum(
        item_size(item.id, index.dimensions, item.metadata) for item in index.items()
    )


def _growth(index: VectorIndex, items: Sequence[Item]) -> tuple[int, int]:
    """``(items, bytes)`` an upsert of ``items`` adds to ``index`` (the last item of an id wins; a replaced item
    gives back its old size)."""
    last = {item.id: item for item in items}
    added_items = sum(item_id not in index for item_id in last)
    added_bytes = sum(
        item_size(item_id, index.dimensions, item.metadata) - _size_of(index, item_id) for item_id, item in last.items()
    )
    return added_items, added_bytes


def ids_in(ids: Sequence[str]) -> Callable[[VectorIndex], Sequence[str]]:
    """For :meth:`VectorIndexes.delete`: these ids."""
    return lambda index: ids


def ids_matching(predicate: Predicate) -> Callable[[VectorIndex], Sequence[str]]:
    """For :meth:`VectorIndexes.delete`: the ids of the items ``predicate`` accepts."""
    return lambda index: index.matching(predicate)


def open_vector_indexes(data_dir: Path | None, limits: VectorLimits | None = None) -> VectorIndexes:
    """The indexes: durable in ``data_dir``'s ``vector_indexes.sqlite3`` (loaded now), or in memory for None;
    raises VectorJournalError if the file cannot be used."""
    if data_dir is None:
        return VectorIndexes(limits=limits)
    journal, snapshot = VectorJournal.open(data_dir / FILE_NAME)
    try:
        return VectorIndexes.restore(journal, snapshot, limits)
    except BaseException:
        journal.close()
        raise

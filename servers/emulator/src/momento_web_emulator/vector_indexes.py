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
from pathlib import Path

import numpy as np

from momento_web_emulator.sqlite_journal import write_then_apply
from momento_web_emulator.vector_filters import Predicate
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


UPSERT_DIMENSION_MISMATCH = "invalid parameter: vector, vector dimension has to match the index's dimension"


class VectorIndexes:
    """Every index by name. ``journal`` None: memory only."""

    def __init__(self, journal: VectorJournal | None = None) -> None:
        self._indexes: dict[str, VectorIndex] = {}
        self._journal = journal
        self._lock = asyncio.Lock()

    @classmethod
    def restore(cls, journal: VectorJournal, snapshot: dict[str, StoredIndex]) -> VectorIndexes:
        indexes = cls(journal)
        for name, stored in snapshot.items():
            try:
                metric = Metric(stored.metric)
            except ValueError:
                raise VectorJournalError(f"corrupt {FILE_NAME}: index {name!r} has metric {stored.metric!r}") from None
            index = VectorIndex(name, stored.dimensions, metric)
            vectors = np.frombuffer(b"".join(stored.vectors), dtype="<f4").reshape(-1, stored.dimensions)
            index.load(stored.ids, vectors.astype(np.float32), stored.metadata)
            indexes._indexes[name] = index
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

            def apply() -> None:
                self._indexes[name] = VectorIndex(name, dimensions, metric)

            return VectorJournal.create_index(name, dimensions, metric.value), apply

        await self._change(prepare)

    async def drop(self, name: str) -> None:
        def prepare() -> tuple[Change, Callable[[], None]]:
            self.get(name)

            def apply() -> None:
                del self._indexes[name]

            return VectorJournal.delete_index(name), apply

        await self._change(prepare)

    async def upsert(self, name: str, items: Sequence[Item]) -> None:
        """Write ``items`` (all or none: one vector of the wrong length refuses the batch)."""

        def prepare() -> tuple[Change, Callable[[], None]]:
            index = self.get(name)
            if any(item.vector.shape != (index.dimensions,) for item in items):
                raise DimensionMismatch(UPSERT_DIMENSION_MISMATCH)
            stored = (
                [(item.id, item.vector.astype("<f4").tobytes(), item.metadata) for item in items]
                if self._journal is not None
                else []  # memory only: nothing to encode
            )
            return VectorJournal.upsert(name, stored), lambda: index.upsert(items)

        await self._change(prepare)

    async def delete(self, name: str, select: Callable[[VectorIndex], Sequence[str]]) -> int:
        """Delete the items ``select`` picks (given the index, under the lock); returns how many existed."""
        removed: list[int] = []

        def prepare() -> tuple[Change, Callable[[], None]]:
            index = self.get(name)
            ids = [item_id for item_id in select(index) if item_id in index]
            return VectorJournal.delete_items(name, ids), lambda: removed.append(index.delete(ids))

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


def ids_in(ids: Sequence[str]) -> Callable[[VectorIndex], Sequence[str]]:
    """For :meth:`VectorIndexes.delete`: these ids."""
    return lambda index: ids


def ids_matching(predicate: Predicate) -> Callable[[VectorIndex], Sequence[str]]:
    """For :meth:`VectorIndexes.delete`: the ids of the items ``predicate`` accepts."""
    return lambda index: index.matching(predicate)


def open_vector_indexes(data_dir: Path | None) -> VectorIndexes:
    """The indexes: durable in ``data_dir``'s ``vector_indexes.sqlite3`` (loaded now), or in memory for None;
    raises VectorJournalError if the file cannot be used."""
    if data_dir is None:
        return VectorIndexes()
    journal, snapshot = VectorJournal.open(data_dir / FILE_NAME)
    try:
        return VectorIndexes.restore(journal, snapshot)
    except BaseException:
        journal.close()
        raise

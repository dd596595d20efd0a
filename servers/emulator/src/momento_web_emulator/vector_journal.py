"""Durable record of the emulator's vector indexes: ``vector_indexes.sqlite3`` in ``--data-dir``.

Written as :mod:`.sqlite_journal` describes, like the stores' file: the registry acknowledges a change only once
it is committed to disk (an acknowledged upsert survives ``kill -9`` and power loss), one worker thread owns the
connection, and a second emulator on the same directory fails at start.

Rows: an index's name, dimensions and metric; an item's id, its vector as little-endian float32 bytes (exactly
what the wire carried) and its metadata as JSON, which keeps every value's type (``1`` is an integer, ``1.0`` a
double, ``true`` a boolean; NaN and infinities as Python writes them; lists of strings as arrays).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from momento_web_emulator.sqlite_journal import SqliteJournal
from momento_web_emulator.vector_filters import Metadata, MetadataValue

logger = logging.getLogger(__name__)

FILE_NAME = "vector_indexes.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS indexes (
    name TEXT PRIMARY KEY,
    dimensions INTEGER NOT NULL,
    metric TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items (
    index_name TEXT NOT NULL REFERENCES indexes (name),
    id TEXT NOT NULL,
    vector BLOB NOT NULL,
    metadata TEXT NOT NULL,
    PRIMARY KEY (index_name, id)
) WITHOUT ROWID;
"""

Change = Callable[[sqlite3.Connection], None]
"""One transaction's worth of statements, run on the worker thread."""


class VectorJournalError(Exception):
    """The file cannot be used: in use by another process, of another schema, or not a database."""


@dataclass
class StoredIndex:
    """An index as the file holds it; ``vectors`` holds one float32 vector per id, as bytes."""

    dimensions: int
    metric: str
    ids: list[str] = field(default_factory=list)
    vectors: list[bytes] = field(default_factory=list)
    metadata: list[Metadata] = field(default_factory=list)


StoredItem = tuple[str, bytes, Metadata]
"""``(id, float32 little-endian vector bytes, metadata)``."""


def encode_metadata(metadata: Metadata) -> str:
    return json.dumps({name: list(value) if isinstance(value, tuple) else value for name, value in metadata.items()})


def decode_metadata(text: str) -> Metadata:
    document = json.loads(text)
    if not isinstance(document, dict):
        raise VectorJournalError(f"corrupt {FILE_NAME}: metadata {text[:80]!r} is not an object")
    metadata: Metadata = {}
    for name, value in document.items():
        metadata[name] = _metadata_value(value)
    return metadata


def _metadata_value(value: object) -> MetadataValue:
    if isinstance(value, list) and all(isinstance(element, str) for element in value):
        return tuple(value)
    if isinstance(value, str | int | float):  # bool is an int
        return value
    raise VectorJournalError(f"corrupt {FILE_NAME}: a metadata value of type {type(value).__name__}")


class VectorJournal(SqliteJournal[dict[str, StoredIndex]]):
    """Open with :meth:`open`; each change goes through :meth:`submit`; :meth:`close` at shutdown."""

    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    thread_name = "vectors-sqlite"
    error = VectorJournalError

    # --- changes ----------------------------------------------------------------------------------------------

    @staticmethod
    def create_index(name: str, dimensions: int, metric: str) -> Change:
        def change(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO indexes (name, dimensions, metric) VALUES (?, ?, ?)", (name, dimensions, metric))

        return change

    @staticmethod
    def delete_index(name: str) -> Change:
        def change(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM items WHERE index_name = ?", (name,))
            db.execute("DELETE FROM indexes WHERE name = ?", (name,))

        return change

    @staticmethod
    def upsert(name: str, items: Sequence[StoredItem]) -> Change:
        def change(db: sqlite3.Connection) -> None:
            # Encoded here, on the worker thread, not on the event loop.
            rows = [(name, item_id, vector, encode_metadata(metadata)) for item_id, vector, metadata in items]
            db.executemany(
                "INSERT INTO items (index_name, id, vector, metadata) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (index_name, id) DO UPDATE SET vector = excluded.vector, metadata = excluded.metadata",
                rows,
            )

        return change

    @staticmethod
    def delete_items(name: str, ids: Sequence[str]) -> Change:
        rows = [(name, item_id) for item_id in ids]

        def change(db: sqlite3.Connection) -> None:
            db.executemany("DELETE FROM items WHERE index_name = ? AND id = ?", rows)

        return change

    def _load(self, db: sqlite3.Connection) -> dict[str, StoredIndex]:
        snapshot = _read(db)
        items = sum(len(index.ids) for index in snapshot.values())
        logger.info("vector indexes: %d index(es), %d item(s) loaded from %s", len(snapshot), items, self.path)
        return snapshot


def _read(db: sqlite3.Connection) -> dict[str, StoredIndex]:
    snapshot = {
        name: StoredIndex(dimensions, metric)
        for name, dimensions, metric in db.execute("SELECT name, dimensions, metric FROM indexes")
    }
    # In id order: a restarted emulator lays its rows out the same way every time.
    for index_name, item_id, vector, metadata in db.execute(
        "SELECT index_name, id, vector, metadata FROM items ORDER BY index_name, id"
    ):
        index = snapshot.get(index_name)
        if index is None:
            raise VectorJournalError(f"corrupt {FILE_NAME}: an item of the unknown index {index_name!r}")
        if not isinstance(vector, bytes) or len(vector) != 4 * index.dimensions:
            raise VectorJournalError(f"corrupt {FILE_NAME}: item {item_id!r} of {index_name!r} has a bad vector")
        index.ids.append(item_id)
        index.vectors.append(vector)
        index.metadata.append(decode_metadata(metadata))
    return snapshot

"""Durable record of the emulator's stores (Momento Storage): ``stores.sqlite3`` in ``--data-dir``.

Written as :mod:`.sqlite_journal` describes: each change is committed to disk (WAL, ``synchronous=FULL``) before
it is acknowledged, by one worker thread, in a file a second emulator cannot open.

Values keep their exact type: the ``kind`` column says which ``_StoreValue`` member a row holds; doubles are
stored as their 8 IEEE-754 bytes because SQLite turns NaN into NULL.
"""

from __future__ import annotations

import logging
import sqlite3
import struct
from collections.abc import Callable

from momento_web_emulator.sqlite_journal import SqliteJournal

logger = logging.getLogger(__name__)

StoredValue = bytes | str | int | float
"""One of the ``_StoreValue`` members: ``bytes_value``, ``string_value``, ``integer_value``, ``double_value``."""

FILE_NAME = "stores.sqlite3"
SCHEMA_VERSION = 1
# The `kind` column: the field numbers of the _StoreValue oneof members.
_BYTES, _STRING, _INTEGER, _DOUBLE = 1, 2, 3, 4
_DOUBLE_FORMAT = struct.Struct("<d")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stores (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS items (
    store TEXT NOT NULL REFERENCES stores (name),
    key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    value BLOB NOT NULL,  -- BLOB affinity: SQLite stores every value as given, converting none
    PRIMARY KEY (store, key)
) WITHOUT ROWID;
"""

Snapshot = dict[str, dict[str, StoredValue]]
"""Every store by name, with its items by key."""


class JournalError(Exception):
    """The file cannot be used: in use by another process, of another schema, or not a database."""


def encode(value: StoredValue) -> tuple[int, bytes | str | int]:
    """The ``(kind, value)`` columns of a value."""
    if isinstance(value, bytes):
        return _BYTES, value
    if isinstance(value, str):
        return _STRING, value
    if isinstance(value, float):
        return _DOUBLE, _DOUBLE_FORMAT.pack(value)
    return _INTEGER, value


def decode(kind: int, column: object) -> StoredValue:
    """The value of a row; raises JournalError for a row this schema cannot have written."""
    if kind == _BYTES and isinstance(column, bytes):
        return column
    if kind == _STRING and isinstance(column, str):
        return column
    if kind == _INTEGER and isinstance(column, int):
        return column
    if kind == _DOUBLE and isinstance(column, bytes) and len(column) == _DOUBLE_FORMAT.size:
        value: float = _DOUBLE_FORMAT.unpack(column)[0]
        return value
    raise JournalError(f"corrupt item row: kind {kind} with a {type(column).__name__} value")


class StorageJournal(SqliteJournal[Snapshot]):
    """Open with :meth:`open`; every write goes through :meth:`submit`; :meth:`close` at shutdown."""

    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    thread_name = "stores-sqlite"
    error = JournalError

    # --- the changes (run on the worker thread) -------------------------------------------------------------

    @staticmethod
    def create_store(name: str) -> Callable[[sqlite3.Connection], None]:
        return lambda db: _execute(db, "INSERT INTO stores (name) VALUES (?)", (name,))

    @staticmethod
    def delete_store(name: str) -> Callable[[sqlite3.Connection], None]:
        def change(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM items WHERE store = ?", (name,))
            db.execute("DELETE FROM stores WHERE name = ?", (name,))

        return change

    @staticmethod
    def put(store: str, key: str, value: StoredValue) -> Callable[[sqlite3.Connection], None]:
        kind, column = encode(value)
        return lambda db: _execute(
            db,
            "INSERT INTO items (store, key, kind, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (store, key) DO UPDATE SET kind = excluded.kind, value = excluded.value",
            (store, key, kind, column),
        )

    @staticmethod
    def delete(store: str, key: str) -> Callable[[sqlite3.Connection], None]:
        return lambda db: _execute(db, "DELETE FROM items WHERE store = ? AND key = ?", (store, key))

    def _load(self, db: sqlite3.Connection) -> Snapshot:
        snapshot = _read(db)
        items = sum(len(store) for store in snapshot.values())
        logger.info("stores: %d store(s), %d item(s) loaded from %s", len(snapshot), items, self.path)
        return snapshot


def _execute(db: sqlite3.Connection, sql: str, parameters: tuple[object, ...]) -> None:
    db.execute(sql, parameters)


def _read(db: sqlite3.Connection) -> Snapshot:
    snapshot: Snapshot = {name: {} for (name,) in db.execute("SELECT name FROM stores")}
    for store, key, kind, column in db.execute("SELECT store, key, kind, value FROM items"):
        items = snapshot.get(store)
        if items is None:
            raise JournalError(f"corrupt {FILE_NAME}: an item of the unknown store {store!r}")
        items[key] = decode(kind, column)
    return snapshot

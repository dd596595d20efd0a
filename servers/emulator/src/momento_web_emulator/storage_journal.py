"""Durable record of the emulator's stores (Momento Storage): one SQLite file, written by one thread.

Every change is its own transaction, committed before the caller is told it succeeded: the database is in WAL
mode with ``synchronous=FULL``, so a commit has reached the disk (fsync of the log) when :meth:`StorageJournal.
submit`'s future completes, and an acknowledged write survives ``kill -9`` and power loss. The file is held in
SQLite's exclusive locking mode, so a second emulator on the same data directory fails at start instead of
silently diverging from it.

Only the worker thread touches the connection (it is opened there), so the event loop never waits for a disk.
Values keep their exact type: the ``kind`` column says which ``_StoreValue`` member a row holds; doubles are
stored as their 8 IEEE-754 bytes because SQLite turns NaN into NULL.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

StoredValue = bytes | str | int | float
"""One of the ``_StoreValue`` members: ``bytes_value``, ``string_value``, ``integer_value``, ``double_value``."""

FILE_NAME = "stores.sqlite3"
SCHEMA_VERSION = 1
# The `kind` column: the field numbers of the _StoreValue oneof members.
_BYTES, _STRING, _INTEGER, _DOUBLE = 1, 2, 3, 4
_DOUBLE_FORMAT = struct.Struct("<d")
# How long opening waits for a file another process holds before giving up.
_BUSY_TIMEOUT_S = 1.0

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

T = TypeVar("T")
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


class StorageJournal:
    """Open with :meth:`open`; every write goes through :meth:`submit`; :meth:`close` at shutdown."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="stores-sqlite")
        self._connection: sqlite3.Connection | None = None

    @classmethod
    def open(cls, path: Path) -> tuple[StorageJournal, Snapshot]:
        """Open (or create) the file and read back everything it holds; raises JournalError."""
        journal = cls(path)
        try:
            snapshot = journal._executor.submit(journal._open).result()
        except BaseException:
            journal._executor.shutdown(wait=True)
            raise
        return journal, snapshot

    def submit(self, change: Callable[[sqlite3.Connection], T]) -> asyncio.Future[T]:
        """Run ``change`` in one transaction on the worker thread; the future completes once it is on disk (or
        with the exception that rolled it back). Changes are applied in submission order."""
        return asyncio.wrap_future(self._executor.submit(self._transaction, change))

    def close(self) -> None:
        """Finish pending writes, then close the file (checkpointing the log into it)."""
        if self._connection is not None:
            self._executor.submit(self._close).result()
        self._executor.shutdown(wait=True)

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

    # --- worker thread ----------------------------------------------------------------------------------------

    def _open(self) -> Snapshot:
        try:
            # Autocommit mode: transactions are the explicit BEGIN/COMMIT of _transaction.
            db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open {self.path}: {exc}") from exc
        try:
            # Exclusive before WAL: no shared-memory index, and the lock taken below is held until close.
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise JournalError(f"{self.path}: SQLite refused WAL mode (journal_mode is {mode})")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE")  # takes the exclusive lock now, not at the first put
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise JournalError(f"{self.path} has schema version {version}; this emulator reads {SCHEMA_VERSION}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
            snapshot = _read(db)
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" in str(exc):
                raise JournalError(f"{self.path} is in use by another process (another emulator?)") from exc
            raise JournalError(f"cannot use {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            db.close()
            raise JournalError(f"cannot use {self.path}: {exc}") from exc
        except BaseException:
            db.close()
            raise
        self._connection = db
        items = sum(len(store) for store in snapshot.values())
        logger.info("stores: %d store(s), %d item(s) loaded from %s", len(snapshot), items, self.path)
        return snapshot

    def _transaction(self, change: Callable[[sqlite3.Connection], T]) -> T:
        db = self._connection
        if db is None:
            raise JournalError(f"{self.path} is closed")
        db.execute("BEGIN IMMEDIATE")
        try:
            result = change(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return result

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


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

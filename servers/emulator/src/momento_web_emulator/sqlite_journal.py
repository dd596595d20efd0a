"""What the emulator's durable features (stores, vector indexes) share: one SQLite file per feature in
``--data-dir``, written by one thread, each change acknowledged only once it is on disk.

Every change is its own transaction, committed before the caller is told it succeeded: the database is in WAL
mode with ``synchronous=FULL``, so a commit has reached the disk (fsync of the log) when
:meth:`SqliteJournal.submit`'s future completes, and an acknowledged change survives ``kill -9`` and power loss.
The file is held in SQLite's exclusive locking mode, so a second emulator on the same data directory fails at
start instead of silently diverging from it.

Only the worker thread touches the connection (it is opened there), so the event loop never waits for a disk.
Each feature subclasses :class:`SqliteJournal` with its own schema, rows and error class.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, Self, TypeVar

S = TypeVar("S")
T = TypeVar("T")

# How long opening waits for a file another process holds before giving up.
_BUSY_TIMEOUT_S = 1.0


class SqliteJournal(ABC, Generic[S]):
    """Open with :meth:`open`; every change goes through :meth:`submit`; :meth:`close` at shutdown.

    ``S`` is what :meth:`_load` reads back at open (the feature's whole state)."""

    schema: ClassVar[str]
    """``CREATE TABLE IF NOT EXISTS`` statements, separated by ``;``."""
    schema_version: ClassVar[int]
    """Kept in ``PRAGMA user_version``; a file of another (non-zero) version is refused."""
    thread_name: ClassVar[str]
    error: ClassVar[type[Exception]]
    """Raised when the file cannot be used: in use by another process, of another schema, or not a database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.thread_name)
        self._connection: sqlite3.Connection | None = None

    @classmethod
    def open(cls, path: Path) -> tuple[Self, S]:
        """Open (or create) the file and read back everything it holds; raises :attr:`error`."""
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

    @abstractmethod
    def _load(self, db: sqlite3.Connection) -> S:
        """Read back every row (on the worker thread, while opening); raises :attr:`error` for a corrupt one."""

    # --- worker thread ----------------------------------------------------------------------------------------

    def _open(self) -> S:
        try:
            # Autocommit mode: transactions are the explicit BEGIN/COMMIT of _transaction.
            db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise self.error(f"cannot open {self.path}: {exc}") from exc
        try:
            # Exclusive before WAL: no shared-memory index, and the lock taken below is held until close.
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise self.error(f"{self.path}: SQLite refused WAL mode (journal_mode is {mode})")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE")  # takes the exclusive lock now, not at the first change
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, self.schema_version):
                raise self.error(f"{self.path} has schema version {version}; this emulator reads {self.schema_version}")
            for statement in self.schema.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {self.schema_version}")
            db.execute("COMMIT")
            snapshot = self._load(db)
        except sqlite3.OperationalError as exc:
            db.close()
            if "locked" in str(exc):
                raise self.error(f"{self.path} is in use by another process (another emulator?)") from exc
            raise self.error(f"cannot use {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            db.close()
            raise self.error(f"cannot use {self.path}: {exc}") from exc
        except BaseException:
            db.close()
            raise
        self._connection = db
        return snapshot

    def _transaction(self, change: Callable[[sqlite3.Connection], T]) -> T:
        db = self._connection
        if db is None:
            raise self.error(f"{self.path} is closed")
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


async def write_then_apply(
    lock: asyncio.Lock,
    journal: SqliteJournal[Any] | None,
    change: Callable[[sqlite3.Connection], object],
    apply: Callable[[], None],
) -> None:
    """Write ``change`` to ``journal``, then ``apply`` it in memory; called holding ``lock``, releases it.
    Without a journal (memory only) ``apply`` runs at once.

    The lock is released, and ``apply`` run, by a callback of the disk write itself: a caller cancelled while it
    waits (a client gone, a shutdown) cannot leave memory behind the disk or let the next change in early.
    """
    if journal is None:
        try:
            apply()
        finally:
            lock.release()
        return
    try:
        written = journal.submit(change)
    except BaseException:
        lock.release()
        raise

    def finish(future: asyncio.Future[object]) -> None:
        try:
            if not future.cancelled() and future.exception() is None:
                apply()
        finally:
            lock.release()

    written.add_done_callback(finish)
    await asyncio.shield(written)

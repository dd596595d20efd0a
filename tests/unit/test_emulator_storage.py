"""The emulator's stores (Momento Storage): the registry in memory and over its SQLite journal, and the service's
replies and errors, driven in-process."""

from __future__ import annotations

import asyncio
import math
import shutil
import sqlite3
import struct
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
from momento_web_emulator.auth import ANONYMOUS
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services.storage import StoreControlService, StoreService
from momento_web_emulator.storage import (
    JournalError,
    StorageLimitExceeded,
    StorageLimits,
    StoreAlreadyExists,
    StoredValue,
    StoreNotFound,
    StoreRegistry,
    item_size,
    open_stores,
)
from momento_web_emulator.storage_journal import FILE_NAME, StorageJournal

from momento_web._messages import controlclient as control_pb
from momento_web._messages import store as pb
from momento_web.wire.status import GrpcError, StatusCode

# Values whose type or bits a careless encoding would lose: numeric-looking strings (SQLite's type affinity
# would turn them into numbers), NaN (SQLite stores it as NULL), -0.0, the int64 extremes, empty ones.
TRICKY_VALUES: list[StoredValue] = [
    "123",
    "1.5",
    "",
    b"",
    b"\x00\xff",
    "ключ ✓",
    0,
    -(2**63),
    2**63 - 1,
    0.0,
    -0.0,
    math.nan,
    math.inf,
    -math.inf,
    5e-324,
]


def same(a: StoredValue, b: StoredValue) -> bool:
    """Equal in type and bits (NaN equals NaN, -0.0 differs from 0.0)."""
    if isinstance(a, float) and isinstance(b, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    return type(a) is type(b) and a == b


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
async def durable(data_dir: Path) -> AsyncIterator[StoreRegistry]:
    data_dir.mkdir()  # noqa: ASYNC240  test setup, nothing else runs
    registry = open_stores(data_dir)
    yield registry
    registry.close()


def reopen(registry: StoreRegistry, data_dir: Path) -> StoreRegistry:
    registry.close()
    return open_stores(data_dir)


# --- the registry -----------------------------------------------------------------------------------------------


async def test_stores_are_created_listed_and_deleted_with_their_items() -> None:
    registry = StoreRegistry()
    await registry.create_store("b")
    await registry.create_store("a")
    assert registry.store_names() == ["a", "b"]
    with pytest.raises(StoreAlreadyExists, match="Store with name: a already exists"):
        await registry.create_store("a")
    await registry.put("a", "k", b"v")
    await registry.delete_store("a")
    assert registry.store_names() == ["b"]
    assert registry.usage() == (0, 0)
    with pytest.raises(StoreNotFound, match="Store with name: a doesn't exist"):
        await registry.delete_store("a")
    await registry.create_store("a")
    assert registry.get("a", "k") is None  # a store made again starts empty


@pytest.mark.parametrize("value", TRICKY_VALUES, ids=repr)
async def test_values_keep_their_type_in_memory(value: StoredValue) -> None:
    registry = StoreRegistry()
    await registry.create_store("s")
    await registry.put("s", "k", value)
    got = registry.get("s", "k")
    assert got is not None
    assert same(got, value)


async def test_put_replaces_any_type_and_delete_of_a_missing_key_is_fine() -> None:
    registry = StoreRegistry()
    await registry.create_store("s")
    await registry.put("s", "k", 1)
    await registry.put("s", "k", "one")
    assert registry.get("s", "k") == "one"
    await registry.delete("s", "k")
    await registry.delete("s", "k")
    assert registry.get("s", "k") is None
    assert registry.usage() == (0, 0)


async def test_every_operation_on_a_missing_store_raises() -> None:
    registry = StoreRegistry()
    with pytest.raises(StoreNotFound):
        registry.get("nope", "k")
    with pytest.raises(StoreNotFound):
        await registry.put("nope", "k", 1)
    with pytest.raises(StoreNotFound):
        await registry.delete("nope", "k")


def test_item_size_counts_key_and_value_bytes() -> None:
    assert item_size("ключ", b"abc") == 8 + 3
    assert item_size("k", "é") == 1 + 2
    assert item_size("k", 7) == 1 + 8
    assert item_size("k", 7.5) == 1 + 8


async def test_limits_refuse_a_change_and_leave_everything_as_it_was() -> None:
    registry = StoreRegistry(StorageLimits(max_stores=2, max_items=3, max_bytes=40, max_item_bytes=20))
    await registry.create_store("a")
    await registry.create_store("b")
    with pytest.raises(StorageLimitExceeded, match="at most 2 stores") as stores_error:
        await registry.create_store("c")
    assert stores_error.value.err is None
    with pytest.raises(StorageLimitExceeded, match="item size 21 bytes") as size_error:
        await registry.put("a", "k", b"x" * 20)
    assert size_error.value.err == "item_size_limit_exceeded"
    await registry.put("a", "k1", b"x" * 18)  # 20 bytes: exactly the item limit
    await registry.put("a", "k2", b"x" * 18)  # 40 bytes in all: exactly the total limit
    with pytest.raises(StorageLimitExceeded, match="at most 40 bytes"):
        await registry.put("b", "k", b"xy")
    await registry.put("a", "k2", b"x")  # replacing shrinks: 23 bytes
    await registry.put("b", "k3", b"")
    with pytest.raises(StorageLimitExceeded, match="at most 3 items"):
        await registry.put("b", "k4", b"")
    await registry.put("b", "k3", b"y")  # replacing adds no item
    assert registry.usage() == (3, 20 + 3 + 3)
    assert registry.store_names() == ["a", "b"]
    assert registry.get("b", "k4") is None


async def test_a_refused_change_releases_the_lock() -> None:
    registry = StoreRegistry(StorageLimits(max_stores=1))
    await registry.create_store("a")
    for _ in range(3):
        with pytest.raises(StoreAlreadyExists):
            await registry.create_store("a")
    with pytest.raises(StoreNotFound):
        await registry.put("b", "k", 1)
    await asyncio.wait_for(registry.put("a", "k", 1), timeout=1)


# --- durability -------------------------------------------------------------------------------------------------


async def test_everything_survives_a_restart(durable: StoreRegistry, data_dir: Path) -> None:
    await durable.create_store("kept")
    await durable.create_store("dropped")
    await durable.put("dropped", "k", 1)
    for index, value in enumerate(TRICKY_VALUES):
        await durable.put("kept", f"k{index}", value)
    await durable.put("kept", "replaced", 1)
    await durable.put("kept", "replaced", "now a string")
    await durable.put("kept", "deleted", b"x")
    await durable.delete("kept", "deleted")
    await durable.delete_store("dropped")
    usage = durable.usage()
    reopened = reopen(durable, data_dir)
    try:
        assert reopened.store_names() == ["kept"]
        for index, value in enumerate(TRICKY_VALUES):
            got = reopened.get("kept", f"k{index}")
            assert got is not None
            assert same(got, value), (index, got, value)
        assert reopened.get("kept", "replaced") == "now a string"
        assert reopened.get("kept", "deleted") is None
        assert reopened.usage() == usage
    finally:
        reopened.close()


async def test_a_write_is_on_disk_before_it_is_acknowledged(
    durable: StoreRegistry, data_dir: Path, tmp_path: Path
) -> None:
    await durable.create_store("s")
    await durable.put("s", "k", "v")
    # What a `kill -9` now would leave behind: the files as they are, with the registry still open (no
    # checkpoint, no close). A copy of them, opened elsewhere, must hold the acknowledged put.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for path in data_dir.iterdir():  # noqa: ASYNC240  the copy must happen while the registry stays open
        shutil.copyfile(path, crashed / path.name)
    assert (crashed / f"{FILE_NAME}-wal").stat().st_size > 0  # still in the log, not yet checkpointed
    recovered = open_stores(crashed)
    try:
        assert recovered.get("s", "k") == "v"
    finally:
        recovered.close()


async def test_a_second_registry_on_the_same_directory_is_refused(durable: StoreRegistry, data_dir: Path) -> None:
    with pytest.raises(JournalError, match="in use by another process"):
        open_stores(data_dir)
    await durable.create_store("still-usable")
    assert durable.store_names() == ["still-usable"]


def test_a_file_of_another_schema_version_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    db = sqlite3.connect(data_dir / FILE_NAME)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(JournalError, match="schema version 99"):
        open_stores(data_dir)


def test_a_file_that_is_not_a_database_is_refused(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / FILE_NAME).write_bytes(b"not a database, " * 100)
    with pytest.raises(JournalError, match="cannot use"):
        open_stores(data_dir)


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [(2, b"bytes", "corrupt item row"), (4, b"short", "corrupt item row"), (9, 1, "corrupt item row")],
)
def test_corrupt_rows_are_refused(data_dir: Path, kind: int, value: object, problem: str) -> None:
    data_dir.mkdir()
    open_stores(data_dir).close()
    db = sqlite3.connect(data_dir / FILE_NAME)
    db.execute("INSERT INTO stores VALUES ('s')")
    db.execute("INSERT INTO items VALUES ('s', 'k', ?, ?)", (kind, value))
    db.commit()
    db.close()
    with pytest.raises(JournalError, match=problem):
        open_stores(data_dir)


async def test_a_cancelled_put_still_lands_in_memory_and_holds_the_lock_until_written(
    durable: StoreRegistry, data_dir: Path
) -> None:
    await durable.create_store("s")
    journal = durable._journal
    assert journal is not None
    loop = asyncio.get_running_loop()
    gate: asyncio.Future[None] = loop.create_future()
    # Keep the writer thread busy so the put is queued behind it, then cancel the put's caller.
    blocker = journal.submit(lambda db: asyncio.run_coroutine_threadsafe(_wait(gate), loop).result())
    put = asyncio.ensure_future(durable.put("s", "k", 1))
    await asyncio.sleep(0.05)
    put.cancel()
    with pytest.raises(asyncio.CancelledError):
        await put
    follower = asyncio.ensure_future(durable.put("s", "k", 2))  # must wait for the cancelled put's write
    await asyncio.sleep(0.05)
    assert not follower.done()
    assert durable.get("s", "k") is None
    gate.set_result(None)
    await blocker
    await follower
    assert durable.get("s", "k") == 2
    reopened = reopen(durable, data_dir)
    try:
        assert reopened.get("s", "k") == 2
        assert reopened.usage() == (1, 1 + 8)
    finally:
        reopened.close()


async def _wait(gate: asyncio.Future[None]) -> None:
    await gate


def test_journal_rejects_writes_after_close(data_dir: Path) -> None:
    data_dir.mkdir()
    journal, snapshot = StorageJournal.open(data_dir / FILE_NAME)
    assert snapshot == {}
    journal.close()

    async def write() -> None:
        await journal.submit(StorageJournal.create_store("late"))

    with pytest.raises(RuntimeError, match="shutdown"):
        asyncio.run(write())


# --- the service ------------------------------------------------------------------------------------------------


@pytest.fixture
def services() -> tuple[StoreControlService, StoreService]:
    registry = StoreRegistry(StorageLimits(max_stores=2, max_item_bytes=10))
    return StoreControlService(registry), StoreService(registry)


def ctx(rpc: str, store: str | None = "s") -> CallContext:
    return CallContext(rpc, {} if store is None else {"store": store}, ANONYMOUS)


async def raises(work: Awaitable[object]) -> GrpcError:
    with pytest.raises(GrpcError) as caught:
        await work
    return caught.value


async def test_service_round_trips_every_value_type(services: tuple[StoreControlService, StoreService]) -> None:
    control, data = services
    await control.create_store(control_pb._CreateStoreRequest(store_name="s"), ctx("CreateStore", None))
    values = [
        pb._StoreValue(bytes_value=b""),
        pb._StoreValue(string_value="12"),
        pb._StoreValue(integer_value=0),
        pb._StoreValue(double_value=-0.0),
    ]
    for value in values:
        await data.put(pb._StorePutRequest(key="k", value=value), ctx("Put"))
        reply = await data.get(pb._StoreGetRequest(key="k"), ctx("Get"))
        assert reply.value == value
        assert reply.value.WhichOneof("value") == value.WhichOneof("value")
    listed = await control.list_stores(control_pb._ListStoresRequest(), ctx("ListStores", None))
    assert [store.store_name for store in listed.store] == ["s"]
    await data.delete(pb._StoreDeleteRequest(key="k"), ctx("Delete"))
    missing = await raises(data.get(pb._StoreGetRequest(key="k"), ctx("Get")))
    assert (missing.code, missing.metadata) == (StatusCode.NOT_FOUND, {"err": "item_not_found"})


async def test_service_errors_carry_the_storage_err_values(services: tuple[StoreControlService, StoreService]) -> None:
    control, data = services
    create = control_pb._CreateStoreRequest(store_name="s")
    await control.create_store(create, ctx("CreateStore", None))
    exists = await raises(control.create_store(create, ctx("CreateStore", None)))
    assert (exists.code, exists.details) == (StatusCode.ALREADY_EXISTS, "Store with name: s already exists")
    for rpc, work in [
        ("Get", data.get(pb._StoreGetRequest(key="k"), ctx("Get", "nope"))),
        ("Put", data.put(pb._StorePutRequest(key="k", value=pb._StoreValue(integer_value=1)), ctx("Put", "nope"))),
        ("Delete", data.delete(pb._StoreDeleteRequest(key="k"), ctx("Delete", "nope"))),
        ("DeleteStore", control.delete_store(control_pb._DeleteStoreRequest(store_name="nope"), ctx("x", None))),
    ]:
        error = await raises(work)
        assert (rpc, error.code, error.metadata) == (rpc, StatusCode.NOT_FOUND, {"err": "store_not_found"})
        assert error.details == "Store with name: nope doesn't exist"
    general = {"err": "momento_general_err"}
    no_value = await raises(data.put(pb._StorePutRequest(key="k"), ctx("Put")))
    assert (no_value.code, no_value.metadata) == (StatusCode.INVALID_ARGUMENT, general)
    empty_value = await raises(data.put(pb._StorePutRequest(key="k", value=pb._StoreValue()), ctx("Put")))
    assert (empty_value.code, empty_value.metadata) == (StatusCode.INVALID_ARGUMENT, general)
    for header in (None, "", "  "):
        no_store = await raises(data.get(pb._StoreGetRequest(key="k"), ctx("Get", header)))
        assert (no_store.code, no_store.metadata) == (StatusCode.INVALID_ARGUMENT, general)
    blank = await raises(control.create_store(control_pb._CreateStoreRequest(store_name=" "), ctx("x", None)))
    assert (blank.code, blank.metadata) == (StatusCode.INVALID_ARGUMENT, general)
    too_big = pb._StorePutRequest(key="k", value=pb._StoreValue(bytes_value=b"x" * 10))
    size = await raises(data.put(too_big, ctx("Put")))
    assert (size.code, size.metadata) == (StatusCode.RESOURCE_EXHAUSTED, {"err": "item_size_limit_exceeded"})
    await control.create_store(control_pb._CreateStoreRequest(store_name="t"), ctx("CreateStore", None))
    full = await raises(control.create_store(control_pb._CreateStoreRequest(store_name="u"), ctx("x", None)))
    assert (full.code, full.metadata) == (StatusCode.RESOURCE_EXHAUSTED, {})

"""PreviewStorageClientAsync against real emulator processes: every method and error in text and binary mode, the
limits, who may use stores in strict auth mode, and durability with ``--data-dir`` through ``kill -9``."""

from __future__ import annotations

import asyncio
import math
import signal
import struct
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from momento_web import (
    AuthClientAsync,
    CredentialProvider,
    PreviewStorageClient,
    PreviewStorageClientAsync,
    StorageConfigurations,
)
from momento_web.auth.access_control import AllCaches, DisposableTokenScopes, PermissionScopes
from momento_web.config import WireFormat
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import GenerateApiKey, GenerateDisposableToken
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.storage import (
    CreateStore,
    DeleteStore,
    ListStores,
    StorageDelete,
    StorageGet,
    StoragePut,
    StorageValue,
    StoreInfo,
)
from momento_web.utilities import ExpiresIn
from scripts.localhost import HOST, free_port
from tests.conftest import AuthEmulator, LocalServer, run_server


def _config(wire_format: WireFormat = WireFormat.TEXT) -> StorageConfigurations.Laptop:
    return StorageConfigurations.Laptop.latest().with_wire_format(wire_format)


def _local(server: LocalServer) -> CredentialProvider:
    return CredentialProvider.for_momento_local(server.host, server.port)


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def client(request: pytest.FixtureRequest, emulator: LocalServer) -> AsyncIterator[PreviewStorageClientAsync]:
    async with PreviewStorageClientAsync(_config(request.param), _local(emulator)) as client:
        yield client


@pytest.fixture
async def store(client: PreviewStorageClientAsync) -> AsyncIterator[str]:
    name = f"store-{uuid.uuid4().hex[:8]}"
    assert await client.create_store(name) == CreateStore.Success()
    yield name
    await client.delete_store(name)


def _error(response: object, code: MomentoErrorCode) -> str:
    """The message of an ``Error`` response with ``code``."""
    assert isinstance(response, ErrorResponseMixin), response
    assert response.error_code is code, response
    return response.message


STORE_NOT_FOUND = (
    "A store with the specified name does not exist. To resolve this error, make sure you have created the store "
    "before attempting to use it"
)


async def test_store_lifecycle(client: PreviewStorageClientAsync) -> None:
    name = f"lifecycle-{uuid.uuid4().hex[:8]}"
    assert await client.create_store(name) == CreateStore.Success()
    assert await client.create_store(name) == CreateStore.StoreAlreadyExists()
    listed = await client.list_stores()
    assert isinstance(listed, ListStores.Success)
    assert StoreInfo(name) in listed.stores
    assert await client.put_string(name, "k", "v") == StoragePut.Success()
    assert await client.delete_store(name) == DeleteStore.Success()
    listed_after = await client.list_stores()
    assert isinstance(listed_after, ListStores.Success)
    assert StoreInfo(name) not in listed_after.stores
    message = _error(await client.delete_store(name), MomentoErrorCode.NOT_FOUND_ERROR)
    assert message == f"{STORE_NOT_FOUND}: Store with name: {name} doesn't exist"
    assert await client.create_store(name) == CreateStore.Success()
    assert await client.get(name, "k") == StorageGet.NotFound()  # a store made again starts empty
    assert await client.delete_store(name) == DeleteStore.Success()


VALUES = [
    ("put_int", 0),
    ("put_int", -(2**63)),
    ("put_int", 2**63 - 1),
    ("put_double", 0.1),
    ("put_double", -0.0),
    ("put_double", math.inf),
    ("put_double", 5e-324),
    ("put_string", ""),
    ("put_string", "42"),
    ("put_string", "значение ✓ 🔑"),
    ("put_bytes", b""),
    ("put_bytes", b"\x00\xff" * 1000),
]


@pytest.mark.parametrize(("method", "value"), VALUES, ids=[f"{m}-{v!r:.20}" for m, v in VALUES])
async def test_values_round_trip_with_their_type(
    client: PreviewStorageClientAsync, store: str, method: str, value: int | float | str | bytes
) -> None:
    assert await getattr(client, method)(store, "ключ 🔑", value) == StoragePut.Success()
    found = await client.get(store, "ключ 🔑")
    assert found == StorageGet.Found(StorageValue(value))
    assert isinstance(found, StorageGet.Found)
    assert type(found.value.value) is type(value)
    if isinstance(value, float):  # the exact bits (-0.0 is not 0.0)
        assert struct.pack("<d", value) == struct.pack("<d", found.value.value)


async def test_nan_round_trips(client: PreviewStorageClientAsync, store: str) -> None:
    assert await client.put_double(store, "nan", math.nan) == StoragePut.Success()
    found = await client.get(store, "nan")
    assert isinstance(found, StorageGet.Found)
    double = found.value.double()
    assert double is not None
    assert math.isnan(double)


async def test_overwrite_changes_the_type_and_delete_removes(client: PreviewStorageClientAsync, store: str) -> None:
    assert await client.put_int(store, "k", 1) == StoragePut.Success()
    assert await client.put_string(store, "k", "one") == StoragePut.Success()
    assert await client.get(store, "k") == StorageGet.Found(StorageValue("one"))
    assert await client.get(store, "") == StorageGet.NotFound()
    assert await client.put_bytes(store, "", b"empty key") == StoragePut.Success()
    assert await client.get(store, "") == StorageGet.Found(StorageValue(b"empty key"))
    assert await client.delete(store, "k") == StorageDelete.Success()
    assert await client.get(store, "k") == StorageGet.NotFound()
    assert await client.delete(store, "k") == StorageDelete.Success()  # nothing there: still a success


async def test_keys_are_separate_per_store(client: PreviewStorageClientAsync, store: str) -> None:
    other = f"other-{uuid.uuid4().hex[:8]}"
    assert await client.create_store(other) == CreateStore.Success()
    try:
        assert await client.put_int(store, "k", 1) == StoragePut.Success()
        assert await client.put_int(other, "k", 2) == StoragePut.Success()
        assert await client.get(store, "k") == StorageGet.Found(StorageValue(1))
        assert await client.get(other, "k") == StorageGet.Found(StorageValue(2))
    finally:
        await client.delete_store(other)


async def test_data_calls_on_a_missing_store_are_not_found_errors(client: PreviewStorageClientAsync) -> None:
    name = f"missing-{uuid.uuid4().hex[:8]}"
    responses = [
        await client.get(name, "k"),
        await client.put_int(name, "k", 1),
        await client.put_double(name, "k", 1.0),
        await client.put_string(name, "k", "v"),
        await client.put_bytes(name, "k", b"v"),
        await client.delete(name, "k"),
    ]
    for response in responses:
        message = _error(response, MomentoErrorCode.NOT_FOUND_ERROR)
        assert message == f"{STORE_NOT_FOUND}: Store with name: {name} doesn't exist"


async def test_validation_errors_reach_no_server(emulator: LocalServer) -> None:
    async with PreviewStorageClientAsync(_config(), _local(emulator)) as client:
        message = _error(await client.put_int("s", "k", 2**64), MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        expected = f"Value must be a signed 64-bit integer. Given: {2**64}"
        assert message == f"Invalid argument passed to Momento client: {expected}"
        empty = _error(await client.create_store(""), MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        assert empty == "Invalid argument passed to Momento client: Store name must not be empty"


async def test_an_unreachable_server_is_an_error_value() -> None:
    credentials = CredentialProvider.for_momento_local(HOST, free_port())
    async with PreviewStorageClientAsync(_config(), credentials) as client:
        _error(await client.get("s", "k"), MomentoErrorCode.SERVER_UNAVAILABLE)
        _error(await client.list_stores(), MomentoErrorCode.SERVER_UNAVAILABLE)


# --- limits -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_emulator() -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port)]
    args += ["--max-stores", "2", "--max-store-item-bytes", "64", "--max-store-items", "3"]
    with run_server("small-storage-emulator", args, HOST, port) as server:
        yield server


async def test_limits_are_limit_exceeded_errors(small_emulator: LocalServer) -> None:
    async with PreviewStorageClientAsync(_config(), _local(small_emulator)) as client:
        assert await client.create_store("a") == CreateStore.Success()
        assert await client.create_store("b") == CreateStore.Success()
        too_many = _error(await client.create_store("c"), MomentoErrorCode.LIMIT_EXCEEDED_ERROR)
        assert too_many == "Limit exceeded for this account: Store limit exceeded: at most 2 stores"
        assert await client.put_bytes("a", "k", b"x" * 63) == StoragePut.Success()  # 64 bytes with its key
        too_big = _error(await client.put_bytes("a", "k", b"x" * 64), MomentoErrorCode.LIMIT_EXCEEDED_ERROR)
        assert too_big.startswith("Item size limit exceeded for this account: item size 65 bytes")
        assert await client.get("a", "k") == StorageGet.Found(StorageValue(b"x" * 63))  # unchanged
        assert await client.put_int("a", "k2", 1) == StoragePut.Success()
        assert await client.put_int("b", "k3", 1) == StoragePut.Success()
        _error(await client.put_int("b", "k4", 1), MomentoErrorCode.LIMIT_EXCEEDED_ERROR)
        assert await client.delete_store("b") == DeleteStore.Success()  # frees its items and its place
        assert await client.create_store("c") == CreateStore.Success()
        assert await client.put_int("c", "k4", 1) == StoragePut.Success()


# --- auth -------------------------------------------------------------------------------------------------------


async def _mint(super_user: CredentialProvider, scope: object, *, api_key: bool) -> CredentialProvider:
    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
        if api_key:
            key = await auth.generate_api_key(scope, ExpiresIn.minutes(5))  # type: ignore[arg-type]
            assert isinstance(key, GenerateApiKey.Success), key
            return CredentialProvider.from_disposable_token(key.api_key)
        token = await auth.generate_disposable_token(scope, ExpiresIn.minutes(5))  # type: ignore[arg-type]
        assert isinstance(token, GenerateDisposableToken.Success), token
        return CredentialProvider.from_disposable_token(token.auth_token)


async def _every_operation(client: PreviewStorageClientAsync, store: str) -> list[object]:
    return [
        await client.create_store(f"{store}-new"),
        await client.list_stores(),
        await client.get(store, "k"),
        await client.put_int(store, "k", 1),
        await client.put_double(store, "k", 1.0),
        await client.put_string(store, "k", "v"),
        await client.put_bytes(store, "k", b"v"),
        await client.delete(store, "k"),
        await client.delete_store(store),
    ]


async def test_only_super_users_may_use_stores(auth_emulator: AuthEmulator) -> None:
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    store = f"auth-{uuid.uuid4().hex[:8]}"
    async with PreviewStorageClientAsync(_config(), super_user) as admin:
        assert await admin.create_store(store) == CreateStore.Success()
        assert await admin.put_int(store, "k", 7) == StoragePut.Success()
        # Stores are nameable by no permission: a token scoped to a cache of the store's very name, a token for
        # all data, and an API key for all data all get nothing.
        credentials = [
            await _mint(super_user, DisposableTokenScopes.cache_read_write(store), api_key=False),
            await _mint(super_user, DisposableTokenScopes.cache_key_read_write(AllCaches(), "k"), api_key=False),
            await _mint(super_user, PermissionScopes.all_data_read_write(), api_key=False),
            await _mint(super_user, PermissionScopes.all_data_read_write(), api_key=True),
        ]
        for credential in credentials:
            async with PreviewStorageClientAsync(_config(), credential) as client:
                for response in await _every_operation(client, store):
                    _error(response, MomentoErrorCode.PERMISSION_ERROR)
        anonymous = CredentialProvider.for_momento_local(auth_emulator.server.host, auth_emulator.server.port)
        async with PreviewStorageClientAsync(_config(), anonymous) as client:
            for response in await _every_operation(client, store):
                _error(response, MomentoErrorCode.AUTHENTICATION_ERROR)
        assert await admin.get(store, "k") == StorageGet.Found(StorageValue(7))  # nobody changed anything
        assert await admin.delete_store(store) == DeleteStore.Success()


# --- durability -------------------------------------------------------------------------------------------------


def _durable_emulator(data_dir: Path, port: int) -> AbstractContextManager[LocalServer]:
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--data-dir", str(data_dir)]
    return run_server("durable-emulator", args, HOST, port)


def _value_of(writer: int, index: int) -> int | float | str | bytes:
    """A value of each type in turn, derived from where it was written."""
    match index % 4:
        case 0:
            return writer * 1_000_000 + index
        case 1:
            return index + writer / 8
        case 2:
            return f"w{writer}-{index}"
    return f"{writer}:{index}".encode() * 3


async def test_acknowledged_puts_survive_kill_9(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    acknowledged: dict[str, int | float | str | bytes] = {}
    enough = asyncio.Event()
    with _durable_emulator(data_dir, port) as server:
        credentials = CredentialProvider.for_momento_local(HOST, port)
        async with PreviewStorageClientAsync(_config(), credentials) as client:
            assert await client.create_store("durable") == CreateStore.Success()

            async def write(writer: int) -> None:
                """Put until the server is gone, recording each put the server acknowledged."""
                for index in range(1_000_000):
                    key, value = f"{writer}/{index}", _value_of(writer, index)
                    method = {int: client.put_int, float: client.put_double, str: client.put_string}.get(
                        type(value), client.put_bytes
                    )
                    response = await method("durable", key, value)  # type: ignore[operator]
                    if not isinstance(response, StoragePut.Success):
                        return
                    acknowledged[key] = value
                    if len(acknowledged) >= 400:
                        enough.set()

            writers = [asyncio.ensure_future(write(writer)) for writer in range(4)]
            await asyncio.wait_for(enough.wait(), timeout=60)
            server.process.send_signal(signal.SIGKILL)  # mid-stream: four writers have puts in flight
            server.process.wait(timeout=10)
            await asyncio.wait_for(asyncio.gather(*writers), timeout=30)
    count_at_kill = len(acknowledged)
    assert count_at_kill >= 400
    with _durable_emulator(data_dir, port):
        async with PreviewStorageClientAsync(_config(), CredentialProvider.for_momento_local(HOST, port)) as client:
            assert await client.list_stores() == ListStores.Success([StoreInfo("durable")])
            missing = []
            for key, value in acknowledged.items():
                if await client.get("durable", key) != StorageGet.Found(StorageValue(value)):
                    missing.append(key)
            assert missing == [], f"{len(missing)} of {count_at_kill} acknowledged puts were lost"
            # Still usable after recovery.
            assert await client.put_int("durable", "after", 1) == StoragePut.Success()
            assert await client.get("durable", "after") == StorageGet.Found(StorageValue(1))


async def test_stores_survive_a_clean_restart_and_deletions_stick(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    credentials = CredentialProvider.for_momento_local(HOST, port)
    with _durable_emulator(data_dir, port):
        async with PreviewStorageClientAsync(_config(), credentials) as client:
            for name in ("kept", "dropped"):
                assert await client.create_store(name) == CreateStore.Success()
            assert await client.put_string("kept", "k", "v") == StoragePut.Success()
            assert await client.put_string("kept", "gone", "v") == StoragePut.Success()
            assert await client.delete("kept", "gone") == StorageDelete.Success()
            assert await client.delete_store("dropped") == DeleteStore.Success()
    # run_server stopped it with SIGTERM: a clean shutdown folds the log into the database file.
    assert not (data_dir / "stores.sqlite3-wal").exists()
    with _durable_emulator(data_dir, port):
        async with PreviewStorageClientAsync(_config(), credentials) as client:
            assert await client.list_stores() == ListStores.Success([StoreInfo("kept")])
            assert await client.get("kept", "k") == StorageGet.Found(StorageValue("v"))
            assert await client.get("kept", "gone") == StorageGet.NotFound()


async def test_without_data_dir_stores_live_in_memory_only(tmp_path: Path) -> None:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port)]
    credentials = CredentialProvider.for_momento_local(HOST, port)
    with run_server("memory-emulator", args, HOST, port):
        async with PreviewStorageClientAsync(_config(), credentials) as client:
            assert await client.create_store("ephemeral") == CreateStore.Success()
    with run_server("memory-emulator", args, HOST, port):
        async with PreviewStorageClientAsync(_config(), credentials) as client:
            assert await client.list_stores() == ListStores.Success([])


async def test_a_second_emulator_on_the_same_data_dir_refuses_to_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    with _durable_emulator(data_dir, port):
        other = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "momento_web_emulator", "--port", str(free_port()), "--data-dir", str(data_dir),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(other.communicate(), timeout=30)
    assert other.returncode == 1
    assert b"in use by another process" in output


# --- the synchronous client -------------------------------------------------------------------------------------


def test_the_synchronous_client_does_everything_the_async_one_does(emulator: LocalServer) -> None:
    store = f"sync-{uuid.uuid4().hex[:8]}"
    with PreviewStorageClient(_config(), _local(emulator)) as client:
        assert client.create_store(store) == CreateStore.Success()
        assert client.create_store(store) == CreateStore.StoreAlreadyExists()
        listed = client.list_stores()
        assert isinstance(listed, ListStores.Success)
        assert StoreInfo(store) in listed.stores
        assert client.put_int(store, "i", 7) == StoragePut.Success()
        assert client.put_double(store, "d", 0.5) == StoragePut.Success()
        assert client.put_string(store, "s", "text") == StoragePut.Success()
        assert client.put_bytes(store, "b", b"\x00") == StoragePut.Success()
        for key, value in (("i", 7), ("d", 0.5), ("s", "text"), ("b", b"\x00")):
            assert client.get(store, key) == StorageGet.Found(StorageValue(value))
        assert client.delete(store, "i") == StorageDelete.Success()
        assert client.get(store, "i") == StorageGet.NotFound()
        invalid = client.put_int(store, "k", "7")  # type: ignore[arg-type]
        _error(invalid, MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        assert client.delete_store(store) == DeleteStore.Success()
        _error(client.get(store, "s"), MomentoErrorCode.NOT_FOUND_ERROR)
    closed = client.get(store, "s")  # after close: an Error value, not an exception
    assert isinstance(closed, StorageGet.Error)
    assert "The client has been closed" in closed.message  # as the async client says once closed

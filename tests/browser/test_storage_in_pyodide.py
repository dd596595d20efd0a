"""PreviewStorageClientAsync inside Pyodide in headless Chromium, over fetch, cross-origin to a real emulator: every
method and value type, in text and binary mode, the NotFound and error paths, validation; and the same client from
a wheel installed with ``micropip.install``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _exercise_storage(selenium: Any, host: str, port: int) -> None:
    import math
    import uuid

    from momento_web import CredentialProvider, PreviewStorageClientAsync, StorageConfigurations
    from momento_web.config import WireFormat
    from momento_web.errors import MomentoErrorCode
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
    from momento_web.transport.fetch_transport import FetchTransport

    credentials = CredentialProvider.for_momento_local(host, port)
    binary = bytes(range(256)) * 64
    for wire_format in (WireFormat.TEXT, WireFormat.BINARY):
        config = StorageConfigurations.Browser.latest().with_wire_format(wire_format)
        store = f"browser-store-{uuid.uuid4().hex[:6]}"
        async with PreviewStorageClientAsync(config, credentials) as client:
            assert isinstance(client._transport, FetchTransport)
            assert await client.create_store(store) == CreateStore.Success()
            assert await client.create_store(store) == CreateStore.StoreAlreadyExists()
            listed = await client.list_stores()
            assert isinstance(listed, ListStores.Success), listed
            assert StoreInfo(store) in listed.stores

            assert await client.put_int(store, "int", -(2**63)) == StoragePut.Success()
            assert await client.put_double(store, "double", -0.0) == StoragePut.Success()
            assert await client.put_string(store, "ключ 🔑", "значение ✓") == StoragePut.Success()
            assert await client.put_bytes(store, "bytes", binary) == StoragePut.Success()
            assert await client.get(store, "int") == StorageGet.Found(StorageValue(-(2**63)))
            double = await client.get(store, "double")
            assert isinstance(double, StorageGet.Found), double
            negative_zero = double.value.double()
            assert negative_zero is not None
            assert math.copysign(1.0, negative_zero) == -1.0  # -0.0 kept, not turned into 0.0
            assert await client.get(store, "ключ 🔑") == StorageGet.Found(StorageValue("значение ✓"))
            raw = await client.get(store, "bytes")
            assert isinstance(raw, StorageGet.Found), raw
            assert raw.value.bytes() == binary
            assert raw.value.string() is None

            assert await client.put_string(store, "int", "now text") == StoragePut.Success()
            assert await client.get(store, "int") == StorageGet.Found(StorageValue("now text"))
            assert await client.delete(store, "int") == StorageDelete.Success()
            assert await client.get(store, "int") == StorageGet.NotFound()

            missing = await client.get(f"{store}-missing", "k")
            assert isinstance(missing, StorageGet.Error), missing
            assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
            assert missing.message.startswith("A store with the specified name does not exist")
            invalid = await client.put_int(store, "k", 1.5)  # type: ignore[arg-type]
            assert isinstance(invalid, StoragePut.Error), invalid
            assert invalid.inner_exception.message == "Value must be an integer. Given type: <class 'float'>"

            assert await client.delete_store(store) == DeleteStore.Success()
            gone = await client.delete_store(store)
            assert isinstance(gone, DeleteStore.Error), gone
            assert gone.error_code is MomentoErrorCode.NOT_FOUND_ERROR


def test_storage_client_over_fetch(selenium_sdk: Any, emulator: LocalServer) -> None:
    _exercise_storage(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide(packages=["micropip"])
async def _installed_storage_round_trip(selenium: Any, wheel_name: str, host: str, port: int) -> None:
    import uuid

    import micropip

    await micropip.install(wheel_name)
    from momento_web import CredentialProvider, PreviewStorageClientAsync, StorageConfigurations
    from momento_web.responses.storage import CreateStore, StorageGet, StoragePut, StorageValue

    store = f"micropip-store-{uuid.uuid4().hex[:6]}"
    credentials = CredentialProvider.for_momento_local(host, port)
    async with PreviewStorageClientAsync(StorageConfigurations.Browser.latest(), credentials) as client:
        assert await client.create_store(store) == CreateStore.Success()
        assert await client.put_double(store, "pi", 3.25) == StoragePut.Success()
        assert await client.get(store, "pi") == StorageGet.Found(StorageValue(3.25))
        await client.delete_store(store)


def test_storage_client_from_a_micropip_installed_wheel(
    selenium: Any, request: pytest.FixtureRequest, emulator: LocalServer
) -> None:
    wheels = sorted(Path(request.config.option.dist_dir).glob("momento_web-*-py3-none-any.whl"))
    assert wheels, "no momento_web wheel in the dist dir: run ./build.sh"
    _installed_storage_round_trip(selenium, wheels[-1].name, emulator.host, emulator.port)


@run_in_pyodide
async def _synchronous_storage(selenium: Any, host: str, port: int) -> bool:
    """Whether the calls could wait (JSPI); either way each returns its response."""
    import uuid

    from pyodide.ffi import can_run_sync

    from momento_web import CredentialProvider, PreviewStorageClient, StorageConfigurations
    from momento_web.responses.storage import CreateStore, StorageGet, StoragePut, StorageValue

    store = f"sync-store-{uuid.uuid4().hex[:6]}"
    with PreviewStorageClient(
        StorageConfigurations.Browser.latest(), CredentialProvider.for_momento_local(host, port)
    ) as client:
        created = client.create_store(store)
        if not can_run_sync():  # no JSPI here: the call says so as its Error value, it does not hang or raise
            assert isinstance(created, CreateStore.Error), created
            assert "cannot wait for an answer here" in created.message
            return False
        assert created == CreateStore.Success()
        assert client.put_string(store, "k", "v") == StoragePut.Success()
        assert client.get(store, "k") == StorageGet.Found(StorageValue("v"))
        client.delete_store(store)
    return True


def test_synchronous_storage_client_in_the_browser(selenium_sdk: Any, emulator: LocalServer) -> None:
    # The test Chromium has WebAssembly JSPI, and run_in_pyodide runs the function as a task, so calls wait.
    assert _synchronous_storage(selenium_sdk, emulator.host, emulator.port) is True

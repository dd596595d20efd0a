"""The SDK inside Pyodide in headless Chromium, over the browser's fetch, cross-origin to a real emulator.

The page is served by pytest-pyodide's own server and the emulator listens on another port, so every call
goes through a CORS preflight, and trailers-only errors are only readable through exposed headers.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _exercise_cache_api(selenium: Any, host: str, port: int, wire_format: str) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.config import WireFormat
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import (
        CacheDelete,
        CacheGet,
        CacheIncrement,
        CachePing,
        CacheSet,
        CacheSetIfNotExists,
        CreateCache,
        ListCaches,
    )
    from momento_web.transport.fetch_transport import FetchTransport

    config = Configurations.Browser.latest().with_wire_format(WireFormat[wire_format])
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"browser-{wire_format.lower()}-{uuid.uuid4().hex[:6]}"
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
        assert isinstance(client._transport, FetchTransport)
        assert await client.ping() == CachePing.Success()
        assert await client.create_cache(cache) == CreateCache.Success()
        assert await client.create_cache(cache) == CreateCache.CacheAlreadyExists()
        listed = await client.list_caches()
        assert isinstance(listed, ListCaches.Success)
        assert cache in [info.name for info in listed.caches]

        assert await client.set(cache, "greeting", "héllo ✓") == CacheSet.Success()
        hit = await client.get(cache, "greeting")
        assert isinstance(hit, CacheGet.Hit), hit
        assert hit.value_string == "héllo ✓"
        binary = bytes(range(256)) * 64
        assert await client.set(cache, b"\x00bin", binary) == CacheSet.Success()
        assert await client.get(cache, b"\x00bin") == CacheGet.Hit(binary)
        assert await client.get(cache, "absent") == CacheGet.Miss()

        assert await client.increment(cache, "n", 5) == CacheIncrement.Success(5)
        assert await client.set_if_not_exists(cache, "once", "a") == CacheSetIfNotExists.Stored()
        assert await client.set_if_not_exists(cache, "once", "b") == CacheSetIfNotExists.NotStored()
        assert await client.delete(cache, "greeting") == CacheDelete.Success()
        assert await client.get(cache, "greeting") == CacheGet.Miss()

        # A server error arrives as a trailers-only response: readable only through CORS-exposed headers.
        missing = await client.get("no-such-cache", "k")
        assert isinstance(missing, CacheGet.Error), missing
        assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
        failed = await client.increment(cache, "once")
        assert isinstance(failed, CacheIncrement.Error)
        assert failed.error_code is MomentoErrorCode.FAILED_PRECONDITION_ERROR
        invalid = await client.get("", "k")
        assert isinstance(invalid, CacheGet.Error)
        assert invalid.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
        await client.delete_cache(cache)


@pytest.mark.parametrize("wire_format", ["TEXT", "BINARY"])
def test_cache_api_over_fetch(selenium_sdk: Any, emulator: LocalServer, wire_format: str) -> None:
    _exercise_cache_api(selenium_sdk, emulator.host, emulator.port, wire_format)


@run_in_pyodide
async def _unreachable_and_timeout(selenium: Any, refused_port: int, silent_port: int) -> None:
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet

    async def get_via(port: int, client_timeout: timedelta) -> Any:
        config = Configurations.Browser.latest().with_client_timeout(client_timeout)
        credentials = CredentialProvider.for_momento_local("127.0.0.1", port)
        # No eager connection (it would fail first): the call itself must fail.
        async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60), timedelta(0)) as client:
            return await client.get("cache", "k")

    refused = await get_via(refused_port, timedelta(seconds=5))
    assert isinstance(refused, CacheGet.Error), refused
    assert refused.error_code is MomentoErrorCode.SERVER_UNAVAILABLE

    timed_out = await get_via(silent_port, timedelta(milliseconds=500))
    assert isinstance(timed_out, CacheGet.Error), timed_out
    assert timed_out.error_code is MomentoErrorCode.TIMEOUT_ERROR


def test_unreachable_server_and_deadline_in_the_browser(selenium_sdk: Any, silent_server: int) -> None:
    import socket

    with socket.socket() as unbound:
        unbound.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        _unreachable_and_timeout(selenium_sdk, unbound.getsockname()[1], silent_server)

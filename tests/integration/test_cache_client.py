"""CacheClientAsync on CPython (httpx transport) against a real emulator process, in text and binary mode."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.config import WireFormat
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.responses import (
    CacheDelete,
    CacheFlush,
    CacheGet,
    CacheIncrement,
    CacheInfo,
    CachePing,
    CacheSet,
    CacheSetIfNotExists,
    CreateCache,
    DeleteCache,
    ListCaches,
)
from tests.conftest import LocalServer


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def client(request: pytest.FixtureRequest, emulator: LocalServer) -> AsyncIterator[CacheClientAsync]:
    config = Configurations.Laptop.latest().with_wire_format(request.param)
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
        yield client


@pytest.fixture
async def cache(client: CacheClientAsync) -> AsyncIterator[str]:
    name = f"cache-{uuid.uuid4().hex[:8]}"
    assert await client.create_cache(name) == CreateCache.Success()
    yield name
    await client.delete_cache(name)


async def test_control_plane_lifecycle(client: CacheClientAsync) -> None:
    name = f"lifecycle-{uuid.uuid4().hex[:8]}"
    assert await client.create_cache(name) == CreateCache.Success()
    assert await client.create_cache(name) == CreateCache.CacheAlreadyExists()
    listed = await client.list_caches()
    assert isinstance(listed, ListCaches.Success)
    assert CacheInfo(name) in listed.caches
    assert await client.flush_cache(name) == CacheFlush.Success()
    assert await client.delete_cache(name) == DeleteCache.Success()
    missing = await client.delete_cache(name)
    assert isinstance(missing, DeleteCache.Error)
    assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    flush_missing = await client.flush_cache(name)
    assert isinstance(flush_missing, CacheFlush.Error)
    assert flush_missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR


async def test_set_get_hit_and_miss(client: CacheClientAsync, cache: str) -> None:
    assert await client.set(cache, "k", "v") == CacheSet.Success()
    hit = await client.get(cache, "k")
    assert isinstance(hit, CacheGet.Hit)
    assert hit.value_string == "v"
    assert hit.value_bytes == b"v"
    assert await client.get(cache, "other") == CacheGet.Miss()


@pytest.mark.parametrize(
    ("key", "value"),
    [("ключ-🔑", "значение ✓"), (b"\x00\xff\x01", b"\x00binary\xff"), ("empty-value", b"")],
    ids=["unicode", "binary", "empty"],
)
async def test_values_round_trip_exactly(
    client: CacheClientAsync, cache: str, key: str | bytes, value: str | bytes
) -> None:
    assert await client.set(cache, key, value) == CacheSet.Success()
    expected = value.encode() if isinstance(value, str) else value
    assert await client.get(cache, key) == CacheGet.Hit(expected)


async def test_large_value_round_trips(client: CacheClientAsync, cache: str) -> None:
    value = bytes(range(256)) * 4096  # 1 MiB
    assert await client.set(cache, "big", value) == CacheSet.Success()
    assert await client.get(cache, "big") == CacheGet.Hit(value)


async def test_delete(client: CacheClientAsync, cache: str) -> None:
    await client.set(cache, "k", "v")
    assert await client.delete(cache, "k") == CacheDelete.Success()
    assert await client.get(cache, "k") == CacheGet.Miss()
    assert await client.delete(cache, "never-there") == CacheDelete.Success()


async def test_flush_removes_items(client: CacheClientAsync, cache: str) -> None:
    await client.set(cache, "k", "v")
    assert await client.flush_cache(cache) == CacheFlush.Success()
    assert await client.get(cache, "k") == CacheGet.Miss()


async def test_ttl_expiry(client: CacheClientAsync, cache: str) -> None:
    await client.set(cache, "short", "v", ttl=timedelta(milliseconds=300))
    await client.set(cache, "long", "v")
    assert isinstance(await client.get(cache, "short"), CacheGet.Hit)
    await asyncio.sleep(0.6)
    assert await client.get(cache, "short") == CacheGet.Miss()
    assert isinstance(await client.get(cache, "long"), CacheGet.Hit)


async def test_increment(client: CacheClientAsync, cache: str) -> None:
    assert await client.increment(cache, "n") == CacheIncrement.Success(1)
    assert await client.increment(cache, "n", 41) == CacheIncrement.Success(42)
    assert await client.increment(cache, "n", -50) == CacheIncrement.Success(-8)
    assert await client.get(cache, "n") == CacheGet.Hit(b"-8")
    await client.set(cache, "text", "not a number")
    failed = await client.increment(cache, "text")
    assert isinstance(failed, CacheIncrement.Error)
    assert failed.error_code is MomentoErrorCode.FAILED_PRECONDITION_ERROR


async def test_set_if_not_exists(client: CacheClientAsync, cache: str) -> None:
    assert await client.set_if_not_exists(cache, "k", "first") == CacheSetIfNotExists.Stored()
    assert await client.set_if_not_exists(cache, "k", "second") == CacheSetIfNotExists.NotStored()
    assert await client.get(cache, "k") == CacheGet.Hit(b"first")


async def test_ping(client: CacheClientAsync) -> None:
    assert await client.ping() == CachePing.Success()


async def test_unknown_cache_is_not_found(client: CacheClientAsync) -> None:
    for response in (await client.get("no-such-cache", "k"), await client.set("no-such-cache", "k", "v")):
        assert isinstance(response, CacheGet.Error | CacheSet.Error)
        assert response.error_code is MomentoErrorCode.NOT_FOUND_ERROR
        assert "does not exist" in response.message


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda c: c.get("", "k"), "Cache name must not be empty"),
        (lambda c: c.get(None, "k"), "Cache name must be a string"),
        (lambda c: c.get("cache", 42), "Unsupported type for key"),
        (lambda c: c.set("cache", "k", 3.5), "Unsupported type for value"),
        (lambda c: c.set("cache", "k", "v", ttl=timedelta(0)), "TTL must be a positive amount of time."),
        (lambda c: c.set("cache", "k", "v", ttl=timedelta(seconds=-1)), "TTL must be a positive amount of time."),
        (lambda c: c.set("cache", "k", "v", ttl=5), "TTL must be a timedelta."),
        (lambda c: c.increment("cache", "k", "1"), "amount must be an integer"),
        (lambda c: c.create_cache(""), "Cache name must not be empty"),
        (lambda c: c.delete_cache(7), "Cache name must be a string"),
    ],
)
async def test_invalid_arguments_are_error_values(client: CacheClientAsync, call, fragment: str) -> None:  # type: ignore[no-untyped-def]
    response = await call(client)
    assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert fragment in response.message
    assert response.message.startswith("Invalid argument passed to Momento client: ")


@pytest.mark.parametrize("ttl", [timedelta(0), timedelta(seconds=-5)])
def test_client_rejects_non_positive_default_ttl(ttl: timedelta) -> None:
    credentials = CredentialProvider.for_momento_local()
    with pytest.raises(InvalidArgumentException):
        CacheClientAsync(Configurations.Laptop.latest(), credentials, ttl)


async def test_unreachable_server_is_an_error_value() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        credentials = CredentialProvider.for_momento_local("127.0.0.1", port)
        # No eager connection (it would fail first): the call itself must fail.
        config = Configurations.Laptop.latest()
        async with await CacheClientAsync.create(config, credentials, timedelta(60), timedelta(0)) as c:
            response = await c.get("cache", "k")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.SERVER_UNAVAILABLE


async def test_client_timeout_is_an_error_value(silent_server: int) -> None:
    config = Configurations.Laptop.latest().with_client_timeout(timedelta(milliseconds=300))
    credentials = CredentialProvider.for_momento_local("127.0.0.1", silent_server)
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60), timedelta(0)) as client:
        started = asyncio.get_running_loop().time()
        response = await client.get("cache", "k")
        elapsed = asyncio.get_running_loop().time() - started
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.TIMEOUT_ERROR
    assert elapsed < 5  # the local deadline fired, not some transport default

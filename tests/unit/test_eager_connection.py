"""``create``'s eager connection: one unauthenticated Ping must reach the cache endpoint within
``eager_connection_timeout``, else ``ConnectionException`` with momento's message; zero skips it (no request at
all), a negative timeout is momento's ``ValueError``. In-memory transports, no server."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from momento_web import CacheClient, CacheClientAsync, Configurations, CredentialProvider
from momento_web.errors import MomentoErrorCode
from momento_web.errors.exceptions import ConnectionException
from momento_web.transport import HttpRequest, HttpResponse, TransportError
from momento_web.wire.grpc_web import encode_trailers, status_metadata
from momento_web.wire.status import StatusCode
from tests.unit.fakes import RecordingTransport, _Reply

TTL = timedelta(seconds=60)
FAILED = "Failed to connect to Momento's server within given eager connection timeout"


@dataclass
class Refusing:
    """A transport whose requests never reach a server (as a refused connection, DNS or CORS failure)."""

    requests: list[HttpRequest] = field(default_factory=list)
    closed: bool = False

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        raise TransportError("connection refused")

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class Silent(Refusing):
    """A transport whose requests are never answered (a black-holed address)."""

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


@dataclass
class Unimplemented(RecordingTransport):
    """A server that answers every call, Ping included, with UNIMPLEMENTED (trailers only)."""

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        return _Reply(encode_trailers(status_metadata(StatusCode.UNIMPLEMENTED, "no such method"), text=False))


def _config(transport: Any) -> Any:
    return Configurations.Laptop.latest().with_transport_factory(lambda: transport)


def _credentials() -> CredentialProvider:
    return CredentialProvider.for_momento_local("127.0.0.1", 9)


async def test_create_pings_the_cache_endpoint_without_credentials_or_deadline() -> None:
    transport = RecordingTransport()
    credentials = CredentialProvider.from_disposable_token(
        "eyJlbmRwb2ludCI6ICJleGFtcGxlLmNvbSIsICJhcGlfa2V5IjogInNlY3JldCJ9"  # {"endpoint": "example.com", ...}
    )
    client = await CacheClientAsync.create(_config(transport), credentials, TTL, timedelta(seconds=5))
    await client.close()
    (ping,) = transport.requests
    assert ping.url == "https://web.cache.example.com/cache_client.Ping/Ping"
    headers = {name.lower() for name in ping.headers}
    assert "authorization" not in headers
    assert "grpc-timeout" not in headers  # the eager timeout is the only limit


async def test_a_server_that_answers_with_an_error_status_is_reached() -> None:
    transport = Unimplemented()
    async with await CacheClientAsync.create(_config(transport), _credentials(), TTL) as client:
        assert client is not None
    assert len(transport.requests) == 1


async def test_an_unreachable_server_fails_create_with_connection_exception_and_closes_the_client() -> None:
    transport = Refusing()
    with pytest.raises(ConnectionException) as raised:
        await CacheClientAsync.create(_config(transport), _credentials(), TTL)
    assert raised.value.message == f"{FAILED}: could not reach http://127.0.0.1:9: connection refused"
    assert raised.value.error_code is MomentoErrorCode.CONNECTION_ERROR
    assert transport.closed


async def test_a_silent_server_fails_create_once_the_eager_timeout_has_passed() -> None:
    transport = Silent()
    started = time.monotonic()
    with pytest.raises(ConnectionException, match=re.escape("no answer from http://127.0.0.1:9 within 0.2 s")):
        await CacheClientAsync.create(_config(transport), _credentials(), TTL, timedelta(milliseconds=200))
    assert 0.15 < time.monotonic() - started < 3
    assert transport.closed


async def test_a_zero_timeout_connects_nothing_eagerly() -> None:
    transport = Refusing()
    async with await CacheClientAsync.create(_config(transport), _credentials(), TTL, timedelta(0)):
        pass
    assert transport.requests == []


async def test_a_negative_timeout_is_momentos_value_error() -> None:
    message = re.escape("The eager connection timeout must be greater than or equal to 0 seconds.")
    with pytest.raises(ValueError, match=message):
        await CacheClientAsync.create(_config(RecordingTransport()), _credentials(), TTL, timedelta(seconds=-1))
    with pytest.raises(ValueError, match=message):
        CacheClient.create(_config(RecordingTransport()), _credentials(), TTL, timedelta(seconds=-1))


def test_sync_create_raises_momentos_sync_message_with_the_reason_chained() -> None:
    transport = Refusing()
    with pytest.raises(ConnectionException) as raised:
        CacheClient.create(_config(transport), _credentials(), TTL)
    assert raised.value.message == FAILED  # momento's synchronous client says no more
    assert isinstance(raised.value.__cause__, ConnectionException)
    assert "connection refused" in raised.value.__cause__.message
    assert transport.closed


def test_sync_create_connects_and_serves() -> None:
    transport = RecordingTransport()
    with CacheClient.create(_config(transport), _credentials(), TTL, timedelta(seconds=5)) as client:
        assert isinstance(client, CacheClient)
    assert [request.url.rsplit("/", 2)[-2:] for request in transport.requests] == [["cache_client.Ping", "Ping"]]

"""FetchTransport in Chromium, both ways of reaching the first body chunk: the one-promise JavaScript helper (the
default) and the eval-free fallback (pages whose CSP forbids ``eval``), which must behave the same."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _round_trips(selenium: Any, host: str, port: int, use_js_helper: bool) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.config import WireFormat
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet, CacheSet, CreateCache
    from momento_web.transport import HttpRequest
    from momento_web.transport.fetch_transport import FetchTransport
    from momento_web.wire.grpc_web import CONTENT_TYPE_BINARY, encode_frame

    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"fetch-{uuid.uuid4().hex[:6]}"
    big = bytes(range(256)) * 4096  # 1 MiB: a body of many chunks, read past the first one
    for wire in (WireFormat.TEXT, WireFormat.BINARY):
        transports: list[FetchTransport] = []

        def factory(transports: list[FetchTransport] = transports) -> FetchTransport:
            transports.append(FetchTransport(use_js_helper=use_js_helper))
            return transports[-1]

        config = Configurations.Browser.latest().with_wire_format(wire).with_transport_factory(factory)
        async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
            assert (transports[0]._helper is not None) is use_js_helper
            assert await client.create_cache(cache) in (CreateCache.Success(), CreateCache.CacheAlreadyExists())
            assert await client.set(cache, "small", "héllo") == CacheSet.Success()
            hit = await client.get(cache, "small")
            assert isinstance(hit, CacheGet.Hit), hit
            assert hit.value_string == "héllo"
            assert await client.set(cache, "big", big) == CacheSet.Success()
            assert await client.get(cache, "big") == CacheGet.Hit(big)
            assert await client.get(cache, "absent") == CacheGet.Miss()
            missing = await client.get("no-such-cache", "k")  # trailers-only: status in exposed headers
            assert isinstance(missing, CacheGet.Error)
            assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR

    # The response headers are a live, read-only view of the JS Headers object.
    transport = FetchTransport(use_js_helper=use_js_helper)
    request = HttpRequest(
        f"http://{host}:{port}/cache_client.Scs/Get",
        {"content-type": CONTENT_TYPE_BINARY, "x-grpc-web": "1", "cache": cache},
        encode_frame(b"\x0a\x05small"),
    )
    response = await transport.handle_async_request(request)
    try:
        assert response.status == 200
        assert "Content-Type" in response.headers
        assert response.headers["content-type"] == CONTENT_TYPE_BINARY
        assert "grpc-status" not in response.headers
        assert response.headers.get("grpc-status") is None
        assert "content-type" in list(response.headers)
        assert len(response.headers) >= 1
        body = b"".join([chunk async for chunk in response.aiter_bytes()])
        assert b"h\xc3\xa9llo" in body
        assert b"grpc-status:0" in body
    finally:
        await response.aclose()


@pytest.mark.parametrize("use_js_helper", [True, False], ids=["js-helper", "eval-free"])
def test_fetch_transport_round_trips(selenium_sdk: Any, emulator: LocalServer, use_js_helper: bool) -> None:
    _round_trips(selenium_sdk, emulator.host, emulator.port, use_js_helper)


@run_in_pyodide
async def _deadline(selenium: Any, silent_port: int, use_js_helper: bool) -> None:
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet
    from momento_web.transport.fetch_transport import FetchTransport

    config = (
        Configurations.Browser.latest()
        .with_client_timeout(timedelta(milliseconds=300))
        .with_transport_factory(lambda: FetchTransport(use_js_helper=use_js_helper))
    )
    credentials = CredentialProvider.for_momento_local("127.0.0.1", silent_port)
    # No eager connection (it would fail first): the calls themselves must time out.
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60), timedelta(0)) as client:
        for _ in range(2):  # the shared deadline timer serves a second call too
            timed_out = await client.get("cache", "k")
            assert isinstance(timed_out, CacheGet.Error), timed_out
            assert timed_out.error_code is MomentoErrorCode.TIMEOUT_ERROR


@pytest.mark.parametrize("use_js_helper", [True, False], ids=["js-helper", "eval-free"])
def test_fetch_transport_deadline_aborts(selenium_sdk: Any, silent_server: int, use_js_helper: bool) -> None:
    _deadline(selenium_sdk, silent_server, use_js_helper)

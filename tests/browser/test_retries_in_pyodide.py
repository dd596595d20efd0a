"""Retries and middlewares inside Pyodide over fetch, cross-origin to a real emulator: the fault-injection keys a
middleware adds pass the CORS preflight, a retried get makes momento's 1 + 3 requests, an increment one, and a
closed client answers with its Error."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _retry_through_fault_injection(selenium: Any, host: str, port: int) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.config.middleware import MiddlewareMessage, MiddlewareStatus, aio
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet, CacheIncrement, CreateCache
    from momento_web.retry import FixedCountRetryStrategy

    seen: list[str] = []

    class Handler(aio.MiddlewareRequestHandler):
        async def on_request_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
            assert metadata.grpc_metadata is not None
            metadata.grpc_metadata["request-id"] = request_id
            metadata.grpc_metadata["return-error"] = "unavailable"
            metadata.grpc_metadata["error-rpcs"] = "get increment"
            return metadata

        async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
            seen.append(request.constructor_name)
            return request

        async def on_response_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
            return metadata

        async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
            return response

        async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
            return status

    class Faults(aio.Middleware):
        async def on_new_request(self, context: Any) -> aio.MiddlewareRequestHandler:
            return Handler()

    request_id = str(uuid.uuid4())
    cache = f"retries-{request_id[:8]}"
    credentials = CredentialProvider.for_momento_local(host, port)
    plain = Configurations.Browser.latest()
    async with CacheClientAsync(plain, credentials, timedelta(seconds=60)) as client:
        assert await client.create_cache(cache) == CreateCache.Success()

    config = plain.with_retry_strategy(FixedCountRetryStrategy(max_attempts=3)).add_middleware(Faults())
    async with CacheClientAsync(config, credentials, timedelta(seconds=60)) as client:
        get = await client.get(cache, "key")
        assert isinstance(get, CacheGet.Error), get
        assert get.error_code is MomentoErrorCode.SERVER_UNAVAILABLE
        assert seen.count("_GetRequest") == 4
        increment = await client.increment(cache, "n")
        assert isinstance(increment, CacheIncrement.Error), increment
        assert seen.count("_IncrementRequest") == 1
    closed = await client.get(cache, "key")
    assert isinstance(closed, CacheGet.Error)
    assert closed.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert "closed" in closed.message


def test_retries_and_middlewares_in_the_browser(selenium_sdk: Any, emulator: LocalServer) -> None:
    _retry_through_fault_injection(selenium_sdk, emulator.host, emulator.port)

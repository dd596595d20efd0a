"""Retries and middlewares against a real emulator, with momento-local's fault injection driven the way momento's
own tests drive it: a middleware adds the fault keys (``request-id``, ``return-error``, ``error-rpcs``,
``error-count``, ``stream-error``…) to every request and counts the attempts it sees per cache and request type.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from momento_web import (
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    TopicClientAsync,
    TopicConfigurations,
)
from momento_web.config import Configuration
from momento_web.config.middleware import MiddlewareMessage, MiddlewareRequestHandlerContext, MiddlewareStatus, aio
from momento_web.errors import MomentoErrorCode
from momento_web.responses import CacheGet, CacheIncrement, CacheSet, CreateCache, TopicSubscribe, TopicSubscriptionItem
from tests.conftest import LocalServer


class Attempts:
    """Requests seen per (cache, request message type), as momento's tests' metrics collector counts them."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def retries(self, cache: str, request: str) -> int:
        return max(0, self.counts[cache, request] - 1)


class FaultHandler(aio.MiddlewareRequestHandler):
    def __init__(self, keys: Mapping[str, str], attempts: Attempts) -> None:
        self._keys, self._attempts = keys, attempts
        self._cache: str | None = None

    async def on_request_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
        assert metadata.grpc_metadata is not None
        for key, value in self._keys.items():
            metadata.grpc_metadata[key] = value
        cache = metadata.grpc_metadata.get("cache")
        self._cache = cache if isinstance(cache, str) else None
        return metadata

    async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        # Data calls name their cache in metadata; topic calls in the message.
        cache = self._cache or getattr(request.grpc_message, "cache_name", None)
        if cache is not None:
            self._attempts.counts[cache, request.constructor_name] += 1
        return request

    async def on_response_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
        return metadata

    async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        return response

    async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        return status


class FaultMiddleware(aio.Middleware):
    def __init__(self, attempts: Attempts, **keys: str) -> None:
        self._attempts = attempts
        self._keys = {"request-id": str(uuid.uuid4()), **{key.replace("_", "-"): value for key, value in keys.items()}}

    async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> aio.MiddlewareRequestHandler:
        return FaultHandler(self._keys, self._attempts)


@pytest.fixture
def cache(emulator: LocalServer) -> str:
    name = f"retries-{uuid.uuid4()}"

    async def create() -> None:
        async with _client(emulator, Configurations.Laptop.latest()) as client:
            assert isinstance(await client.create_cache(name), CreateCache.Success)

    asyncio.run(create())
    return name


def _credentials(emulator: LocalServer) -> CredentialProvider:
    return CredentialProvider.for_momento_local(emulator.host, emulator.port)


@asynccontextmanager
async def _client(emulator: LocalServer, config: Configuration) -> AsyncIterator[CacheClientAsync]:
    async with CacheClientAsync(config, _credentials(emulator), timedelta(minutes=1)) as client:
        yield client


def _faulty(attempts: Attempts, **keys: str) -> Configuration:
    return Configurations.Laptop.latest().add_middleware(FaultMiddleware(attempts, **keys))


async def test_a_full_outage_ends_in_an_error_after_max_attempts_retries(emulator: LocalServer, cache: str) -> None:
    attempts = Attempts()
    config = _faulty(attempts, return_error="unavailable", error_rpcs="get")
    async with _client(emulator, config) as client:
        response = await client.get(cache, "key")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.SERVER_UNAVAILABLE
    assert attempts.retries(cache, "_GetRequest") == 3


async def test_a_temporary_outage_succeeds_on_the_third_attempt(emulator: LocalServer, cache: str) -> None:
    attempts = Attempts()
    config = _faulty(attempts, return_error="unavailable", error_rpcs="get", error_count="2")
    async with _client(emulator, config) as client:
        assert isinstance(await client.get(cache, "key"), CacheGet.Miss)
    assert attempts.counts[cache, "_GetRequest"] == 3


@pytest.mark.parametrize(("rpc", "request_name"), [("increment", "_IncrementRequest"), ("set", "_SetRequest")])
async def test_internal_errors_retry_idempotent_calls_only(
    emulator: LocalServer, cache: str, rpc: str, request_name: str
) -> None:
    attempts = Attempts()
    config = _faulty(attempts, return_error="internal", error_rpcs=rpc)
    async with _client(emulator, config) as client:
        response = await (client.increment(cache, "key") if rpc == "increment" else client.set(cache, "key", "v"))
    assert isinstance(response, CacheIncrement.Error | CacheSet.Error)
    assert response.error_code is MomentoErrorCode.INTERNAL_SERVER_ERROR
    assert attempts.counts[cache, request_name] == (1 if rpc == "increment" else 4)


async def test_non_idempotent_calls_are_attempted_once(emulator: LocalServer, cache: str) -> None:
    attempts = Attempts()
    config = _faulty(attempts, return_error="unavailable", error_rpcs="increment list-push-back")
    async with _client(emulator, config) as client:
        assert isinstance(await client.increment(cache, "key"), CacheIncrement.Error)
        await client.list_push_back(cache, "list", "value")
    assert attempts.counts[cache, "_IncrementRequest"] == 1
    assert attempts.counts[cache, "_ListPushBackRequest"] == 1


async def test_not_found_is_never_retried(emulator: LocalServer, cache: str) -> None:
    attempts = Attempts()
    config = _faulty(attempts, return_error="not-found", error_rpcs="get")
    async with _client(emulator, config) as client:
        response = await client.get(cache, "key")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    assert attempts.counts[cache, "_GetRequest"] == 1


async def test_the_browser_configuration_does_not_retry(emulator: LocalServer, cache: str) -> None:
    attempts = Attempts()
    config = Configurations.Browser.latest().add_middleware(
        FaultMiddleware(attempts, return_error="unavailable", error_rpcs="get")
    )
    async with _client(emulator, config) as client:
        assert isinstance(await client.get(cache, "key"), CacheGet.Error)
    assert attempts.counts[cache, "_GetRequest"] == 1


# --- subscriptions ------------------------------------------------------------------------------------------------


async def _subscribe(emulator: LocalServer, cache: str, **keys: str) -> tuple[TopicClientAsync, Attempts, object]:
    attempts = Attempts()
    config = (
        TopicConfigurations.Default.latest()
        .add_middleware(FaultMiddleware(attempts, **keys))
        .with_resume_backoff(timedelta(milliseconds=50))
    )
    client = TopicClientAsync(config, _credentials(emulator))
    subscription = await client.subscribe(cache, "topic")
    return client, attempts, subscription


async def test_a_subscription_broken_with_unavailable_resumes_without_losing_items(
    emulator: LocalServer, cache: str
) -> None:
    # Every stream ends with UNAVAILABLE after 3 messages (the first heartbeat included).
    client, attempts, subscription = await _subscribe(
        emulator, cache, stream_error_rpcs="topic-subscribe", stream_error="unavailable", stream_error_message_limit="3"
    )
    assert isinstance(subscription, TopicSubscribe.SubscriptionAsync)
    try:
        received: list[str] = []
        for number in range(6):
            await client.publish(cache, "topic", f"item {number}")
        async with asyncio.timeout(20):
            async for item in subscription:
                assert isinstance(item, TopicSubscriptionItem.Text), item
                received.append(item.value)
                if len(received) == 6:
                    break
        assert received == [f"item {number}" for number in range(6)]
        assert attempts.counts[cache, "_SubscriptionRequest"] >= 3  # resumed, each time a new request
    finally:
        await client.close()


async def test_a_subscription_ended_with_not_found_is_not_retried(emulator: LocalServer, cache: str) -> None:
    client, attempts, subscription = await _subscribe(
        emulator, cache, stream_error_rpcs="topic-subscribe", stream_error="not-found", stream_error_message_limit="1"
    )
    assert isinstance(subscription, TopicSubscribe.SubscriptionAsync)
    try:
        async with asyncio.timeout(10):
            items = [item async for item in subscription]
        (error,) = items
        assert isinstance(error, TopicSubscriptionItem.Error)
        assert error.error_code is MomentoErrorCode.NOT_FOUND_ERROR
        assert attempts.counts[cache, "_SubscriptionRequest"] == 1
    finally:
        await client.close()

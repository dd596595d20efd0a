"""Retries as momento has them: which calls, on which statuses, how many times, with which deadlines; through the
channel (every client's path) over a transport that answers from a script."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web._messages import cacheclient as pb
from momento_web.config import Configuration
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.internal.channel import ClientClosedError, GrpcWebChannel
from momento_web.responses import CacheGet, CacheIncrement, CacheSet
from momento_web.retry import (
    DefaultEligibilityStrategy,
    EligibilityStrategy,
    FixedCountRetryStrategy,
    RetryableProps,
    RetryStrategy,
)
from momento_web.retry.fixed_timeout_retry_strategy import FixedTimeoutRetryStrategy
from momento_web.transport import HttpRequest, HttpResponse, TransportError
from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
from momento_web.wire.status import GrpcError, StatusCode

BINARY = "application/grpc-web+proto"
HIT = pb._GetResponse(result=pb.Hit, cache_body=b"bar").SerializeToString()
GET = "/cache_client.Scs/Get"


@dataclass
class _Response:
    headers: Mapping[str, str]
    chunks: list[bytes]
    stall: bool = False

    @property
    def status(self) -> int:
        return 200

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.stall:
            await asyncio.sleep(3600)

    async def aclose(self) -> None:
        pass


Outcome = StatusCode | bytes | list[bytes] | Exception | None
"""A status to fail with (trailers-only), a message to answer, messages then UNAVAILABLE (a broken stream), a
transport error, or None: a response that never comes."""


@dataclass
class OutcomeTransport:
    """Answers request i with ``outcomes[i]`` (the last one repeats) and records the requests."""

    outcomes: list[Outcome]
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        outcome = self.outcomes[min(len(self.requests), len(self.outcomes)) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        if outcome is None:
            return _Response({"content-type": BINARY}, [], stall=True)
        if isinstance(outcome, StatusCode):
            return _Response({"content-type": BINARY, **status_metadata(outcome, "injected")}, [])
        if isinstance(outcome, list):
            broken = encode_trailers(status_metadata(StatusCode.UNAVAILABLE, "broken"))
            return _Response({"content-type": BINARY}, [*(encode_frame(m) for m in outcome), broken])
        return _Response(
            {"content-type": BINARY}, [encode_frame(outcome), encode_trailers(status_metadata(StatusCode.OK))]
        )

    async def aclose(self) -> None:
        pass


def _channel(
    *outcomes: Outcome, strategy: RetryStrategy | None = None, timeout: float | None = 5.0
) -> tuple[GrpcWebChannel, OutcomeTransport]:
    transport = OutcomeTransport(list(outcomes))
    channel = GrpcWebChannel(
        "http://emulator", transport, text=False, timeout=timeout, retry_strategy=strategy or FixedCountRetryStrategy()
    )
    return channel, transport


async def _call(channel: GrpcWebChannel, path: str = GET) -> pb._GetResponse:
    return await channel.unary(path, pb._GetRequest(cache_key=b"k"), pb._GetResponse, cache="c")


# --- the default rules --------------------------------------------------------------------------------------------


async def test_a_full_outage_sends_the_first_attempt_and_max_attempts_retries_then_fails() -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE, strategy=FixedCountRetryStrategy(max_attempts=3))
    with pytest.raises(GrpcError) as caught:
        await _call(channel)
    assert caught.value.code is StatusCode.UNAVAILABLE
    assert len(transport.requests) == 4  # momento: retry while attempt_number <= max_attempts


async def test_a_temporary_outage_of_two_calls_succeeds_on_the_third() -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE, StatusCode.INTERNAL, HIT)
    reply = await _call(channel)
    assert reply.cache_body == b"bar"
    assert len(transport.requests) == 3


@pytest.mark.parametrize(
    "rpc",
    [
        "Increment",
        "SetIf",
        "SetIfNotExists",
        "UpdateTtl",
        "DictionaryIncrement",
        "SetPop",
        "ListPushFront",
        "ListPushBack",
        "ListPopFront",
        "ListPopBack",
        "ListConcatenateFront",
        "ListConcatenateBack",
        "ListRetain",
        "SortedSetIncrement",
    ],
)
async def test_non_idempotent_calls_are_attempted_once(rpc: str) -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE)
    with pytest.raises(GrpcError):
        await _call(channel, "/cache_client.Scs/" + rpc)
    assert len(transport.requests) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/cache_client.pubsub.Pubsub/Publish",
        "/control_client.ScsControl/CreateCache",
        "/token.Token/GenerateDisposableToken",
    ],
)
async def test_publish_control_and_token_calls_are_attempted_once(path: str) -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE)
    with pytest.raises(GrpcError):
        await _call(channel, path)
    assert len(transport.requests) == 1


@pytest.mark.parametrize(
    "code",
    [
        StatusCode.NOT_FOUND,
        StatusCode.INVALID_ARGUMENT,
        StatusCode.PERMISSION_DENIED,
        StatusCode.UNAUTHENTICATED,
        StatusCode.DEADLINE_EXCEEDED,
        StatusCode.RESOURCE_EXHAUSTED,
        StatusCode.CANCELLED,
        StatusCode.UNKNOWN,
    ],
)
async def test_only_internal_and_unavailable_are_retried(code: StatusCode) -> None:
    channel, transport = _channel(code)
    with pytest.raises(GrpcError) as caught:
        await _call(channel)
    assert caught.value.code is code
    assert len(transport.requests) == 1


async def test_an_unreachable_server_is_unavailable_and_retried() -> None:
    channel, transport = _channel(TransportError("connection refused"), HIT)
    assert (await _call(channel)).cache_body == b"bar"
    assert len(transport.requests) == 2


def test_the_default_eligibility_follows_momentos_list() -> None:
    rules = DefaultEligibilityStrategy()

    def eligible(rpc: str, code: StatusCode = StatusCode.UNAVAILABLE) -> bool:
        return rules.is_eligible_for_retry(RetryableProps(code, rpc, 1))

    assert eligible("/cache_client.Scs/Get")
    assert eligible("/cache_client.Scs/SortedSetLengthByScore", StatusCode.INTERNAL)
    assert eligible("/cache_client.pubsub.Pubsub/Subscribe")
    assert not eligible("/cache_client.Scs/Increment")
    assert not eligible("/cache_client.Scs/Get", StatusCode.DEADLINE_EXCEEDED)


# --- what a strategy is told, and what it decides ----------------------------------------------------------------


class Recording(RetryStrategy):
    """Retries every failure after ``delay`` up to ``limit`` times, recording what it was asked."""

    def __init__(self, limit: int = 2, delay: float = 0.0) -> None:
        self.props: list[RetryableProps] = []
        self.limit, self.delay = limit, delay

    def determine_when_to_retry(self, props: RetryableProps) -> float | None:
        self.props.append(props)
        return self.delay if props.attempt_number <= self.limit else None


async def test_the_strategy_sees_status_method_attempt_and_overall_deadline() -> None:
    strategy = Recording(limit=1)
    channel, _ = _channel(StatusCode.INTERNAL, StatusCode.UNAVAILABLE, strategy=strategy, timeout=2.0)
    before = datetime.now()
    with pytest.raises(GrpcError):
        await _call(channel)
    first, second = strategy.props
    assert (first.grpc_status, first.grpc_method, first.attempt_number) == (StatusCode.INTERNAL, GET, 1)
    assert (second.grpc_status, second.attempt_number) == (StatusCode.UNAVAILABLE, 2)
    assert first.overall_deadline is not None
    assert before + timedelta(seconds=1.9) < first.overall_deadline < datetime.now() + timedelta(seconds=2)
    assert second.overall_deadline is not None
    assert abs((second.overall_deadline - first.overall_deadline).total_seconds()) < 0.1  # one deadline per call


async def test_a_channel_without_a_timeout_has_no_overall_deadline() -> None:
    strategy = Recording(limit=0)
    channel, _ = _channel(StatusCode.INTERNAL, strategy=strategy, timeout=None)
    with pytest.raises(GrpcError):
        await _call(channel)
    assert strategy.props[0].overall_deadline is None


async def test_the_strategys_delay_is_waited() -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE, HIT, strategy=Recording(delay=0.2))
    loop = asyncio.get_running_loop()
    started = loop.time()
    await _call(channel)
    assert loop.time() - started >= 0.19
    assert len(transport.requests) == 2


async def test_each_attempt_gets_the_whole_client_timeout() -> None:
    # Two attempts that never answer: each is cut at the timeout, so the call takes about twice as long.
    channel, transport = _channel(None, None, HIT, strategy=Recording(limit=2), timeout=0.15)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await _call(channel)).cache_body == b"bar"
    assert loop.time() - started >= 0.29
    assert [request.headers["grpc-timeout"] for request in transport.requests] == ["150m"] * 3


async def test_a_retry_with_its_own_deadline_is_cut_at_it_and_says_so_in_grpc_timeout() -> None:
    strategy = FixedTimeoutRetryStrategy(retry_timeout_millis=100, retry_delay_interval_millis=10)
    channel, transport = _channel(StatusCode.UNAVAILABLE, None, HIT, strategy=strategy, timeout=5.0)
    assert (await _call(channel)).cache_body == b"bar"
    first, second, third = (request.headers["grpc-timeout"] for request in transport.requests)
    assert first == "5000m"
    assert second == third == "100m"  # the stalled second attempt timed out after 100 ms and was retried


async def test_fixed_timeout_retries_timed_out_attempts_until_the_overall_deadline() -> None:
    strategy = FixedTimeoutRetryStrategy(retry_timeout_millis=50, retry_delay_interval_millis=10)
    # A quick failure, then attempts that never answer: each retry is cut after 50 ms, until 300 ms have passed.
    channel, transport = _channel(StatusCode.UNAVAILABLE, None, strategy=strategy, timeout=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(GrpcError) as caught:
        await _call(channel)
    assert caught.value.code is StatusCode.DEADLINE_EXCEEDED
    assert 0.28 <= loop.time() - started < 0.6
    assert 3 <= len(transport.requests) <= 7


async def test_a_custom_eligibility_strategy_decides() -> None:
    class Everything(EligibilityStrategy):
        def is_eligible_for_retry(self, props: RetryableProps) -> bool:
            return True

    channel, transport = _channel(
        StatusCode.NOT_FOUND, HIT, strategy=FixedCountRetryStrategy(max_attempts=1, eligibility_strategy=Everything())
    )
    assert (await _call(channel, "/cache_client.Scs/Increment")).cache_body == b"bar"
    assert len(transport.requests) == 2


async def test_closing_the_client_during_the_wait_ends_the_call() -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE, HIT, strategy=Recording(delay=0.2))
    call = asyncio.ensure_future(_call(channel))
    await asyncio.sleep(0.05)
    channel.close()
    with pytest.raises(ClientClosedError):
        await call
    assert len(transport.requests) == 1


# --- server streams -----------------------------------------------------------------------------------------------


async def _batch(channel: GrpcWebChannel) -> list[bytes]:
    stream = channel.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse, cache="c")
    return [reply.cache_body async for reply in stream]


async def test_a_stream_that_failed_before_its_first_message_is_retried() -> None:
    channel, transport = _channel(StatusCode.UNAVAILABLE, HIT)
    assert await _batch(channel) == [b"bar"]
    assert len(transport.requests) == 2


async def test_a_stream_that_delivered_a_message_is_not_retried() -> None:
    channel, transport = _channel([HIT], HIT)
    received: list[bytes] = []
    stream = channel.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse)

    async def drain() -> None:
        async for reply in stream:
            received.append(reply.cache_body)

    with pytest.raises(GrpcError) as caught:
        await drain()
    assert caught.value.code is StatusCode.UNAVAILABLE
    assert received == [b"bar"]
    assert len(transport.requests) == 1


# --- clients and configurations -----------------------------------------------------------------------------------


def _client(config: Configuration, *outcomes: Outcome) -> tuple[CacheClientAsync, OutcomeTransport]:
    transport = OutcomeTransport(list(outcomes))
    client = CacheClientAsync(
        config.with_transport_factory(lambda: transport),
        CredentialProvider.for_momento_local("127.0.0.1", 1),
        timedelta(minutes=1),
    )
    return client, transport


async def test_the_laptop_configuration_retries_like_momento() -> None:
    client, transport = _client(Configurations.Laptop.latest(), StatusCode.UNAVAILABLE)
    response = await client.get("cache", "key")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.SERVER_UNAVAILABLE
    assert len(transport.requests) == 4
    transport.requests.clear()
    increment = await client.increment("cache", "key")
    assert isinstance(increment, CacheIncrement.Error)
    assert len(transport.requests) == 1


async def test_the_browser_configuration_sends_each_call_once_unless_given_a_strategy() -> None:
    client, transport = _client(Configurations.Browser.latest(), StatusCode.UNAVAILABLE)
    assert isinstance(await client.set("cache", "key", "value"), CacheSet.Error)
    assert len(transport.requests) == 1
    retrying = Configurations.Browser.latest().with_retry_strategy(FixedCountRetryStrategy(max_attempts=2))
    client, transport = _client(retrying, StatusCode.UNAVAILABLE)
    assert isinstance(await client.set("cache", "key", "value"), CacheSet.Error)
    assert len(transport.requests) == 3


def test_prebuilt_configurations_carry_momentos_strategy() -> None:
    for config in (
        Configurations.Laptop.latest(),
        Configurations.InRegion.Default.latest(),
        Configurations.InRegion.LowLatency.latest(),
        Configurations.Lambda.latest(),
        AuthConfigurations.Laptop.latest(),
    ):
        strategy = config.get_retry_strategy()
        assert isinstance(strategy, FixedCountRetryStrategy)
        assert strategy.determine_when_to_retry(RetryableProps(StatusCode.UNAVAILABLE, GET, 3)) == 0.0
        assert strategy.determine_when_to_retry(RetryableProps(StatusCode.UNAVAILABLE, GET, 4)) is None
    assert Configurations.Browser.latest().get_retry_strategy() is None
    assert AuthConfigurations.Browser.latest().get_retry_strategy() is None


def test_with_retry_strategy_returns_a_new_configuration() -> None:
    original = Configurations.Laptop.latest()
    strategy = FixedCountRetryStrategy(max_attempts=5)
    changed = original.with_retry_strategy(strategy)
    assert type(changed) is Configurations.Laptop
    assert changed.get_retry_strategy() is strategy
    assert original.get_retry_strategy() is not strategy
    assert changed.with_retry_strategy(None).get_retry_strategy() is None
    assert Configuration(original.get_transport_strategy(), strategy).get_retry_strategy() is strategy


def test_a_browser_client_loads_no_retry_or_middleware_module() -> None:
    """They cost a page import time: only configurations that use them load them."""
    code = (
        "import sys, asyncio\n"
        "from datetime import timedelta\n"
        "from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync\n"
        "from momento_web import TopicConfigurations\n"
        "credentials = CredentialProvider.for_momento_local('127.0.0.1', 1)\n"
        "CacheClientAsync(Configurations.Browser.latest(), credentials, timedelta(minutes=1))\n"
        "TopicClientAsync(TopicConfigurations.Browser.latest(), credentials)\n"
        "loaded = [m for m in sys.modules if m.startswith(('momento_web.retry', 'momento_web.config.middleware',\n"
        "    'momento_web.internal.middleware')) or m == 'uuid']\n"
        "print(loaded)\n"
        "Configurations.Laptop.latest()\n"
        "print('momento_web.retry' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["[]", "True"]

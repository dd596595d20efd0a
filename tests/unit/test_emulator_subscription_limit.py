"""The emulator's limit on concurrent topic subscriptions across all caches (``--max-total-subscriptions``), driven
in-process: refused beyond it as Momento refuses (RESOURCE_EXHAUSTED, ``err: topic_subscriptions_limit_exceeded``),
and every way a stream ends gives its slot back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable

import pytest
from momento_web_emulator.__main__ import parse_args
from momento_web_emulator.store import Store, TopicLimits
from momento_web_emulator.topics import TopicRegistry, TopicSettings

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode

Stream = AsyncGenerator[pb._SubscriptionItem, None]
CACHES = ("a", "b", "c")


def registry_with(total: int, per_cache: int = 1000) -> TopicRegistry:
    store = Store(topic_limits=TopicLimits(max_subscription_count=per_cache))
    for name in CACHES:
        store.create_cache(name)
    return TopicRegistry(store, TopicSettings(heartbeat_interval=60.0, max_total_subscriptions=total))


def subscribe(registry: TopicRegistry, cache: str, topic: str = "t") -> Stream:
    """Like the Subscribe handler: the registration lives as long as the stream runs."""

    async def stream() -> Stream:
        with registry.subscription(registry.topic(cache, topic)) as subscriber:
            async for message in subscriber.messages(0, 0):
                yield message

    return stream()


async def opened(registry: TopicRegistry, cache: str) -> Stream:
    stream = subscribe(registry, cache)
    first = await asyncio.wait_for(anext(stream), 5)
    assert first.WhichOneof("kind") == "heartbeat"
    return stream


async def refusal(registry: TopicRegistry, cache: str) -> GrpcError:
    with pytest.raises(GrpcError) as refused:
        await opened(registry, cache)
    return refused.value


async def test_the_limit_holds_across_caches_with_momentos_status_and_err() -> None:
    registry = registry_with(total=4)
    streams = [await opened(registry, cache) for cache in ("a", "a", "b", "c")]
    error = await refusal(registry, "c")  # no cache is at its own limit: the total is
    assert error.code is StatusCode.RESOURCE_EXHAUSTED
    assert error.metadata == {"err": "topic_subscriptions_limit_exceeded"}
    assert error.details == "Number of subscribers exceeded the limit of 4 across all caches"
    assert registry.live_streams == 4
    for stream in streams:
        await stream.aclose()
    assert registry.live_streams == 0


async def test_the_per_cache_limit_still_applies_below_the_total() -> None:
    registry = registry_with(total=10, per_cache=1)
    first = await opened(registry, "a")
    assert (await refusal(registry, "a")).details == "Number of subscribers exceeded the limit of 1 for cache a"
    other = await opened(registry, "b")
    await first.aclose()
    await other.aclose()


async def _closed_by_the_client(registry: TopicRegistry, stream: Stream) -> None:
    await stream.aclose()  # what the server does when a client cancels its stream


async def _disconnected(registry: TopicRegistry, stream: Stream) -> None:
    waiting = asyncio.ensure_future(anext(stream))  # the task serving it is cancelled when the client goes away
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting


async def _ended_by_the_server(registry: TopicRegistry, stream: Stream) -> None:
    assert registry.drop(StatusCode.UNAVAILABLE, "maintenance", cache="a") == 1
    with pytest.raises(GrpcError):
        await asyncio.wait_for(anext(stream), 5)


@pytest.mark.parametrize("end", [_closed_by_the_client, _disconnected, _ended_by_the_server])
async def test_every_way_a_stream_ends_gives_its_slot_back(
    end: Callable[[TopicRegistry, Stream], Awaitable[None]],
) -> None:
    registry = registry_with(total=2)
    ending = await opened(registry, "a")
    staying = await opened(registry, "b")
    await refusal(registry, "c")
    await end(registry, ending)
    assert registry.live_streams == 1
    replacement = await opened(registry, "c")  # the freed slot is usable at once
    await refusal(registry, "c")
    for stream in (replacement, staying):
        await stream.aclose()
    assert registry.live_streams == 0


async def test_a_refused_subscription_holds_no_slot() -> None:
    registry = registry_with(total=1)
    only = await opened(registry, "a")
    for _ in range(50):
        await refusal(registry, "b")
    await only.aclose()
    assert registry.live_streams == 0
    await (await opened(registry, "b")).aclose()


def test_the_flag_reaches_the_settings_and_is_validated() -> None:
    assert parse_args([]).max_total_subscriptions == TopicSettings().max_total_subscriptions == 4096
    assert parse_args(["--max-total-subscriptions", "7"]).max_total_subscriptions == 7
    with pytest.raises(ValueError, match="max_total_subscriptions"):
        TopicSettings(max_total_subscriptions=0)

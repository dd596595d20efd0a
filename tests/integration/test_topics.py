"""TopicClientAsync on CPython (httpx streaming) against a real emulator process with the test admin enabled:
order, text and binary items, publisher id, heartbeats, unsubscribe, limits, errors and callbacks."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web._messages import cachepubsub
from momento_web.config import TopicConfiguration, WireFormat
from momento_web.errors import MomentoErrorCode
from momento_web.responses import (
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
    TopicSubscriptionItemResponse,
)
from momento_web.wire.grpc_web import encode_frame
from tests.conftest import TOPICS_HEARTBEAT_S, TOPICS_MAX_SUBSCRIPTIONS, LocalServer, admin_request

Subscription = TopicSubscribe.SubscriptionAsync


def topic_config(wire_format: WireFormat = WireFormat.TEXT) -> TopicConfiguration:
    return (
        TopicConfigurations.Default.latest()
        .with_wire_format(wire_format)
        .with_resume_backoff(timedelta(milliseconds=20))
    )


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def topics(request: pytest.FixtureRequest, topics_emulator: LocalServer) -> AsyncIterator[TopicClientAsync]:
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    async with TopicClientAsync(topic_config(request.param), credentials) as client:
        yield client


@pytest.fixture
def cache(topics_cache: str) -> str:
    return topics_cache


async def subscribed(client: TopicClientAsync, cache: str, topic: str, *args: int) -> Subscription:
    subscription = await client.subscribe(cache, topic, *args)
    assert isinstance(subscription, Subscription), subscription
    return subscription


async def next_items(subscription: Subscription, count: int) -> list[TopicSubscriptionItemResponse]:
    return [await asyncio.wait_for(anext(subscription), 10) for _ in range(count)]


async def wait_for_subscribers(server: LocalServer, cache: str, topic: str, expected: int) -> None:
    """Poll the emulator's count of live streams on the topic until it is ``expected``."""
    count = -1
    for _ in range(400):
        count = admin_request(server, "topics", cache=cache, topic=topic)["subscribers"]
        if count == expected:
            return
        await asyncio.sleep(0.025)
    pytest.fail(f"{count} live stream(s) on {cache}/{topic}, expected {expected}")


async def test_text_and_binary_items_arrive_in_order_with_sequence_page_and_publisher(
    topics: TopicClientAsync, cache: str
) -> None:
    subscription = await subscribed(topics, cache, "orders")
    values: list[str | bytes] = ["first", b"\x00\x01\xfe\xff", "ünïcödé ✓", b"", "", bytes(range(256)) * 256]
    for value in values:
        assert await topics.publish(cache, "orders", value) == TopicPublish.Success()
    items = await next_items(subscription, len(values))
    for value, item in zip(values, items, strict=True):
        expected_type = TopicSubscriptionItem.Text if isinstance(value, str) else TopicSubscriptionItem.Binary
        assert type(item) is expected_type, item
        assert item.value == value
        assert item.publisher_id == ""  # open mode: no disposable token
    assert [item.sequence_number for item in items] == list(range(1, len(values) + 1))  # type: ignore[attr-defined]
    pages = {item.sequence_page for item in items}  # type: ignore[attr-defined]
    assert len(pages) == 1
    assert pages != {0}
    assert (subscription.last_sequence_number, subscription.last_sequence_page) == (len(values), pages.pop())
    await subscription.aclose()


async def test_two_subscribers_see_the_same_sequence(topics: TopicClientAsync, cache: str) -> None:
    first = await subscribed(topics, cache, "shared")
    second = await subscribed(topics, cache, "shared")
    for i in range(5):
        await topics.publish(cache, "shared", f"m{i}")
    assert await next_items(first, 5) == await next_items(second, 5)
    await first.aclose()
    await second.aclose()


async def test_subscribe_returns_after_the_first_heartbeat_and_heartbeats_keep_coming(
    topics: TopicClientAsync, cache: str
) -> None:
    subscription = await subscribed(topics, cache, "quiet")
    assert subscription.heartbeats >= 1  # subscribe() waited for the server's acceptance
    events = subscription.events(heartbeats=True)
    kinds = [type(await asyncio.wait_for(anext(events), 10)) for _ in range(3)]
    assert kinds == [TopicSubscriptionItem.Heartbeat] * 3
    assert subscription.heartbeats >= 3
    await events.aclose()
    assert not subscription.is_subscribed  # leaving events() unsubscribed


async def test_iteration_skips_heartbeats_by_default(topics: TopicClientAsync, cache: str) -> None:
    subscription = await subscribed(topics, cache, "skips")
    seen_before = subscription.heartbeats
    while subscription.heartbeats < seen_before + 2:  # heartbeats arrive (and are skipped) while nothing is sent
        await asyncio.sleep(0.05)
    await topics.publish(cache, "skips", "x")
    assert await next_items(subscription, 1) == [TopicSubscriptionItem.Text("x", 1, subscription.last_sequence_page)]
    await subscription.aclose()


async def test_unsubscribe_aborts_the_request_and_leaves_no_task(
    topics: TopicClientAsync, cache: str, topics_emulator: LocalServer
) -> None:
    subscription = await subscribed(topics, cache, "leave")
    await wait_for_subscribers(topics_emulator, cache, "leave", 1)
    subscription.unsubscribe()
    assert not subscription.is_subscribed
    with pytest.raises(StopAsyncIteration):
        await anext(subscription)
    await subscription.aclose()  # waits until the request is released
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await wait_for_subscribers(topics_emulator, cache, "leave", 0)


async def test_leaving_async_for_unsubscribes(
    topics: TopicClientAsync, cache: str, topics_emulator: LocalServer
) -> None:
    subscription = await subscribed(topics, cache, "break")
    await topics.publish(cache, "break", "stop here")
    async for item in subscription:
        assert item == TopicSubscriptionItem.Text("stop here", 1, subscription.last_sequence_page)
        break
    await wait_for_subscribers(topics_emulator, cache, "break", 0)
    assert not subscription.is_subscribed


async def test_async_with_unsubscribes(topics: TopicClientAsync, cache: str, topics_emulator: LocalServer) -> None:
    async with await subscribed(topics, cache, "ctx") as subscription:
        await wait_for_subscribers(topics_emulator, cache, "ctx", 1)
    assert not subscription.is_subscribed
    await wait_for_subscribers(topics_emulator, cache, "ctx", 0)


async def test_closing_the_client_ends_its_subscriptions(cache: str, topics_emulator: LocalServer) -> None:
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    client = TopicClientAsync(topic_config(), credentials)
    subscription = await subscribed(client, cache, "closing")
    await client.close()
    assert not subscription.is_subscribed
    await wait_for_subscribers(topics_emulator, cache, "closing", 0)


async def test_resume_at_a_sequence_number_replays_from_there(topics: TopicClientAsync, cache: str) -> None:
    for i in range(1, 6):
        await topics.publish(cache, "replay", f"m{i}")
    probe = await subscribed(topics, cache, "replay")
    await topics.publish(cache, "replay", "m6")
    (latest,) = await next_items(probe, 1)
    await probe.aclose()
    page = latest.sequence_page  # type: ignore[attr-defined]
    replay = await subscribed(topics, cache, "replay", 3, page)
    items = await next_items(replay, 4)
    assert [(i.value, i.sequence_number) for i in items] == [(f"m{n}", n) for n in range(3, 7)]  # type: ignore[attr-defined]
    await replay.aclose()


async def test_resume_from_an_unknown_page_reports_a_discontinuity(topics: TopicClientAsync, cache: str) -> None:
    for i in range(1, 4):
        await topics.publish(cache, "reset", f"m{i}")
    subscription = await subscribed(topics, cache, "reset", 10, 1)
    events = subscription.events(discontinuities=True)
    gap = await asyncio.wait_for(anext(events), 10)
    assert isinstance(gap, TopicSubscriptionItem.Discontinuity), gap
    assert (gap.last_sequence_number, gap.new_sequence_number) == (9, 0)
    items = [await asyncio.wait_for(anext(events), 10) for _ in range(3)]
    assert [(i.sequence_number, i.sequence_page) for i in items] == [(n, gap.new_sequence_page) for n in (1, 2, 3)]  # type: ignore[attr-defined]
    await events.aclose()


async def test_errors_as_values(topics: TopicClientAsync, cache: str) -> None:
    missing = await topics.subscribe(f"missing-{uuid.uuid4().hex[:6]}", "t")
    assert isinstance(missing, TopicSubscribe.Error)
    assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    published = await topics.publish(f"missing-{uuid.uuid4().hex[:6]}", "t", "x")
    assert isinstance(published, TopicPublish.Error)
    assert published.error_code is MomentoErrorCode.NOT_FOUND_ERROR

    invalid = [
        await topics.subscribe("", "t"),
        await topics.subscribe(cache, ""),
        await topics.subscribe(cache, 7),  # type: ignore[arg-type]
        await topics.subscribe(cache, "t", -1),
        await topics.subscribe(cache, "t", 0, 2**64),
        await topics.publish(cache, "", "x"),
        await topics.publish(cache, "t", 42),  # type: ignore[arg-type]
    ]
    for response in invalid:
        assert isinstance(response, TopicSubscribe.Error | TopicPublish.Error), response
        assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    empty_name = invalid[1]
    assert isinstance(empty_name, TopicSubscribe.Error), empty_name
    assert empty_name.inner_exception.message == "Topic name must not be empty"


async def test_client_side_subscription_limit(cache: str, topics_emulator: LocalServer) -> None:
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    async with TopicClientAsync(topic_config().with_max_subscriptions(2), credentials) as client:
        first = await subscribed(client, cache, "a")
        await subscribed(client, cache, "b")
        refused = await client.subscribe(cache, "c")
        assert isinstance(refused, TopicSubscribe.Error)
        assert refused.error_code is MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED
        first.unsubscribe()  # frees its slot at once
        await (await subscribed(client, cache, "c")).aclose()


async def test_server_side_subscription_limit(topics: TopicClientAsync, cache: str) -> None:
    subscriptions = [await subscribed(topics, cache, f"t{i}") for i in range(TOPICS_MAX_SUBSCRIPTIONS)]
    refused = await topics.subscribe(cache, "one-too-many")
    assert isinstance(refused, TopicSubscribe.Error)
    assert refused.error_code is MomentoErrorCode.LIMIT_EXCEEDED_ERROR
    assert refused.message.startswith("Topic subscriptions limit exceeded for this account")
    for subscription in subscriptions:
        await subscription.aclose()


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("NOT_FOUND", MomentoErrorCode.NOT_FOUND_ERROR),
        ("PERMISSION_DENIED", MomentoErrorCode.PERMISSION_ERROR),
        ("UNAUTHENTICATED", MomentoErrorCode.AUTHENTICATION_ERROR),
    ],
)
async def test_a_non_retryable_error_ends_the_subscription_with_an_error_item(
    topics: TopicClientAsync, cache: str, topics_emulator: LocalServer, status: str, code: MomentoErrorCode
) -> None:
    subscription = await subscribed(topics, cache, "doomed")
    await topics.publish(cache, "doomed", "before")
    (before,) = await next_items(subscription, 1)
    assert isinstance(before, TopicSubscriptionItem.Text)
    assert admin_request(topics_emulator, "topics/drop", post=True, cache=cache, topic="doomed", status=status) == {
        "dropped": 1
    }
    (error,) = await next_items(subscription, 1)
    assert isinstance(error, TopicSubscriptionItem.Error), error
    assert error.error_code is code
    with pytest.raises(StopAsyncIteration):
        await anext(subscription)
    assert not subscription.is_subscribed
    assert subscription.reconnects == 0
    await subscription.aclose()
    await wait_for_subscribers(topics_emulator, cache, "doomed", 0)


async def test_deleting_the_cache_ends_subscriptions_with_not_found(topics_emulator: LocalServer) -> None:
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    name = f"doomed-cache-{uuid.uuid4().hex[:6]}"
    async with (
        await CacheClientAsync.create(Configurations.Laptop.latest(), credentials, timedelta(minutes=1)) as caches,
        TopicClientAsync(topic_config(), credentials) as client,
    ):
        await caches.create_cache(name)
        subscription = await subscribed(client, name, "t")
        await caches.delete_cache(name)
        (error,) = await next_items(subscription, 1)  # noticed at the next heartbeat
        assert isinstance(error, TopicSubscriptionItem.Error), error
        assert error.error_code is MomentoErrorCode.NOT_FOUND_ERROR


async def test_callbacks_run_from_the_iterator(
    topics: TopicClientAsync, cache: str, topics_emulator: LocalServer
) -> None:
    received: list[TopicSubscriptionItemResponse] = []
    heartbeats: list[TopicSubscriptionItem.Heartbeat] = []
    errors: list[TopicSubscriptionItem.Error] = []
    item_arrived = asyncio.Event()

    async def on_item(item: TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary) -> None:
        received.append(item)
        item_arrived.set()

    def broken_callback(item: TopicSubscriptionItem.Heartbeat) -> None:
        heartbeats.append(item)
        raise RuntimeError("a page's bug must not end the subscription")

    subscription = await subscribed(topics, cache, "callbacks")
    listener = subscription.listen(on_item, on_error=errors.append, on_heartbeat=broken_callback)
    assert subscription.listen(on_item) is listener  # one listener per subscription
    await topics.publish(cache, "callbacks", "one")
    await asyncio.wait_for(item_arrived.wait(), 10)
    while not heartbeats:
        await asyncio.sleep(0.05)
    admin_request(topics_emulator, "topics/drop", post=True, cache=cache, topic="callbacks", status="NOT_FOUND")
    await asyncio.wait_for(listener, 10)  # ends with the subscription
    assert received == [TopicSubscriptionItem.Text("one", 1, subscription.last_sequence_page)]
    assert [e.error_code for e in errors] == [MomentoErrorCode.NOT_FOUND_ERROR]
    assert all(isinstance(h, TopicSubscriptionItem.Heartbeat) for h in heartbeats)


async def test_cancelling_the_listener_unsubscribes(
    topics: TopicClientAsync, cache: str, topics_emulator: LocalServer
) -> None:
    subscription = await subscribed(topics, cache, "cancel-listener")
    listener = subscription.listen(lambda item: None)
    await wait_for_subscribers(topics_emulator, cache, "cancel-listener", 1)
    listener.cancel()
    with pytest.raises(asyncio.CancelledError):
        await listener
    assert not subscription.is_subscribed
    await wait_for_subscribers(topics_emulator, cache, "cancel-listener", 0)


async def test_deadlines_bound_publish_and_subscribing_but_not_the_subscription(silent_server: int) -> None:
    config = topic_config().with_client_timeout(timedelta(milliseconds=300))
    async with TopicClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", silent_server)) as client:
        published = await client.publish("cache", "t", "x")
        assert isinstance(published, TopicPublish.Error)
        assert published.error_code is MomentoErrorCode.TIMEOUT_ERROR
        subscription = await client.subscribe("cache", "t")
        assert isinstance(subscription, TopicSubscribe.Error)
        assert subscription.error_code is MomentoErrorCode.TIMEOUT_ERROR


async def test_a_quiet_subscription_outlives_the_deadline_and_the_heartbeat_timeout(
    cache: str, topics_emulator: LocalServer
) -> None:
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    config = topic_config().with_client_timeout(timedelta(milliseconds=200))
    config = config.with_heartbeat_timeout(timedelta(seconds=4 * TOPICS_HEARTBEAT_S))  # heartbeats reset it
    async with TopicClientAsync(config, credentials) as client:
        subscription = await subscribed(client, cache, "long")
        await asyncio.sleep(1.0)  # five deadlines, over a heartbeat timeout
        await client.publish(cache, "long", "still here")
        assert await next_items(subscription, 1) == [
            TopicSubscriptionItem.Text("still here", 1, subscription.last_sequence_page)
        ]
        assert subscription.reconnects == 0


def _raw_subscribe(server: LocalServer, cache: str, topic: str) -> tuple[str, bytes, dict[str, str]]:
    """A Subscribe request as any gRPC-web client sends it, for streams the test drives by hand."""
    request = cachepubsub._SubscriptionRequest(cache_name=cache, topic=topic)
    url = f"http://{server.host}:{server.port}/cache_client.pubsub.Pubsub/Subscribe"
    return url, encode_frame(request.SerializeToString()), {"content-type": "application/grpc-web+proto"}


async def test_a_subscriber_that_stops_reading_blocks_neither_publishers_nor_other_subscribers(
    cache: str, topics_emulator: LocalServer
) -> None:
    url, body, headers = _raw_subscribe(topics_emulator, cache, "stalled")
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    count, padding = 1500, "x" * 4096  # about 6 MB: far beyond what the stalled connection's buffers hold
    async with (
        httpx.AsyncClient(timeout=30) as raw,
        raw.stream("POST", url, content=body, headers=headers) as stalled,  # its body is never read
        TopicClientAsync(topic_config(), credentials) as client,
    ):
        assert stalled.status_code == 200
        subscription = await subscribed(client, cache, "stalled")
        await wait_for_subscribers(topics_emulator, cache, "stalled", 2)

        async def publish_all() -> None:
            for i in range(count):
                assert await client.publish(cache, "stalled", f"{i}:{padding}") == TopicPublish.Success()

        async def receive_all() -> list[TopicSubscriptionItemResponse]:
            return [await anext(subscription) for _ in range(count)]

        # A liveness bound, not a timing target: a blocked publisher or subscriber would hang here.
        _, items = await asyncio.wait_for(asyncio.gather(publish_all(), receive_all()), 120)
        assert [item.value.split(":")[0] for item in items] == [str(i) for i in range(count)]  # type: ignore[attr-defined]
    await wait_for_subscribers(topics_emulator, cache, "stalled", 0)


async def test_client_cancels_are_not_errors_for_the_emulator(cache: str, topics_emulator: LocalServer) -> None:
    start = len(topics_emulator.output())
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    async with TopicClientAsync(topic_config(), credentials) as client:
        unsubscribed = await subscribed(client, cache, "cancels")
        left = await subscribed(client, cache, "cancels")
        waiting = await subscribed(client, cache, "cancels")
        await wait_for_subscribers(topics_emulator, cache, "cancels", 3)
        unsubscribed.unsubscribe()
        reader = asyncio.ensure_future(anext(waiting))  # nothing published yet: it waits
        await asyncio.sleep(0.1)
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        waiting.unsubscribe()
        await client.publish(cache, "cancels", "one")
        async for _ in left:
            break  # leaving the loop aborts the request
        url, body, headers = _raw_subscribe(topics_emulator, cache, "cancels")
        async with httpx.AsyncClient(timeout=30) as raw, raw.stream("POST", url, content=body, headers=headers) as r:
            async for _ in r.aiter_bytes():
                break  # a connection dropped mid-body
        closed_with_client = await subscribed(client, cache, "cancels")
        assert closed_with_client.is_subscribed
    await wait_for_subscribers(topics_emulator, cache, "cancels", 0)
    await asyncio.sleep(0.2)  # anything the emulator would log about it is written by now
    log = topics_emulator.output()[start:]
    assert not [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line or "Traceback" in line]

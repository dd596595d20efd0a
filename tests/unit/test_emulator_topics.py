"""The emulator's topics, driven in-process: sequence numbers, pages, the replay buffer, resume and discontinuities,
heartbeats, fan-out, limits, the test-admin hooks and the Pubsub service handlers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import pytest
from momento_web_emulator.admin import AdminApi
from momento_web_emulator.auth import Principal
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services.pubsub import PubsubService
from momento_web_emulator.store import CacheNotFound, Store, TopicLimits
from momento_web_emulator.topics import Subscriber, Topic, TopicRegistry, TopicSettings

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode

Stream = AsyncGenerator[pb._SubscriptionItem, None]
# Long enough that no heartbeat interleaves with what a test expects, unless it waits for one.
QUIET = TopicSettings(heartbeat_interval=60.0, buffer_items=8)


def make_registry(settings: TopicSettings = QUIET, max_subscriptions: int = 1000) -> TopicRegistry:
    store = Store(topic_limits=TopicLimits(max_subscription_count=max_subscriptions))
    store.create_cache("cache")
    return TopicRegistry(store, settings)


def text(value: str) -> pb._TopicValue:
    return pb._TopicValue(text=value)


def kind(message: pb._SubscriptionItem) -> str:
    return str(message.WhichOneof("kind"))


async def take(stream: AsyncIterator[pb._SubscriptionItem], count: int) -> list[pb._SubscriptionItem]:
    return [await asyncio.wait_for(anext(stream), 5) for _ in range(count)]


def published_topic(registry: TopicRegistry, count: int) -> Topic:
    """Topic "topic" of cache "cache" with items m0, m1, … numbered from 1."""
    topic = registry.topic("cache", "topic")
    for i in range(count):
        topic.publish(text(f"m{i}"), "")
    return topic


def sequences(messages: list[pb._SubscriptionItem]) -> list[int]:
    assert all(kind(m) == "item" for m in messages), messages
    return [m.item.topic_sequence_number for m in messages]


def subscribe(registry: TopicRegistry, topic: str = "topic", resume_at: int = 0, page: int = 0) -> Stream:
    """A stream that, like the Subscribe handler, holds its registration for as long as it runs."""

    async def stream() -> Stream:
        with registry.subscription(registry.topic("cache", topic)) as subscriber:
            async for message in subscriber.messages(resume_at, page):
                yield message

    return stream()


async def test_items_carry_sequence_page_and_publisher() -> None:
    registry = make_registry()
    stream = subscribe(registry)
    assert [kind(m) for m in await take(stream, 1)] == ["heartbeat"]  # at once, before anything is published
    topic = registry.topic("cache", "topic")
    assert [topic.publish(text(f"m{i}"), "token-7") for i in range(3)] == [1, 2, 3]
    topic.publish(pb._TopicValue(binary=b"\x00\xff"), "")
    items = await take(stream, 4)
    assert sequences(items) == [1, 2, 3, 4]
    assert {m.item.sequence_page for m in items} == {topic.page}
    assert [m.item.value.text for m in items[:3]] == ["m0", "m1", "m2"]
    assert items[3].item.value.binary == b"\x00\xff"
    assert [m.item.publisher_id for m in items] == ["token-7"] * 3 + [""]
    await stream.aclose()


async def test_a_fresh_subscription_starts_with_the_recent_items_and_every_subscriber_the_same_numbers() -> None:
    registry = make_registry()
    topic = registry.topic("cache", "topic")
    topic.publish(text("before"), "")  # published just before subscribing: Momento delivers it first
    first, second = subscribe(registry), subscribe(registry)
    for stream in (first, second):
        heartbeat, recent = await take(stream, 2)
        assert kind(heartbeat) == "heartbeat"
        assert (recent.item.topic_sequence_number, recent.item.value.text) == (1, "before")
    topic.publish(text("after"), "")
    for stream in (first, second):
        (item,) = await take(stream, 1)
        assert (item.item.topic_sequence_number, item.item.value.text) == (2, "after")
        await stream.aclose()


@pytest.mark.parametrize(
    ("recent", "published", "expected"), [(10, 3, [1, 2, 3]), (3, 6, [4, 5, 6]), (10, 20, list(range(13, 21)))]
)
async def test_a_fresh_subscription_gets_at_most_the_recent_items_the_buffer_still_holds(
    recent: int, published: int, expected: list[int]
) -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=60.0, buffer_items=8, recent_items=recent))
    published_topic(registry, published)
    stream = subscribe(registry)
    heartbeat, *items = await take(stream, 1 + len(expected))
    assert kind(heartbeat) == "heartbeat"
    assert sequences(items) == expected  # no discontinuity: a fresh subscription has no position to miss from
    await stream.aclose()


async def test_no_recent_items_means_only_new_ones() -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=60.0, buffer_items=8, recent_items=0))
    topic = published_topic(registry, 3)
    stream = subscribe(registry)
    await take(stream, 1)
    topic.publish(text("new"), "")
    assert sequences(await take(stream, 1)) == [4]
    await stream.aclose()


async def test_page_zero_resumes_at_the_number_asked_for_on_the_current_page() -> None:
    registry = make_registry()
    topic = published_topic(registry, 6)
    stream = subscribe(registry, resume_at=4, page=0)
    heartbeat, *items = await take(stream, 4)
    assert kind(heartbeat) == "heartbeat"
    assert sequences(items) == [4, 5, 6]
    assert {item.item.sequence_page for item in items} == {topic.page}
    await stream.aclose()


async def test_page_zero_before_the_buffer_is_a_discontinuity_then_the_oldest_item() -> None:
    registry = make_registry()  # keeps 8 items
    topic = published_topic(registry, 20)
    stream = subscribe(registry, resume_at=2, page=0)
    _, gap, first = await take(stream, 3)
    assert (gap.discontinuity.last_topic_sequence, gap.discontinuity.new_topic_sequence) == (1, 12)
    assert gap.discontinuity.new_sequence_page == topic.page
    assert sequences([first]) == [13]
    await stream.aclose()


async def test_resume_within_the_buffer_replays_exactly_the_missed_items() -> None:
    registry = make_registry()
    topic = published_topic(registry, 6)
    stream = subscribe(registry, resume_at=4, page=topic.page)
    messages = await take(stream, 4)
    assert kind(messages[0]) == "heartbeat"
    assert sequences(messages[1:]) == [4, 5, 6]
    await stream.aclose()


async def test_resume_at_the_next_number_replays_nothing() -> None:
    registry = make_registry()
    topic = published_topic(registry, 1)
    stream = subscribe(registry, resume_at=2, page=topic.page)
    await take(stream, 1)
    topic.publish(text("new"), "")
    assert sequences(await take(stream, 1)) == [2]
    await stream.aclose()


async def test_resume_before_the_buffer_sends_a_discontinuity_then_what_is_left() -> None:
    registry = make_registry()  # keeps 8 items
    topic = registry.topic("cache", "topic")
    for i in range(20):
        topic.publish(text(f"m{i}"), "")
    assert (topic.first_retained, topic.next_sequence) == (13, 21)
    stream = subscribe(registry, resume_at=5, page=topic.page)
    heartbeat, gap, *items = await take(stream, 10)
    assert kind(heartbeat) == "heartbeat"
    assert kind(gap) == "discontinuity"
    assert (gap.discontinuity.last_topic_sequence, gap.discontinuity.new_topic_sequence) == (4, 12)
    assert gap.discontinuity.new_sequence_page == topic.page
    assert sequences(items) == list(range(13, 21))
    await stream.aclose()


async def test_resume_from_another_page_is_a_discontinuity_onto_the_current_page() -> None:
    registry = make_registry()
    topic = published_topic(registry, 3)
    stream = subscribe(registry, resume_at=10, page=topic.page - 1)
    _, gap, *items = await take(stream, 5)
    assert (gap.discontinuity.last_topic_sequence, gap.discontinuity.new_topic_sequence) == (9, 0)
    assert gap.discontinuity.new_sequence_page == topic.page
    assert sequences(items) == [1, 2, 3]
    await stream.aclose()


async def test_resume_from_a_number_the_page_never_reached_replays_nothing() -> None:
    registry = make_registry()
    topic = published_topic(registry, 1)
    stream = subscribe(registry, resume_at=50, page=topic.page)
    _, gap = await take(stream, 2)
    assert (gap.discontinuity.last_topic_sequence, gap.discontinuity.new_topic_sequence) == (49, 1)
    topic.publish(text("next"), "")
    assert sequences(await take(stream, 1)) == [2]
    await stream.aclose()


async def test_a_slow_subscriber_overruns_into_a_discontinuity_without_holding_anyone_up() -> None:
    registry = make_registry()
    topic = registry.topic("cache", "topic")
    slow, fast = subscribe(registry), subscribe(registry)
    await take(slow, 1)
    await take(fast, 1)
    for i in range(20):  # publishing never waits for subscribers
        topic.publish(text(f"m{i}"), "")
        assert sequences(await take(fast, 1)) == [i + 1]
    gap, *items = await take(slow, 9)
    assert (gap.discontinuity.last_topic_sequence, gap.discontinuity.new_topic_sequence) == (0, 12)
    assert sequences(items) == list(range(13, 21))
    await slow.aclose()
    await fast.aclose()


async def test_two_hundred_subscribers_each_get_every_item_in_order_and_the_publisher_waits_for_none() -> None:
    subscribers, count = 200, 50
    registry = make_registry(TopicSettings(heartbeat_interval=60.0, buffer_items=count))
    service = PubsubService(registry)
    streams = [subscribe(registry) for _ in range(subscribers)]
    for stream in streams:
        assert [kind(m) for m in await take(stream, 1)] == ["heartbeat"]
    assert registry.subscriber_count("cache", "topic") == subscribers

    async def receive(stream: Stream) -> list[tuple[int, str]]:
        return [(m.item.topic_sequence_number, m.item.value.text) for m in await take(stream, count)]

    async def publish_all() -> None:
        for i in range(count):
            await service.publish(pb._PublishRequest(cache_name="cache", topic="topic", value=text(f"m{i}")), context())
            await asyncio.sleep(0)  # the readers take their turns as it goes

    stalled, *others = streams  # not read at all until publishing is over
    readers = [asyncio.ensure_future(receive(stream)) for stream in others]
    await asyncio.wait_for(publish_all(), 10)  # a liveness bound: a publisher held up by `stalled` would hang
    expected = [(i + 1, f"m{i}") for i in range(count)]
    assert await receive(stalled) == expected
    assert await asyncio.gather(*readers) == [expected] * len(others)
    for stream in streams:
        await stream.aclose()
    assert registry.live_streams == 0


async def test_buffer_is_bounded_by_bytes_too() -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=60, buffer_items=100, buffer_bytes=1000))
    topic = registry.topic("cache", "topic")
    for _ in range(5):
        topic.publish(pb._TopicValue(binary=bytes(300)), "")
    assert topic.next_sequence - topic.first_retained == 3  # three items of ~303 bytes fit, a fourth would not


async def test_heartbeats_keep_coming_while_idle() -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=0.01))
    stream = subscribe(registry)
    assert [kind(m) for m in await take(stream, 4)] == ["heartbeat"] * 4
    await stream.aclose()


async def test_per_cache_subscription_limit_and_live_stream_count() -> None:
    registry = make_registry(max_subscriptions=2)
    streams = [subscribe(registry, topic=name) for name in ("a", "b")]
    for stream in streams:
        await take(stream, 1)
    assert registry.live_streams == 2
    assert registry.subscriber_count("cache", "a") == 1
    with pytest.raises(GrpcError) as refused:
        await take(subscribe(registry, topic="c"), 1)
    assert refused.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert refused.value.metadata == {"err": "topic_subscriptions_limit_exceeded"}
    assert "subscribers" in refused.value.details
    await streams[0].aclose()
    assert registry.live_streams == 1
    assert registry.subscriber_count("cache", "a") == 0
    again = subscribe(registry, topic="c")
    await take(again, 1)
    await again.aclose()
    await streams[1].aclose()
    assert registry.live_streams == 0


async def test_cancelling_a_stream_releases_its_registration() -> None:
    registry = make_registry()
    stream = subscribe(registry)
    await take(stream, 1)
    waiting = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert registry.live_streams == 0


async def test_drop_ends_streams_with_the_status_asked_for() -> None:
    registry = make_registry()
    ok, failing, other = subscribe(registry), subscribe(registry), subscribe(registry, topic="other")
    for stream in (ok, failing, other):
        await take(stream, 1)
    assert registry.drop(StatusCode.OK, "bye", cache="cache", topic="other") == 1
    with pytest.raises(StopAsyncIteration):
        await anext(other)
    assert registry.drop(StatusCode.UNAVAILABLE, "gone", topic="topic") == 2
    with pytest.raises(GrpcError) as dropped:
        await anext(failing)
    assert (dropped.value.code, dropped.value.details) == (StatusCode.UNAVAILABLE, "gone")
    with pytest.raises(GrpcError):
        await anext(ok)  # both streams of "topic" were dropped with UNAVAILABLE
    assert registry.live_streams == 0


async def test_blocked_streams_deliver_nothing_until_unblocked() -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=0.01, buffer_items=8))
    topic = registry.topic("cache", "topic")
    stream = subscribe(registry)
    await take(stream, 1)
    registry.set_blocked(True)
    pending = asyncio.ensure_future(anext(stream))
    for i in range(3):
        topic.publish(text(f"m{i}"), "")
    await asyncio.sleep(0.05)  # several heartbeat intervals: nothing may arrive while blocked
    assert not pending.done()
    registry.set_blocked(False)
    first = await asyncio.wait_for(pending, 5)
    assert sequences([first]) == [1]
    items = [m for m in await take(stream, 4) if kind(m) == "item"]
    assert sequences(items)[:2] == [2, 3]
    await stream.aclose()


async def test_deleted_cache_ends_streams_with_not_found_at_the_next_heartbeat() -> None:
    registry = make_registry(TopicSettings(heartbeat_interval=0.01))
    stream = subscribe(registry)
    await take(stream, 1)
    registry._store.delete_cache("cache")
    with pytest.raises(GrpcError) as ended:
        await take(stream, 100)
    assert ended.value.code is StatusCode.NOT_FOUND
    with pytest.raises(CacheNotFound):
        registry.topic("cache", "topic")


async def test_recreated_cache_starts_its_topics_over_on_a_higher_page() -> None:
    registry = make_registry()
    old = registry.topic("cache", "topic")
    old.publish(text("old"), "")
    stream = subscribe(registry)
    await take(stream, 1)
    registry._store.delete_cache("cache")
    registry._store.create_cache("cache")
    new = registry.topic("cache", "topic")
    assert new is not old
    assert new.page > old.page
    assert new.next_sequence == 1
    with pytest.raises(StopAsyncIteration):  # retired: the client resumes and meets the new page
        await asyncio.wait_for(anext(stream), 5)


def test_idle_topics_beyond_the_cap_are_forgotten_oldest_first() -> None:
    registry = make_registry(TopicSettings(max_topics_per_cache=3))
    first = registry.topic("cache", "t0")
    first.publish(text("x"), "")
    for name in ("t1", "t2", "t3"):
        registry.topic("cache", name)
    assert registry.topic("cache", "t0") is not first  # forgotten, so a fresh incarnation
    assert registry.topic("cache", "t0").next_sequence == 1


def test_pages_increase() -> None:
    registry = make_registry()
    pages = [registry.topic("cache", f"t{i}").page for i in range(5)]
    assert pages == sorted(set(pages))


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="heartbeat_interval must be positive"):
        TopicSettings(heartbeat_interval=0)
    with pytest.raises(ValueError, match="topic buffer and topic limits must be at least 1"):
        TopicSettings(buffer_items=0)


# --- the service handlers -------------------------------------------------------------------------------------


def context(token_id: str = "") -> CallContext:
    return CallContext("/cache_client.pubsub.Pubsub/Publish", {}, Principal("tester", token_id=token_id))


async def test_publish_uses_the_principals_token_id_as_publisher_id() -> None:
    registry = make_registry()
    service = PubsubService(registry)
    request = pb._SubscriptionRequest(cache_name="cache", topic="topic")
    stream = service.subscribe(request, context())
    assert isinstance(stream, AsyncGenerator)  # an async generator, closed below as the server closes it
    await take(stream, 1)
    await service.publish(pb._PublishRequest(cache_name="cache", topic="topic", value=text("hi")), context("tok-1"))
    (item,) = await take(stream, 1)
    assert (item.item.publisher_id, item.item.value.text) == ("tok-1", "hi")
    await stream.aclose()
    assert registry.live_streams == 0


@pytest.mark.parametrize(
    ("request_message", "code"),
    [
        (pb._PublishRequest(cache_name="cache", topic="topic"), StatusCode.INVALID_ARGUMENT),  # no value
        (pb._PublishRequest(cache_name="cache", topic=" ", value=text("x")), StatusCode.INVALID_ARGUMENT),
        (pb._PublishRequest(cache_name="", topic="t", value=text("x")), StatusCode.INVALID_ARGUMENT),
    ],
)
async def test_publish_rejects_bad_requests(request_message: pb._PublishRequest, code: StatusCode) -> None:
    with pytest.raises(GrpcError) as rejected:
        await PubsubService(make_registry()).publish(request_message, context())
    assert rejected.value.code is code


async def test_publish_and_subscribe_to_a_missing_cache_fail_before_any_message() -> None:
    service = PubsubService(make_registry())
    with pytest.raises(CacheNotFound):
        await service.publish(pb._PublishRequest(cache_name="nope", topic="t", value=text("x")), context())
    with pytest.raises(CacheNotFound):
        await anext(service.subscribe(pb._SubscriptionRequest(cache_name="nope", topic="t"), context()))


# --- the admin API ---------------------------------------------------------------------------------------------


async def call_admin(api: AdminApi, method: str, path: str, query: bytes = b"") -> tuple[int, dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await api({"type": "http", "method": method, "path": path, "query_string": query}, receive, send)
    assert not [name for name, _ in sent[0]["headers"] if name.startswith(b"access-control-")]  # no CORS at all
    return sent[0]["status"], json.loads(sent[1]["body"])


async def test_admin_api_routes() -> None:
    registry = make_registry()
    api = AdminApi(registry)
    stream = subscribe(registry)
    await take(stream, 1)
    assert await call_admin(api, "GET", "/_test_admin/topics", b"cache=cache&topic=topic") == (
        200,
        {"live_streams": 1, "blocked": False, "subscribers": 1},
    )
    assert await call_admin(api, "POST", "/_test_admin/topics/block") == (200, {"blocked": True})
    assert registry.blocked
    assert await call_admin(api, "POST", "/_test_admin/topics/unblock") == (200, {"blocked": False})
    status, body = await call_admin(api, "POST", "/_test_admin/topics/drop", b"status=bogus")
    assert status == 400
    assert "bogus" in body["error"].lower()
    assert await call_admin(api, "POST", "/_test_admin/topics/drop", b"status=unavailable") == (200, {"dropped": 1})
    with pytest.raises(GrpcError):
        await anext(stream)
    assert (await call_admin(api, "GET", "/_test_admin/nothing"))[0] == 404
    assert (await call_admin(api, "GET", "/_test_admin/topics/drop"))[0] == 404  # actions need POST


def test_subscriber_starts_at_the_next_sequence() -> None:
    registry = make_registry()
    topic = registry.topic("cache", "topic")
    topic.publish(text("x"), "")
    assert Subscriber(topic, registry)._cursor == 2

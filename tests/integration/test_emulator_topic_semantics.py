"""Momento's topic semantics on the wire, against real emulator processes: a fresh subscription (resume position 0)
starts with the topic's recent retained items, so an item published just before subscribing is delivered first
(to our SDK as to raw gRPC-web); ``resume_at_topic_sequence_number`` N with sequence page 0 starts at N; an unknown
page replays from the oldest retained item after a discontinuity; ``--topic-recent-items`` bounds (or, at 0,
disables) the recent items."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import httpx
import pytest

from momento_web import TopicClientAsync, TopicConfigurations
from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import controlclient as control_pb
from momento_web.auth import CredentialProvider
from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem
from momento_web.wire.grpc_web import Message, ResponseDecoder, encode_frame
from scripts.localhost import HOST, free_port
from tests.conftest import LocalServer, run_server

TEXT = "application/grpc-web-text"
HEADERS = {"content-type": TEXT, "x-grpc-web": "1"}


def _call(http: httpx.Client, path: str, request: pubsub_pb._PublishRequest | control_pb._CreateCacheRequest) -> None:
    reply = http.post(path, content=encode_frame(request.SerializeToString(), text=True), headers=HEADERS)
    assert reply.headers.get("grpc-status", "0") == "0", reply.headers


def _topic_with(server: LocalServer, count: int) -> tuple[str, str]:
    """A new cache and topic with items ``m1`` … ``m<count>`` (sequence numbers 1 … count)."""
    cache, topic = f"semantics-{uuid.uuid4().hex[:8]}", "t"
    with httpx.Client(base_url=server.url, timeout=10) as http:
        _call(http, "/control_client.ScsControl/CreateCache", control_pb._CreateCacheRequest(cache_name=cache))
        for index in range(1, count + 1):
            value = pubsub_pb._TopicValue(text=f"m{index}")
            request = pubsub_pb._PublishRequest(cache_name=cache, topic=topic, value=value)
            _call(http, "/cache_client.pubsub.Pubsub/Publish", request)
    return cache, topic


def _subscribe(
    server: LocalServer, cache: str, topic: str, count: int, resume_at: int = 0, page: int = 0
) -> list[pubsub_pb._SubscriptionItem]:
    """The first ``count`` messages of a Subscribe stream (then the client goes away)."""
    request = pubsub_pb._SubscriptionRequest(
        cache_name=cache, topic=topic, resume_at_topic_sequence_number=resume_at, sequence_page=page
    )
    body = encode_frame(request.SerializeToString(), text=True)
    messages: list[pubsub_pb._SubscriptionItem] = []
    decoder = ResponseDecoder(text=True)
    with (
        httpx.Client(base_url=server.url, timeout=10) as http,
        http.stream("POST", "/cache_client.pubsub.Pubsub/Subscribe", content=body, headers=HEADERS) as reply,
    ):
        for chunk in reply.iter_bytes():
            for event in decoder.feed(chunk):
                if isinstance(event, Message):
                    messages.append(pubsub_pb._SubscriptionItem.FromString(event.data))
            if len(messages) >= count:
                return messages[:count]
    raise AssertionError(f"the stream ended after {messages}")


def _describe(messages: list[pubsub_pb._SubscriptionItem]) -> list[object]:
    described: list[object] = []
    for message in messages:
        match message.WhichOneof("kind"):
            case "item":
                described.append(message.item.value.text)
            case "discontinuity":
                gap = message.discontinuity
                described.append(("gap", gap.last_topic_sequence, gap.new_topic_sequence))
            case other:
                described.append(other)
    return described


@contextlib.contextmanager
def _emulator(*flags: str) -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--heartbeat-interval", "30", *flags]
    with run_server("topic-semantics-emulator", args, HOST, port) as server:
        yield server


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with _emulator("--topic-buffer-size", "8", "--topic-recent-items", "3") as started:
        yield started


def test_a_fresh_subscription_starts_with_the_recent_items(server: LocalServer) -> None:
    cache, topic = _topic_with(server, 5)
    assert _describe(_subscribe(server, cache, topic, 4)) == ["heartbeat", "m3", "m4", "m5"]


def test_page_zero_starts_at_the_number_asked_for(server: LocalServer) -> None:
    cache, topic = _topic_with(server, 5)
    messages = _subscribe(server, cache, topic, 4, resume_at=3, page=0)
    assert _describe(messages) == ["heartbeat", "m3", "m4", "m5"]
    assert len({message.item.sequence_page for message in messages[1:]}) == 1


def test_an_unknown_page_replays_from_the_oldest_retained_item_after_a_discontinuity(server: LocalServer) -> None:
    cache, topic = _topic_with(server, 10)  # 8 retained: 3 … 10
    messages = _subscribe(server, cache, topic, 4, resume_at=7, page=12345)
    assert _describe(messages) == ["heartbeat", ("gap", 6, 2), "m3", "m4"]


async def test_no_recent_items_when_turned_off() -> None:
    with _emulator("--topic-recent-items", "0") as bare:
        first = await _first_item_after(bare, ["old"], "live")
    assert first == ("live", 2)


async def _first_item_after(server: LocalServer, before: list[str], after: str) -> tuple[str, int]:
    """With our SDK: publish ``before``, subscribe, publish ``after``; the first item the subscription yields."""
    cache, topic = _topic_with(server, 0)
    credentials = CredentialProvider.for_momento_local(server.host, server.port)
    async with TopicClientAsync(TopicConfigurations.Default.latest(), credentials) as client:
        for value in before:
            assert await client.publish(cache, topic, value) == TopicPublish.Success()
        subscription = await client.subscribe(cache, topic)
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync)
        assert await client.publish(cache, topic, after) == TopicPublish.Success()
        item = await anext(aiter(subscription))
        subscription.unsubscribe()
    assert isinstance(item, TopicSubscriptionItem.Text)
    return item.value, item.sequence_number


async def test_our_sdk_receives_an_item_published_just_before_it_subscribed(emulator: LocalServer) -> None:
    assert await _first_item_after(emulator, ["published first"], "then this") == ("published first", 1)

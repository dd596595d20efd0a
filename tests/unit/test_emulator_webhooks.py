"""The emulator's webhooks, in process: the registry (put, list, secrets, rotation, deletion, caches), the RPC
service, and delivery through a fake poster: the event body and its signature (checked with the SDK's
``WebhookUtils``), order, retries with backoff, timeouts, giving up, bounded queues, rotation mid-retry."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

import pytest
from momento_web_emulator.auth import ANONYMOUS, Principal
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services import translate_error
from momento_web_emulator.services.pubsub import PubsubService
from momento_web_emulator.services.webhooks import WebhookService
from momento_web_emulator.store import MemoryLimits, Store
from momento_web_emulator.topics import TopicRegistry
from momento_web_emulator.webhook_delivery import USER_AGENT, DeliverySettings, Event, signature
from momento_web_emulator.webhooks import MAX_NAME_LENGTH, WebhookRegistry, WebhookSettings

from momento_web import WebhookUtils
from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import webhook as pb
from momento_web.wire.status import GrpcError, StatusCode

VALID = WebhookUtils.RequestValidation.VALID
FAST = DeliverySettings(timeout=0.2, first_backoff=0.01, max_backoff=0.04, give_up_after=0.5)


@dataclass
class Sent:
    url: str
    body: bytes
    headers: Mapping[str, str]

    @property
    def event(self) -> dict[str, object]:
        document: dict[str, object] = json.loads(self.body)
        return document


@dataclass
class FakePoster:
    """Answers each POST with the next of ``answers`` (a status, an exception to raise, or None: never answer),
    then with 200; records every attempt."""

    answers: list[int | Exception | None] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    opened: int = 0
    closed: int = 0

    def __call__(self) -> FakePoster:
        self.opened += 1
        return self

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        self.sent.append(Sent(url, body, dict(headers)))
        answer = self.answers.pop(0) if self.answers else 200
        if answer is None:
            await asyncio.Event().wait()
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, int)
        return answer

    async def aclose(self) -> None:
        self.closed += 1

    def delivered(self) -> list[int]:
        return [int(str(s.event["topic_sequence_number"])) for s in self.sent]


def registry(poster: FakePoster, delivery: DeliverySettings = FAST, **limits: int) -> tuple[WebhookRegistry, Store]:
    store = Store()
    store.create_cache("c")
    settings = WebhookSettings(delivery=delivery, **limits)
    return WebhookRegistry(store, settings, poster=poster, clock=lambda: 1_700_000_000.5), store


def text(value: str) -> pubsub_pb._TopicValue:
    return pubsub_pb._TopicValue(text=value)


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(5):
        while not condition():
            await asyncio.sleep(0.005)


# --- the event and its signature ------------------------------------------------------------------------------


def test_the_body_has_momentos_fields_in_order_and_the_signature_validates() -> None:
    event = Event("chat", "room-281", 1704296470564, 1, "mo-the-squirrel", "Here I am!! ✓", None)
    body = event.body(publish_timestamp=1704296470565)
    assert (
        body
        == (
            '{"cache":"chat","topic":"room-281","event_timestamp":1704296470564,"publish_timestamp":1704296470565,'
            '"topic_sequence_number":1,"token_id":"mo-the-squirrel","text":"Here I am!! ✓"}'
        ).encode()
    )
    sig = signature(body, "s3cret")
    assert len(sig) == 64
    assert WebhookUtils.validate_webhook_request(body, sig, "s3cret") is VALID
    assert WebhookUtils.validate_webhook_request(body + b" ", sig, "s3cret") is not VALID
    assert WebhookUtils.validate_webhook_request(body, sig, "other") is not VALID


def test_a_binary_item_travels_as_base64() -> None:
    event = Event("c", "t", 1, 2, "", None, b"\x00\xff")
    document = json.loads(event.body(publish_timestamp=3))
    assert document["binary"] == base64.b64encode(b"\x00\xff").decode()
    assert "text" not in document


# --- the registry -----------------------------------------------------------------------------------------------


def test_put_list_secret_rotate_delete() -> None:
    webhooks, _ = registry(FakePoster())
    secret = webhooks.put("c", "hook", "t", "http://127.0.0.1:9/in")
    assert len(secret) >= 32
    assert webhooks.put("c", "hook", "t2", "https://example.test/in") == secret  # an update keeps the secret
    assert webhooks.secret("c", "hook") == secret
    rotated = webhooks.rotate("c", "hook")
    assert rotated != secret
    assert webhooks.secret("c", "hook") == rotated
    assert [(w.name, w.topic, w.url) for w in webhooks.of_cache("c")] == [("hook", "t2", "https://example.test/in")]
    webhooks.delete("c", "hook")
    assert webhooks.of_cache("c") == []
    for call in (lambda: webhooks.delete("c", "hook"), lambda: webhooks.secret("c", "hook")):
        with pytest.raises(GrpcError) as missing:
            call()
        assert missing.value.code is StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    ("name", "topic", "url", "problem"),
    [
        (" ", "t", "http://x/", "webhook name must not be empty"),
        ("n" * (MAX_NAME_LENGTH + 1), "t", "http://x/", "at most 128 characters"),
        ("n", " ", "http://x/", "topic name must not be empty"),
        ("n", "t", "ftp://x/", "http or https URL"),
        ("n", "t", "http:///path-only", "http or https URL"),
        ("n", "t", "http://[::1/", "http or https URL"),
        ("n", "t", "not a url", "http or https URL"),
    ],
)
def test_put_refuses_bad_names_and_urls(name: str, topic: str, url: str, problem: str) -> None:
    webhooks, _ = registry(FakePoster())
    with pytest.raises(GrpcError) as refused:
        webhooks.put("c", name, topic, url)
    assert refused.value.code is StatusCode.INVALID_ARGUMENT
    assert problem in refused.value.details


def test_a_cache_holds_a_bounded_number_of_webhooks_and_a_missing_cache_has_none() -> None:
    webhooks, _ = registry(FakePoster(), max_per_cache=2)
    webhooks.put("c", "a", "t", "http://x/")
    webhooks.put("c", "b", "t", "http://x/")
    webhooks.put("c", "a", "t", "http://y/")  # an update is not one more
    with pytest.raises(GrpcError) as full:
        webhooks.put("c", "c", "t", "http://x/")
    assert full.value.code is StatusCode.RESOURCE_EXHAUSTED
    with pytest.raises(Exception, match="cache not found: nope") as missing:
        webhooks.of_cache("nope")
    translated = translate_error(missing.value)
    assert translated is not None
    assert translated.code is StatusCode.NOT_FOUND


async def test_a_recreated_cache_starts_without_webhooks_and_stops_the_old_deliveries() -> None:
    poster = FakePoster(answers=[None])  # the first delivery hangs until its worker is cancelled
    webhooks, store = registry(poster, delivery=DeliverySettings(timeout=60))
    webhooks.put("c", "hook", "t", "http://x/")
    webhooks.published("c", "t", 1, text("a"), "")
    await until(lambda: len(poster.sent) == 1)
    assert store.memory_used > 0  # the queued event is held in the store's budget
    store.delete_cache("c")
    assert (webhooks.pending(), webhooks.stats.queued_bytes, store.memory_used) == (0, 0, 0)  # at once
    await until(lambda: poster.closed == 1)
    store.create_cache("c")
    assert webhooks.of_cache("c") == []


# --- deliveries ---------------------------------------------------------------------------------------------------


async def test_queued_events_share_the_stores_memory_budget() -> None:
    poster = FakePoster(answers=[None])  # nothing is confirmed: events stay queued
    store = Store(memory_limits=MemoryLimits(max_bytes=2_000))
    store.create_cache("c")
    webhooks = WebhookRegistry(store, WebhookSettings(delivery=DeliverySettings(timeout=60)), poster=poster)
    webhooks.put("c", "hook", "t", "http://x/")
    for sequence in range(1, 6):
        webhooks.published("c", "t", sequence, text("x" * 100), "")  # 656 bytes counted each
    assert webhooks.pending() == 3
    assert store.memory_used == 3 * 656
    assert webhooks.stats.dropped_full == 2
    webhooks.delete("c", "hook")
    assert store.memory_used == 0


async def test_every_item_of_the_topic_is_delivered_signed_in_order() -> None:
    poster = FakePoster()
    webhooks, _ = registry(poster)
    secret = webhooks.put("c", "hook", "t", "http://127.0.0.1:9/in")
    webhooks.put("c", "other-topic", "u", "http://127.0.0.1:9/other")
    for sequence in range(1, 6):
        webhooks.published("c", "t", sequence, text(f"m{sequence}"), "tok")
    webhooks.published("c", "elsewhere", 1, text("not for it"), "")
    await until(lambda: webhooks.stats.delivered == 5)
    assert poster.delivered() == [1, 2, 3, 4, 5]
    for sent in poster.sent:
        assert sent.url == "http://127.0.0.1:9/in"
        assert sent.headers["content-type"] == "application/json"
        assert sent.headers["user-agent"] == USER_AGENT
        assert WebhookUtils.validate_webhook_request(sent.body, sent.headers["momento-signature"], secret) is VALID
        assert sent.event["event_timestamp"] == sent.event["publish_timestamp"] == 1_700_000_000_500
        assert (sent.event["cache"], sent.event["topic"], sent.event["token_id"]) == ("c", "t", "tok")
    await until(lambda: poster.closed == poster.opened)  # an idle worker lets its connections go


async def test_failures_are_retried_with_backoff_without_reordering() -> None:
    poster = FakePoster(answers=[500, OSError("connection refused"), None, 404])  # None: no answer (timeout)
    webhooks, _ = registry(poster)
    webhooks.put("c", "hook", "t", "http://x/")
    for sequence in (1, 2):
        webhooks.published("c", "t", sequence, text("m"), "")
    await until(lambda: webhooks.stats.delivered == 2)
    assert poster.delivered() == [1, 1, 1, 1, 1, 2]
    assert webhooks.stats.failed_attempts == 4
    assert webhooks.stats.dropped == 0


async def test_an_item_never_confirmed_is_given_up_logged_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    poster = FakePoster(answers=[503] * 100)
    webhooks, _ = registry(poster, delivery=DeliverySettings(first_backoff=0.01, max_backoff=0.02, give_up_after=0.1))
    webhooks.put("c", "hook", "t", "http://x/")
    webhooks.published("c", "t", 1, text("lost"), "")
    webhooks.published("c", "t", 2, text("next"), "")
    with caplog.at_level(logging.WARNING, logger="momento_web_emulator.webhook_delivery"):
        await until(lambda: webhooks.stats.dropped_given_up == 1)
    assert "dropped item 1 of topic 't'" in caplog.text
    await until(lambda: any(s.event["topic_sequence_number"] == 2 for s in poster.sent))  # the queue moves on


async def test_a_rotated_secret_signs_the_next_attempt() -> None:
    poster = FakePoster(answers=[500])
    webhooks, _ = registry(poster, delivery=DeliverySettings(first_backoff=0.2, give_up_after=5))
    old = webhooks.put("c", "hook", "t", "http://x/")
    webhooks.published("c", "t", 1, text("m"), "")
    await until(lambda: len(poster.sent) == 1)
    new = webhooks.rotate("c", "hook")
    await until(lambda: webhooks.stats.delivered == 1)
    first, second = poster.sent
    assert WebhookUtils.validate_webhook_request(first.body, first.headers["momento-signature"], old) is VALID
    assert WebhookUtils.validate_webhook_request(second.body, second.headers["momento-signature"], new) is VALID


async def test_full_queues_drop_and_count_without_making_publishers_wait(caplog: pytest.LogCaptureFixture) -> None:
    poster = FakePoster(answers=[None])  # the receiver hangs: everything queues
    delivery = DeliverySettings(timeout=60, queue_items=3, total_bytes=10_000)
    webhooks, _ = registry(poster, delivery=delivery)
    webhooks.put("c", "a", "t", "http://x/")
    webhooks.put("c", "b", "t", "http://x/")
    loop = asyncio.get_running_loop()
    started = loop.time()
    with caplog.at_level(logging.WARNING, logger="momento_web_emulator.webhook_delivery"):
        for sequence in range(1, 11):
            webhooks.published("c", "t", sequence, text("x" * 100), "")
    assert loop.time() - started < 0.1
    assert webhooks.pending() <= 6
    assert webhooks.stats.dropped_full == 20 - webhooks.pending()
    assert "queue full" in caplog.text
    big = text("y" * 5_000)  # 20 kB counted: beyond the bound for all webhooks together
    webhooks.delete("c", "a")
    webhooks.delete("c", "b")
    webhooks.put("c", "a", "t", "http://x/")
    webhooks.published("c", "t", 11, big, "")
    assert webhooks.pending() == 0
    assert webhooks.stats.queued_bytes == 0


async def test_deleting_a_webhook_stops_its_deliveries() -> None:
    poster = FakePoster(answers=[None])
    webhooks, _ = registry(poster, delivery=DeliverySettings(timeout=60))
    webhooks.put("c", "hook", "t", "http://x/")
    for sequence in (1, 2, 3):
        webhooks.published("c", "t", sequence, text("m"), "")
    await until(lambda: len(poster.sent) == 1)
    webhooks.delete("c", "hook")
    await until(lambda: poster.closed == 1)
    assert (webhooks.pending(), webhooks.stats.queued_bytes, webhooks.stats.delivered) == (0, 0, 0)


# --- the services -------------------------------------------------------------------------------------------------


def ctx(rpc: str, principal: Principal = ANONYMOUS) -> CallContext:
    return CallContext(rpc, {}, principal)


async def refused(work: Awaitable[object]) -> GrpcError:
    try:
        await work
    except GrpcError as error:
        return error
    except Exception as error:
        translated = translate_error(error)
        if translated is None:
            raise
        return translated
    raise AssertionError("the call succeeded")


async def test_the_rpcs_manage_webhooks_and_publishing_feeds_them() -> None:
    poster = FakePoster()
    webhooks, store = registry(poster)
    service = WebhookService(webhooks)
    webhook_id = pb._WebhookId(cache_name="c", webhook_name="hook")
    put = pb._PutWebhookRequest(
        webhook=pb._Webhook(
            webhook_id=webhook_id, topic_name="t", destination=pb._WebhookDestination(post_url="http://x/in")
        )
    )
    secret = (await service.put(put, ctx("PutWebhook"))).secret_string
    listed = await service.list_webhooks(pb._ListWebhookRequest(cache_name="c"), ctx("ListWebhooks"))
    assert [(w.webhook_id.webhook_name, w.topic_name, w.destination.post_url) for w in listed.webhook] == [
        ("hook", "t", "http://x/in")
    ]
    got = await service.get_secret(pb._GetWebhookSecretRequest(cache_name="c", webhook_name="hook"), ctx("Get"))
    assert (got.cache_name, got.webhook_name, got.secret_string) == ("c", "hook", secret)
    rotated = await service.rotate_secret(pb._RotateWebhookSecretRequest(webhook_id=webhook_id), ctx("Rotate"))
    assert rotated.secret_string not in ("", secret)

    topics = TopicRegistry(store)
    pubsub = PubsubService(topics, webhooks)
    publisher = Principal(name="p", super_user=True, token_id="player-1")
    publish = pubsub_pb._PublishRequest(cache_name="c", topic="t", value=pubsub_pb._TopicValue(binary=b"\x01"))
    await pubsub.publish(publish, ctx("Publish", publisher))
    await until(lambda: webhooks.stats.delivered == 1)
    assert poster.sent[0].event["token_id"] == "player-1"
    assert poster.sent[0].event["binary"] == "AQ=="

    await service.delete(pb._DeleteWebhookRequest(webhook_id=webhook_id), ctx("Delete"))
    missing = await refused(service.delete(pb._DeleteWebhookRequest(webhook_id=webhook_id), ctx("Delete")))
    assert missing.code is StatusCode.NOT_FOUND
    no_cache = await refused(service.list_webhooks(pb._ListWebhookRequest(cache_name="nope"), ctx("List")))
    assert no_cache.code is StatusCode.NOT_FOUND
    no_destination = pb._PutWebhookRequest(webhook=pb._Webhook(webhook_id=webhook_id, topic_name="t"))
    assert (await refused(service.put(no_destination, ctx("Put")))).code is StatusCode.INVALID_ARGUMENT
    assert (await refused(service.put(pb._PutWebhookRequest(), ctx("Put")))).code is StatusCode.INVALID_ARGUMENT

"""The SDK's subscription state machine over scripted Subscribe streams: resume requests, duplicates and gaps,
which errors end a subscription, backoff, the heartbeat watchdog, and that unsubscribing closes the stream and
leaves no task or timer; and the topic configuration."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar

import pytest

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web._messages import cachepubsub as pb
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.internal.topics.resume import Backoff, ResumePosition
from momento_web.internal.topics.stream import _QUEUE_LIMIT, SubscriptionStream
from momento_web.internal.topics.watchdog import IdleTimeout, Watchdog
from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem, TopicSubscriptionItemResponse
from momento_web.transport import HttpRequest, HttpResponse
from momento_web.wire.grpc_web import decode_request
from momento_web.wire.status import GrpcError, StatusCode

HEARTBEAT = pb._SubscriptionItem(heartbeat=pb._Heartbeat())
Script = list[pb._SubscriptionItem | GrpcError | float | None]  # a float: pause; None: stay open until closed


def item(sequence: int, page: int = 7, value: str = "") -> pb._SubscriptionItem:
    text = value or f"m{sequence}"
    return pb._SubscriptionItem(
        item=pb._TopicItem(
            topic_sequence_number=sequence, sequence_page=page, value=pb._TopicValue(text=text), publisher_id="p"
        )
    )


def gap(last: int, new: int, page: int = 7) -> pb._SubscriptionItem:
    return pb._SubscriptionItem(
        discontinuity=pb._Discontinuity(last_topic_sequence=last, new_topic_sequence=new, new_sequence_page=page)
    )


@dataclass
class Server:
    """Hands out one scripted stream per Subscribe call and records the requests."""

    scripts: list[Script]
    requests: list[tuple[int, int]] = field(default_factory=list)
    closed: int = 0

    def open(self, resume_at: int, page: int) -> AsyncIterator[pb._SubscriptionItem]:
        self.requests.append((resume_at, page))
        return self._stream(self.scripts.pop(0) if self.scripts else [None])

    async def _stream(self, script: Script) -> AsyncIterator[pb._SubscriptionItem]:
        try:
            for step in script:
                if step is None:
                    await asyncio.sleep(3600)
                elif isinstance(step, float):
                    await asyncio.sleep(step)
                elif isinstance(step, GrpcError):
                    raise step
                else:
                    yield step
        finally:
            self.closed += 1


def subscription(
    server: Server, position: ResumePosition | None = None, idle_timeout: float | None = None
) -> TopicSubscribe.SubscriptionAsync:
    stream = SubscriptionStream(
        server.open,
        position or ResumePosition(),
        Backoff(0.001, 0.002),
        lambda: None,
        accept_timeout=1.0,
        idle_timeout=idle_timeout,
    )
    return TopicSubscribe.SubscriptionAsync("cache", "topic", stream)


async def started(
    server: Server, position: ResumePosition | None = None, idle_timeout: float | None = None
) -> TopicSubscribe.SubscriptionAsync:
    sub = subscription(server, position, idle_timeout)
    await sub._stream.start()
    return sub


def live_timers() -> list[asyncio.TimerHandle]:
    """Timers still pending on the (CPython) event loop."""
    scheduled: list[asyncio.TimerHandle] = asyncio.get_running_loop()._scheduled  # type: ignore[attr-defined]
    return [handle for handle in scheduled if not handle.cancelled()]


async def collect(sub: TopicSubscribe.SubscriptionAsync, count: int) -> list[TopicSubscriptionItemResponse]:
    events = sub.events(discontinuities=True)
    return [await asyncio.wait_for(anext(events), 5) for _ in range(count)]


def text(sequence: int, page: int = 7) -> TopicSubscriptionItem.Text:
    return TopicSubscriptionItem.Text(f"m{sequence}", sequence, page, "p")


async def test_resumes_after_the_last_item_and_drops_replayed_duplicates() -> None:
    server = Server(
        [
            [HEARTBEAT, item(1), item(2)],  # ends OK
            [HEARTBEAT, item(2), item(3), GrpcError(StatusCode.UNAVAILABLE, "reset")],  # replays 2
            [HEARTBEAT, item(4), None],
        ]
    )
    sub = await started(server)
    assert await collect(sub, 4) == [text(1), text(2), text(3), text(4)]
    assert server.requests == [(0, 0), (3, 7), (4, 7)]
    assert sub.reconnects == 2
    assert (sub.last_sequence_number, sub.last_sequence_page) == (4, 7)
    await sub.aclose()
    assert server.closed == 3


async def test_an_unannounced_jump_becomes_a_discontinuity() -> None:
    server = Server([[HEARTBEAT, item(1), item(5), item(1, page=9), None]])
    sub = await started(server)
    assert await collect(sub, 5) == [
        text(1),
        TopicSubscriptionItem.Discontinuity(1, 4, 7),
        text(5),
        TopicSubscriptionItem.Discontinuity(5, 0, 9),  # a new page: the topic was reset
        text(1, page=9),
    ]
    await sub.aclose()


async def test_a_server_discontinuity_moves_the_resume_position() -> None:
    server = Server([[HEARTBEAT, gap(0, 41), item(42)], [HEARTBEAT, None]])
    sub = await started(server, ResumePosition.starting_at(1, 3))
    assert await collect(sub, 2) == [TopicSubscriptionItem.Discontinuity(0, 41, 7), text(42)]
    await asyncio.sleep(0.05)
    assert server.requests == [(1, 3), (43, 7)]
    await sub.aclose()


async def test_resuming_at_n_on_page_0_takes_the_current_page_without_a_discontinuity() -> None:
    # Page 0 means "the current page": the first item names it (7 here), and resumes ask for that page.
    server = Server([[HEARTBEAT, item(5), GrpcError(StatusCode.UNAVAILABLE, "broken")], [HEARTBEAT, item(6), None]])
    sub = await started(server, ResumePosition.starting_at(5, 0))
    assert await collect(sub, 2) == [text(5), text(6)]
    assert server.requests == [(5, 0), (6, 7)]
    await sub.aclose()


async def test_listen_dispatches_every_kind_of_event_to_its_callback_in_order() -> None:
    server = Server([[HEARTBEAT, item(1), gap(1, 4), item(5), GrpcError(StatusCode.NOT_FOUND, "gone")]])
    sub = await started(server)
    seen: list[object] = []

    async def on_discontinuity(event: TopicSubscriptionItem.Discontinuity) -> None:  # coroutines are awaited
        seen.append(event)

    listener = sub.listen(seen.append, on_error=seen.append, on_discontinuity=on_discontinuity)
    await asyncio.wait_for(listener, 5)  # ends with the subscription
    assert seen[:3] == [text(1), TopicSubscriptionItem.Discontinuity(1, 4, 7), text(5)]
    (error,) = seen[3:]
    assert isinstance(error, TopicSubscriptionItem.Error)
    assert error.error_code is MomentoErrorCode.NOT_FOUND_ERROR


async def test_listen_without_a_discontinuity_callback_skips_discontinuities() -> None:
    server = Server([[HEARTBEAT, item(1), gap(1, 4), item(5), GrpcError(StatusCode.NOT_FOUND, "gone")]])
    sub = await started(server)
    items: list[object] = []
    await asyncio.wait_for(sub.listen(items.append), 5)
    assert items == [text(1), text(5)]


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (StatusCode.NOT_FOUND, MomentoErrorCode.NOT_FOUND_ERROR),
        (StatusCode.PERMISSION_DENIED, MomentoErrorCode.PERMISSION_ERROR),
        (StatusCode.UNAUTHENTICATED, MomentoErrorCode.AUTHENTICATION_ERROR),
        (StatusCode.INVALID_ARGUMENT, MomentoErrorCode.INVALID_ARGUMENT_ERROR),
    ],
)
async def test_non_retryable_errors_end_with_an_error_item(status: StatusCode, code: MomentoErrorCode) -> None:
    ended: list[bool] = []
    server = Server([[HEARTBEAT, item(1), GrpcError(status, "no")]])
    stream = SubscriptionStream(server.open, ResumePosition(), Backoff(0.001, 0.002), lambda: ended.append(True))
    sub = TopicSubscribe.SubscriptionAsync("cache", "topic", stream)
    await stream.start()
    first, error = [await asyncio.wait_for(anext(sub), 5) for _ in range(2)]
    assert first == text(1)
    assert isinstance(error, TopicSubscriptionItem.Error)
    assert error.error_code is code
    with pytest.raises(StopAsyncIteration):
        await anext(sub)
    assert ended == [True]
    assert not sub.is_subscribed
    assert len(server.requests) == 1


async def test_retryable_errors_back_off_and_keep_trying() -> None:
    unavailable = GrpcError(StatusCode.UNAVAILABLE, "refused")
    server = Server([[HEARTBEAT], [unavailable], [unavailable], [unavailable], [HEARTBEAT, item(1), None]])
    sub = await started(server)
    assert await collect(sub, 1) == [text(1)]
    assert sub.reconnects == 4
    await sub.aclose()


async def test_start_fails_on_an_error_or_silence_and_closes_the_stream() -> None:
    refused = Server([[GrpcError(StatusCode.NOT_FOUND, "no cache")]])
    with pytest.raises(GrpcError):
        await subscription(refused)._stream.start()
    assert refused.closed == 1
    silent = Server([[None]])
    with pytest.raises(GrpcError) as timed_out:
        await SubscriptionStream(silent.open, ResumePosition(), Backoff(1, 1), lambda: None, 0.05).start()
    assert timed_out.value.code is StatusCode.DEADLINE_EXCEEDED
    assert silent.closed == 1


async def test_a_first_message_that_is_not_a_heartbeat_is_delivered() -> None:
    server = Server([[item(3), None]])
    sub = await started(server)
    assert await collect(sub, 1) == [text(3)]
    await sub.aclose()


async def test_unsubscribe_discards_pending_events_and_closes_the_stream() -> None:
    server = Server([[HEARTBEAT, item(1), item(2), None]])
    sub = await started(server, idle_timeout=60.0)
    await asyncio.sleep(0.01)  # both items are queued
    assert sub._stream._watchdog.armed
    sub.unsubscribe()
    with pytest.raises(StopAsyncIteration):
        await anext(sub)
    await sub.aclose()
    assert server.closed == 1
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert not sub._stream._watchdog.armed
    assert live_timers() == []  # neither the watchdog's nor any other


async def test_a_silent_stream_is_replaced_by_one_resuming_after_the_last_item() -> None:
    """A half-open connection: the stream neither ends nor fails, it just stops sending (no heartbeat either)."""
    server = Server(
        [
            [HEARTBEAT, item(1), item(2), None],  # goes silent
            [HEARTBEAT, item(2), item(3), item(4), None],  # replays 2, then goes silent as well
        ]
    )
    sub = await started(server, idle_timeout=0.05)
    assert await collect(sub, 4) == [text(1), text(2), text(3), text(4)]  # each once
    assert server.requests[:2] == [(0, 0), (3, 7)]
    assert set(server.requests[2:]) <= {(5, 7)}  # the second silence resumes after 4 in turn
    assert sub.reconnects >= 1
    assert sub.is_subscribed
    await sub.aclose()
    assert server.closed == len(server.requests)  # every silent stream was closed, not abandoned
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert live_timers() == []


async def test_heartbeats_keep_a_quiet_stream_alive() -> None:
    # 0.4 s of heartbeats 10 ms apart: twice the watchdog's timeout, never a silence of it.
    beats: Script = [0.01, HEARTBEAT] * 40
    server = Server([[HEARTBEAT, *beats, item(1), None]])
    sub = await started(server, idle_timeout=0.2)
    assert await collect(sub, 1) == [text(1)]
    assert (server.requests, sub.reconnects) == ([(0, 0)], 0)
    await sub.aclose()


async def test_a_consumer_that_falls_behind_is_not_taken_for_a_silent_server() -> None:
    count = _QUEUE_LIMIT + 76
    server = Server([[HEARTBEAT, *[item(n) for n in range(1, count + 1)], None]])
    sub = await started(server, idle_timeout=0.05)
    await asyncio.sleep(0.2)  # the queue fills up and reading pauses, for four timeouts
    assert await collect(sub, count) == [text(n) for n in range(1, count + 1)]
    assert set(server.requests[1:]) <= {(count + 1, 7)}  # only the final silence, after the last item
    await sub.aclose()


async def test_a_silent_stream_before_the_first_item_resumes_from_now() -> None:
    server = Server([[HEARTBEAT, None], [HEARTBEAT, item(8), None]])
    sub = await started(server, idle_timeout=0.05)
    assert await collect(sub, 1) == [text(8)]
    assert server.requests[:2] == [(0, 0), (0, 0)]  # heartbeats carry no position
    await sub.aclose()


async def sleep_in(watchdog: Watchdog) -> None:
    async with watchdog:
        await asyncio.sleep(3600)


async def test_the_watchdog_raises_only_for_its_own_cancellation_and_leaves_no_timer() -> None:
    with pytest.raises(IdleTimeout):
        await sleep_in(Watchdog(0.01))
    current = asyncio.current_task()
    assert current is not None
    assert current.cancelling() == 0  # its cancel request was taken back
    for watchdog in (Watchdog(3600), Watchdog(None)):
        waiting = asyncio.ensure_future(sleep_in(watchdog))
        await asyncio.sleep(0.01)
        assert watchdog.armed is (watchdog.timeout is not None)
        waiting.cancel()  # as unsubscribing does
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert not watchdog.armed
    assert live_timers() == []


async def test_an_item_that_is_neither_text_nor_binary_is_reported_as_missed() -> None:
    unreadable = pb._SubscriptionItem(item=pb._TopicItem(topic_sequence_number=2, sequence_page=7))
    server = Server([[HEARTBEAT, item(1), unreadable, item(3), None], [HEARTBEAT, None]])
    sub = await started(server)
    assert await collect(sub, 3) == [text(1), TopicSubscriptionItem.Discontinuity(1, 2, 7), text(3)]
    assert sub.is_subscribed  # not an Error: the subscription goes on
    assert sub.last_sequence_number == 3
    await sub.aclose()
    first = Server([[HEARTBEAT, unreadable, item(3), None]])  # also as the very first item
    sub = await started(first)
    assert await collect(sub, 2) == [TopicSubscriptionItem.Discontinuity(1, 2, 7), text(3)]
    await sub.aclose()


async def test_heartbeats_are_counted_and_never_pile_up() -> None:
    server = Server([[HEARTBEAT, HEARTBEAT, HEARTBEAT, item(1), HEARTBEAT, None]])
    sub = await started(server)
    await asyncio.sleep(0.01)  # everything is read before anyone consumes
    events = sub.events(heartbeats=True)
    got = [await asyncio.wait_for(anext(events), 5) for _ in range(2)]
    assert got == [TopicSubscriptionItem.Heartbeat(), text(1)]  # the queued heartbeat stood for the next two
    assert sub.heartbeats == 4
    await events.aclose()


def test_resume_position_requests() -> None:
    assert ResumePosition.starting_at(0, 5).request() == (0, 5)
    position = ResumePosition.starting_at(10, 5)
    assert position.request() == (10, 5)
    assert position.is_replayed(9, 5)
    assert not position.is_replayed(9, 6)
    assert position.skips_to(11, 5)
    assert not position.skips_to(10, 5)


def test_backoff_retries_at_once_then_doubles_with_jitter_up_to_the_maximum() -> None:
    backoff = Backoff(1.0, 5.0)
    delays = [backoff.next_delay() for _ in range(6)]
    assert delays[0] == 0.0
    for delay, ceiling in zip(delays[1:], [1, 2, 4, 5, 5], strict=True):
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.next_delay() == 0.0


def test_topic_configurations_and_their_topic_settings() -> None:
    for config in (TopicConfigurations.Browser.v1(), TopicConfigurations.Browser.latest()):
        assert type(config) is TopicConfigurations.Browser
        assert config.get_client_timeout() == timedelta(seconds=5)
        assert config.get_subscription_limit() == 100
        assert (config.get_resume_backoff(), config.get_max_resume_backoff()) == (
            timedelta(milliseconds=500),
            timedelta(seconds=30),
        )
    default = TopicConfigurations.Default.latest()
    assert default.with_max_subscriptions(3).get_subscription_limit() == 3
    faster = default.with_resume_backoff(timedelta(milliseconds=10))
    assert type(faster) is TopicConfigurations.Default
    assert (faster.get_resume_backoff(), faster.get_max_resume_backoff()) == (
        timedelta(milliseconds=10),
        timedelta(seconds=30),
    )
    slower = default.with_resume_backoff(timedelta(minutes=2))
    assert slower.get_max_resume_backoff() == timedelta(minutes=2)  # the maximum grows to fit


@pytest.mark.parametrize(
    ("initial", "maximum"),
    [(timedelta(0), None), (timedelta(seconds=-1), None), (1.5, None), (timedelta(seconds=2), timedelta(seconds=1))],
)
def test_resume_backoff_is_validated(initial: object, maximum: timedelta | None) -> None:
    with pytest.raises(InvalidArgumentException):
        TopicConfigurations.Default.latest().with_resume_backoff(initial, maximum)  # type: ignore[arg-type]


class _TrailersOnly:
    """A response that is only a NOT_FOUND status, like the emulator's answer for a missing cache."""

    status = 200
    headers: ClassVar[dict[str, str]] = {
        "content-type": "application/grpc-web-text",
        "grpc-status": "5",
        "grpc-message": "no cache",
    }

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        return
        yield b""

    async def aclose(self) -> None:
        pass


@dataclass
class RecordingTransport:
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        return _TrailersOnly()

    async def aclose(self) -> None:
        pass


async def test_publish_and_subscribe_headers_follow_the_web_sdk() -> None:
    """Publish names its cache in a header and has a deadline; Subscribe has neither
    (docs/protocol/endpoints-and-headers.md, headers per call)."""
    transport = RecordingTransport()
    config = TopicConfigurations.Default.latest().with_transport_factory(lambda: transport)
    async with TopicClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 1)) as client:
        published = await client.publish("the-cache", "the-topic", b"\x00")
        subscribed = await client.subscribe("the-cache", "the-topic", 5, 9)
    assert isinstance(published, TopicPublish.Error)
    assert isinstance(subscribed, TopicSubscribe.Error)
    assert subscribed.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    publish, subscribe = transport.requests
    assert publish.url == "http://127.0.0.1:1/cache_client.pubsub.Pubsub/Publish"
    assert publish.headers["cache"] == "the-cache"
    assert "grpc-timeout" in publish.headers
    assert subscribe.url == "http://127.0.0.1:1/cache_client.pubsub.Pubsub/Subscribe"
    assert "cache" not in subscribe.headers
    assert "grpc-timeout" not in subscribe.headers
    for request in (publish, subscribe):  # two channels, each announcing itself once
        assert request.headers["agent"].split(":")[1] == "topic"
    sent = pb._SubscriptionRequest.FromString(decode_request(subscribe.body, text=True))
    assert (sent.cache_name, sent.topic, sent.resume_at_topic_sequence_number, sent.sequence_page) == (
        "the-cache",
        "the-topic",
        5,
        9,
    )

"""Resume without loss: subscriber streams are broken many times during a long publish, through the emulator's
test admin (a clean end of stream, UNAVAILABLE, INTERNAL) and by killing the TCP connections under the client (a
proxy between subscriber and emulator resets them). Every message must still arrive exactly once and in order,
and an overrun of the emulator's replay buffer must surface as a discontinuity. A stream that goes silent (the
admin's block: a half-open connection) is replaced once the heartbeat timeout passes."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import socket
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.config import WireFormat
from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem
from tests.conftest import TOPICS_BUFFER_SIZE, TOPICS_HEARTBEAT_S, LocalServer, admin_request

DROPS = 30
MIN_MESSAGES = 1000
TOPIC = "resume"


class KillingProxy:
    """A TCP proxy whose connections can all be reset at once (``kill``), as a network failure would."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._pairs: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._server: asyncio.Server | None = None
        self.port = 0
        self.connections = 0

    async def __aenter__(self) -> KillingProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        self.kill()
        await self._server.wait_closed()

    def kill(self) -> int:
        """Reset every open connection (both sides); returns how many there were."""
        pairs = list(self._pairs)
        for client, upstream in pairs:
            for writer in (client, upstream):
                sock = writer.get_extra_info("socket")
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                writer.transport.abort()
        self._pairs.clear()
        return len(pairs)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        pair = (writer, up_writer)
        self._pairs.add(pair)
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            self._pairs.discard(pair)
            for w in pair:
                w.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.write_eof()


async def eventually(condition: Callable[[], bool], within: float = 10.0) -> bool:
    """Whether ``condition`` became true within ``within`` seconds (polled)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            return False
        await asyncio.sleep(0.01)
    return True


@pytest.fixture
def cache(topics_cache: str) -> str:
    return topics_cache


def client_for(
    port: int, wire_format: WireFormat = WireFormat.TEXT, heartbeat_timeout: timedelta | None = None
) -> TopicClientAsync:
    config = TopicConfigurations.Default.latest().with_wire_format(wire_format)
    config = config.with_resume_backoff(timedelta(milliseconds=20), timedelta(milliseconds=200))
    if heartbeat_timeout is not None:
        config = config.with_heartbeat_timeout(heartbeat_timeout)
    return TopicClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", port))


@pytest.mark.parametrize("wire_format", [WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def test_every_message_arrives_exactly_once_in_order_across_many_dropped_streams(
    topics_emulator: LocalServer, cache: str, wire_format: WireFormat
) -> None:
    async with (
        KillingProxy(topics_emulator.host, topics_emulator.port) as proxy,
        client_for(proxy.port, wire_format) as subscriber_client,
        client_for(topics_emulator.port) as publisher,
    ):
        subscription = await subscriber_client.subscribe(cache, TOPIC)
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        published: list[str] = []
        received: list[TopicSubscriptionItem.Text] = []
        gaps: list[TopicSubscriptionItem.Discontinuity] = []
        chaos_done = asyncio.Event()

        async def publish_until_chaos_is_over() -> None:
            for n in itertools.count(1):
                value = "last" if chaos_done.is_set() and n > MIN_MESSAGES else f"message-{n}"
                assert await publisher.publish(cache, TOPIC, value) == TopicPublish.Success()
                published.append(value)
                if value == "last":
                    return

        async def receive_until_last() -> None:
            async for event in subscription.events(discontinuities=True):
                if isinstance(event, TopicSubscriptionItem.Discontinuity):
                    gaps.append(event)
                    continue
                assert isinstance(event, TopicSubscriptionItem.Text), event
                received.append(event)
                if event.value == "last":
                    return

        def admin_drop(status: str) -> Callable[[], Awaitable[int]]:
            async def drop() -> int:
                result = admin_request(topics_emulator, "topics/drop", post=True, cache=cache, status=status)
                return int(result["dropped"])

            return drop

        async def kill_connections() -> int:
            return proxy.kill()

        breakers = [admin_drop("OK"), kill_connections, admin_drop("UNAVAILABLE"), admin_drop("INTERNAL")]
        effective = 0

        async def chaos() -> None:
            nonlocal effective
            assert await eventually(lambda: len(received) > 0)  # the position is known from here on
            for breaker in itertools.islice(itertools.cycle(breakers), DROPS):
                before = subscription.reconnects
                await asyncio.sleep(random.uniform(0.01, 0.05))  # let the current stream deliver a little
                if await breaker():
                    effective += 1
                await eventually(lambda: subscription.reconnects > before, within=3)  # noqa: B023
            chaos_done.set()

        receiving = asyncio.ensure_future(receive_until_last())
        await asyncio.wait_for(asyncio.gather(publish_until_chaos_is_over(), chaos()), 120)
        await asyncio.wait_for(receiving, 30)

        assert [item.value for item in received] == published  # exactly once, in order
        assert [item.sequence_number for item in received] == list(range(1, len(published) + 1))
        assert len({item.sequence_page for item in received}) == 1
        assert gaps == []
        assert effective >= DROPS * 2 // 3
        assert subscription.reconnects >= effective * 2 // 3
        assert proxy.connections >= DROPS // 4  # the kills forced new TCP connections
        await subscription.aclose()


@pytest.mark.parametrize("how", ["while-connected", "while-disconnected"])
async def test_a_buffer_overrun_becomes_a_discontinuity(topics_emulator: LocalServer, cache: str, how: str) -> None:
    """The emulator keeps TOPICS_BUFFER_SIZE items per topic; a subscriber that misses more learns about it."""
    async with client_for(topics_emulator.port) as client:
        subscription = await client.subscribe(cache, TOPIC)
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        events = subscription.events(discontinuities=True)
        await client.publish(cache, TOPIC, "seen")
        first = await asyncio.wait_for(anext(events), 10)
        assert isinstance(first, TopicSubscriptionItem.Text)
        assert first.sequence_number == 1

        total = TOPICS_BUFFER_SIZE + 200
        admin_request(topics_emulator, "topics/block", post=True)
        try:
            for n in range(2, total + 2):
                assert await client.publish(cache, TOPIC, f"m{n}") == TopicPublish.Success()
            if how == "while-disconnected":
                dropped = admin_request(topics_emulator, "topics/drop", post=True, cache=cache, status="UNAVAILABLE")
                assert dropped == {"dropped": 1}
        finally:
            admin_request(topics_emulator, "topics/unblock", post=True)

        gap = await asyncio.wait_for(anext(events), 10)
        assert isinstance(gap, TopicSubscriptionItem.Discontinuity), gap
        oldest_kept = total + 2 - TOPICS_BUFFER_SIZE
        assert (gap.last_sequence_number, gap.new_sequence_number) == (1, oldest_kept - 1)
        assert gap.new_sequence_page == first.sequence_page
        rest = [await asyncio.wait_for(anext(events), 10) for _ in range(TOPICS_BUFFER_SIZE)]
        assert [(e.sequence_number, e.value) for e in rest] == [  # type: ignore[attr-defined]
            (n, f"m{n}") for n in range(oldest_kept, total + 2)
        ]
        assert subscription.reconnects == (1 if how == "while-disconnected" else 0)
        await events.aclose()


async def test_a_silent_stream_is_replaced_after_the_heartbeat_timeout(
    topics_emulator: LocalServer, cache: str
) -> None:
    """While blocked, open streams deliver nothing and new ones only their first heartbeat (emulator/topics.py),
    as a half-open connection would; publishing goes on. The watchdog replaces each silent stream, resuming after
    the last item, and once unblocked everything published meanwhile arrives once, in order."""
    topic = "silence"
    timeout = timedelta(seconds=5 * TOPICS_HEARTBEAT_S)  # no heartbeat for five periods
    async with client_for(topics_emulator.port, heartbeat_timeout=timeout) as client:
        subscription = await client.subscribe(cache, topic)
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        events = subscription.events(discontinuities=True)
        assert await client.publish(cache, topic, "m1") == TopicPublish.Success()
        first = await asyncio.wait_for(anext(events), 10)
        assert isinstance(first, TopicSubscriptionItem.Text), first
        page = first.sequence_page
        assert first == TopicSubscriptionItem.Text("m1", 1, page)
        admin_request(topics_emulator, "topics/block", post=True)
        try:
            for n in range(2, 6):
                assert await client.publish(cache, topic, f"m{n}") == TopicPublish.Success()
            # Two silences: the stream that was open, then its replacement (accepted, then silent too).
            assert await eventually(lambda: subscription.reconnects >= 2, within=30)
        finally:
            admin_request(topics_emulator, "topics/unblock", post=True)
        for n in range(6, 9):
            assert await client.publish(cache, topic, f"m{n}") == TopicPublish.Success()
        rest = [await asyncio.wait_for(anext(events), 10) for _ in range(7)]
        assert rest == [TopicSubscriptionItem.Text(f"m{n}", n, page) for n in range(2, 9)]  # no loss, no repeat

        def one_stream_left() -> bool:  # the silent ones were closed, not abandoned
            return int(admin_request(topics_emulator, "topics", cache=cache, topic=topic)["subscribers"]) == 1

        assert await eventually(one_stream_left)
        await events.aclose()

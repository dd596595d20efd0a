"""Topics between two Pyodide instances in headless Chromium, through the emulator over real fetch streaming.

The test page's own Pyodide subscribes (its stream is read from ``fetch``'s ``ReadableStream``); a second Pyodide,
loaded into the same page, publishes text and bytes; both must use the fetch transport. Unsubscribing must release
the request: the emulator's counts of live Subscribe streams (test admin), on the topic and in the whole emulator,
drop back to where they were. Both instances share the page's origin and therefore its ~6 HTTP/1.1 connections, so
each step holds at most one subscription. One case reads through the eval-free fetch path
(``FetchTransport(use_js_helper=False)``) and stays subscribed, on heartbeats alone, beyond a short heartbeat
timeout without being replaced.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer, admin_request

pytestmark = pytest.mark.browser

# Loads a second, independent Pyodide into the page (the first one is the test fixture's) with momento-web.
LOAD_PUBLISHER = """
if (globalThis.publisherPyodide === undefined) {
    const publisher = await loadPyodide({ fullStdLib: false });
    await publisher.loadPackage("momento-web");
    globalThis.publisherPyodide = publisher;
}
"""
TEXTS = ["hello from the other Pyodide", "ünïcödé ✓ 日本語"]
BINARIES = [b"\x00\x01\xfe\xff", bytes(range(256)) * 64]


@run_in_pyodide
async def _subscribe(
    selenium: Any, host: str, port: int, cache: str, topic: str, wire_format: str, case: dict[str, Any]
) -> tuple[int, int]:
    """Subscribe and keep collecting in a background task (state kept in ``__main__`` between calls); returns the
    heartbeats and reconnects once ``case["heartbeats"]`` heartbeats have arrived."""
    import asyncio
    from datetime import timedelta

    import __main__
    from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
    from momento_web.config import WireFormat
    from momento_web.responses import TopicSubscribe
    from momento_web.transport.fetch_transport import FetchTransport

    use_js_helper: bool = case["use_js_helper"]
    config = (
        TopicConfigurations.Browser.latest()
        .with_wire_format(WireFormat[wire_format])
        .with_heartbeat_timeout(timedelta(seconds=case["heartbeat_timeout"]))
        .with_transport_factory(lambda: FetchTransport(use_js_helper=use_js_helper))
    )
    client = TopicClientAsync(config, CredentialProvider.for_momento_local(host, port))
    assert isinstance(client._transport, FetchTransport)
    assert (client._transport._helper is not None) is use_js_helper
    subscription = await client.subscribe(cache, topic)
    assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
    received: list[Any] = []
    arrived = asyncio.Event()

    async def collect() -> None:
        async for item in subscription:  # ends when unsubscribed
            received.append(item)
            arrived.set()

    __main__.topic_test = {
        "client": client,
        "subscription": subscription,
        "received": received,
        "arrived": arrived,
        "collector": asyncio.ensure_future(collect()),
    }

    async def heartbeats() -> None:
        while subscription.heartbeats < case["heartbeats"]:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(heartbeats(), 30)
    return subscription.heartbeats, subscription.reconnects


@run_in_pyodide
async def _publish_elsewhere_and_receive(
    selenium: Any, publisher_code: str, texts: list[str], binaries: list[bytes]
) -> None:
    """Have the second Pyodide publish, receive everything here, then unsubscribe."""
    import asyncio

    import js

    import __main__
    from momento_web.responses import TopicSubscriptionItem

    await js.publisherPyodide.runPythonAsync(publisher_code)

    state = __main__.topic_test
    expected = len(texts) + len(binaries)
    while len(state["received"]) < expected:
        state["arrived"].clear()
        await asyncio.wait_for(state["arrived"].wait(), 20)
    received = state["received"]
    assert [type(item) for item in received] == [TopicSubscriptionItem.Text] * len(texts) + [
        TopicSubscriptionItem.Binary
    ] * len(binaries), received
    assert [item.value for item in received] == [*texts, *binaries]
    assert [item.sequence_number for item in received] == list(range(1, expected + 1))
    assert all(item.publisher_id == "" for item in received)

    subscription = state["subscription"]
    subscription.unsubscribe()  # aborts the fetch at once
    await subscription.aclose()
    assert not subscription.is_subscribed
    await asyncio.wait_for(state["collector"], 5)
    await state["client"].close()
    await asyncio.sleep(0.05)
    current = asyncio.current_task()
    assert [task for task in asyncio.all_tasks() if task is not current] == []  # no reader left behind
    assert not subscription._stream._watchdog.armed  # nor the heartbeat watchdog's timer


@run_in_pyodide
async def _break_out_of_async_for(selenium: Any, host: str, port: int, cache: str, topic: str, code: str) -> str:
    import asyncio

    import js

    from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
    from momento_web.responses import TopicSubscribe

    credentials = CredentialProvider.for_momento_local(host, port)
    client = TopicClientAsync(TopicConfigurations.Browser.latest(), credentials)
    subscription = await client.subscribe(cache, topic)
    assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
    await js.publisherPyodide.runPythonAsync(code)
    async for item in subscription:
        value = str(item.value)  # type: ignore[attr-defined]
        break
    await asyncio.sleep(0.05)
    current = asyncio.current_task()
    assert [task for task in asyncio.all_tasks() if task is not current] == []  # the stream's reader is gone
    await client.close()
    return value


def _publisher_code(server: LocalServer, cache: str, topic: str, values: list[str | bytes]) -> str:
    """Python for the second Pyodide: publish ``values`` in order."""
    return f"""
from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.responses import TopicPublish

from momento_web.transport.fetch_transport import FetchTransport

credentials = CredentialProvider.for_momento_local({server.host!r}, {server.port})
async with TopicClientAsync(TopicConfigurations.Browser.latest(), credentials) as client:
    assert isinstance(client._transport, FetchTransport), client._transport
    for value in {values!r}:
        assert await client.publish({cache!r}, {topic!r}, value) == TopicPublish.Success()
"""


def _live_streams(server: LocalServer) -> int:
    """Open Subscribe streams in the whole emulator."""
    return int(admin_request(server, "topics")["live_streams"])


def _wait_for_streams(server: LocalServer, expected: int, cache: str = "", topic: str = "") -> None:
    """Until the emulator counts ``expected`` live streams on ``cache``/``topic`` (or, without them, in all)."""
    count = -1
    for _ in range(400):
        if cache:
            count = admin_request(server, "topics", cache=cache, topic=topic)["subscribers"]
        else:
            count = _live_streams(server)
        if count == expected:
            return
        time.sleep(0.025)
    pytest.fail(f"{count} live Subscribe stream(s) on {cache or 'the emulator'}/{topic}, expected {expected}")


# A Pyodide start-up is per module, so cases cost only their own run. The eval-free case stays subscribed for
# 15 heartbeats (3 s), beyond its heartbeat timeout of 2 s (10 heartbeat periods): heartbeats must reset it.
CASES = [
    pytest.param("TEXT", {"use_js_helper": True, "heartbeat_timeout": 30.0, "heartbeats": 1}, id="TEXT"),
    pytest.param("BINARY", {"use_js_helper": True, "heartbeat_timeout": 30.0, "heartbeats": 1}, id="BINARY"),
    pytest.param(
        "TEXT", {"use_js_helper": False, "heartbeat_timeout": 2.0, "heartbeats": 15}, id="TEXT-eval-free-long"
    ),
]


@pytest.mark.parametrize(("wire_format", "case"), CASES)
def test_two_pyodides_exchange_text_and_bytes(
    selenium_sdk: Any, topics_emulator: LocalServer, topics_cache: str, wire_format: str, case: dict[str, Any]
) -> None:
    selenium_sdk.run_js(LOAD_PUBLISHER)
    cache, topic = topics_cache, f"chat-{wire_format.lower()}"
    host, port = topics_emulator.host, topics_emulator.port
    baseline = _live_streams(topics_emulator)
    heartbeats, reconnects = _subscribe(selenium_sdk, host, port, cache, topic, wire_format, case)
    assert heartbeats >= case["heartbeats"] >= 1  # subscribe() returned only after the first heartbeat
    assert reconnects == 0
    _wait_for_streams(topics_emulator, 1, cache, topic)
    code = _publisher_code(topics_emulator, cache, topic, [*TEXTS, *BINARIES])
    _publish_elsewhere_and_receive(selenium_sdk, code, TEXTS, BINARIES)
    _wait_for_streams(topics_emulator, 0, cache, topic)  # the aborted fetch closed the stream
    _wait_for_streams(topics_emulator, baseline)


def test_leaving_async_for_releases_the_request(
    selenium_sdk: Any, topics_emulator: LocalServer, topics_cache: str
) -> None:
    selenium_sdk.run_js(LOAD_PUBLISHER)
    cache = topics_cache
    baseline = _live_streams(topics_emulator)
    code = _publisher_code(topics_emulator, cache, "once", ["one and done"])
    value = _break_out_of_async_for(selenium_sdk, topics_emulator.host, topics_emulator.port, cache, "once", code)
    assert value == "one and done"
    _wait_for_streams(topics_emulator, 0, cache, "once")
    _wait_for_streams(topics_emulator, baseline)

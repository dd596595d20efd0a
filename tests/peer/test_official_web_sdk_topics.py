"""Peer cross-check for topics: the official ``@gomomento/sdk-web`` TopicClient (Node, via ``topic_peer.mjs``) and our
``TopicClientAsync`` exchange messages through the emulator in both directions, and the official subscriber resumes
after the emulator ends its stream without duplicates or gaps.

The web SDK reports empty values as errors (docs/protocol/sdk-quirks.md, quirk 4), so no empty message is sent to it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from momento_web import CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.config import WireFormat
from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem
from tests.conftest import LocalServer, admin_request
from tests.peer import test_official_web_sdk

# The session fixture of the cache cross-check: the `node` executable, with tests/peer/node_modules installed.
node = test_official_web_sdk.node
PEER_SCRIPT = Path(__file__).resolve().parent / "topic_peer.mjs"
PEER_TIMEOUT_S = 60
VALUES: list[str | bytes] = [
    "hello from the other SDK",
    "ünïcödé ✓ 日本語",
    b"\x00\x01\xfe\xff binary",
    bytes((i * 7 + 3) % 256 for i in range(32 * 1024)),
]


class Peer:
    """A running ``topic_peer.mjs``; its JSON Lines output is read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process

    @classmethod
    async def start(cls, node: str, request: dict[str, Any]) -> Peer:
        process = await asyncio.create_subprocess_exec(
            node,
            str(PEER_SCRIPT),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=PEER_SCRIPT.parent,
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps(request).encode())
        process.stdin.close()
        return cls(process)

    async def next(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = await asyncio.wait_for(self._process.stdout.readline(), PEER_TIMEOUT_S)
        if not line:
            pytest.fail(f"topic_peer.mjs ended early; stderr:\n{await self._stderr()}", pytrace=False)
        record: dict[str, Any] = json.loads(line)
        return record

    async def finish(self) -> int:
        code = await asyncio.wait_for(self._process.wait(), PEER_TIMEOUT_S)
        assert code == 0, await self._stderr()
        return code

    async def _stderr(self) -> str:
        assert self._process.stderr is not None
        return (await self._process.stderr.read()).decode(errors="replace")

    def kill(self) -> None:
        if self._process.returncode is None:
            self._process.kill()


def peer_request(server: LocalServer, cache: str, topic: str, mode: str, **extra: Any) -> dict[str, Any]:
    return {"url": server.url, "cache": cache, "topic": topic, "mode": mode, **extra}


def encoded(value: str | bytes) -> dict[str, str]:
    return {"text": value} if isinstance(value, str) else {"b64": base64.b64encode(value).decode()}


def decoded(record: dict[str, Any]) -> str | bytes:
    raw = base64.b64decode(record["valueB64"])
    return raw if record["binary"] else raw.decode()


@pytest.fixture
def cache(topics_cache: str) -> str:
    return topics_cache


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["ours-text", "ours-binary"])
async def ours(request: pytest.FixtureRequest, topics_emulator: LocalServer) -> AsyncIterator[TopicClientAsync]:
    config = TopicConfigurations.Browser.latest().with_wire_format(request.param)
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    async with TopicClientAsync(config, credentials) as client:
        yield client


async def test_official_publisher_reaches_our_subscriber(
    node: str, topics_emulator: LocalServer, cache: str, ours: TopicClientAsync
) -> None:
    subscription = await ours.subscribe(cache, "to-ours")
    assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
    peer = await Peer.start(
        node, peer_request(topics_emulator, cache, "to-ours", "publish", values=[encoded(v) for v in VALUES])
    )
    try:
        assert [await peer.next() for _ in VALUES] == [{"event": "published", "type": "Success"}] * len(VALUES)
        await peer.finish()
    finally:
        peer.kill()
    items = [await asyncio.wait_for(anext(subscription), 10) for _ in VALUES]
    numbers = []
    for value, item in zip(VALUES, items, strict=True):
        assert type(item) is (TopicSubscriptionItem.Text if isinstance(value, str) else TopicSubscriptionItem.Binary)
        assert item.value == value
        assert item.publisher_id == ""
        numbers.append(item.sequence_number)
    assert numbers == [1, 2, 3, 4]
    await subscription.aclose()


async def test_our_publisher_reaches_the_official_subscriber(
    node: str, topics_emulator: LocalServer, cache: str, ours: TopicClientAsync
) -> None:
    request = peer_request(topics_emulator, cache, "to-theirs", "subscribe", count=len(VALUES), timeoutMs=30000)
    peer = await Peer.start(node, request)
    try:
        assert await peer.next() == {"event": "subscribed"}  # their subscribe() resolved on our first heartbeat
        for value in VALUES:
            assert await ours.publish(cache, "to-theirs", value) == TopicPublish.Success()
        received = [await peer.next() for _ in VALUES]
        await peer.finish()
    finally:
        peer.kill()
    assert [r["event"] for r in received] == ["item"] * len(VALUES), received
    assert [decoded(r) for r in received] == VALUES
    assert [r["binary"] for r in received] == [isinstance(v, bytes) for v in VALUES]
    assert [r["sequenceNumber"] for r in received] == [1, 2, 3, 4]
    assert {r["tokenId"] for r in received} == {""}


async def test_the_official_subscriber_resumes_after_the_stream_ends(
    node: str, topics_emulator: LocalServer, cache: str
) -> None:
    """The web SDK resubscribes at once from last + 1 when a stream ends OK; the emulator replays exactly the rest."""
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)
    peer = await Peer.start(node, peer_request(topics_emulator, cache, "resumed", "subscribe", count=6))
    try:
        async with TopicClientAsync(TopicConfigurations.Default.latest(), credentials) as client:
            assert await peer.next() == {"event": "subscribed"}
            for n in range(1, 4):
                await client.publish(cache, "resumed", f"m{n}")
            before = [await peer.next() for _ in range(3)]
            dropped = admin_request(topics_emulator, "topics/drop", post=True, cache=cache, topic="resumed")
            assert dropped == {"dropped": 1}
            for n in range(4, 7):
                await client.publish(cache, "resumed", f"m{n}")
            after = [await peer.next() for _ in range(3)]
        await peer.finish()
    finally:
        peer.kill()
    received = before + after
    assert [(r["valueText"], r["sequenceNumber"]) for r in received] == [(f"m{n}", n) for n in range(1, 7)]


async def test_the_official_subscriber_gets_not_found_for_a_missing_cache(
    node: str, topics_emulator: LocalServer
) -> None:
    peer = await Peer.start(node, peer_request(topics_emulator, f"missing-{uuid.uuid4().hex[:6]}", "t", "subscribe"))
    try:
        error = await peer.next()
        code = await asyncio.wait_for(peer._process.wait(), PEER_TIMEOUT_S)
    finally:
        peer.kill()
    assert (error["event"], error["errorCode"], code) == ("error", "NOT_FOUND_ERROR", 3)

"""Peer cross-check with the official ``momento`` SDK from PyPI, which speaks native gRPC over h2c (grpcio), against
the same emulator processes our SDK reaches over gRPC-web: cache calls and error codes, topics in both directions,
and a disposable token minted by it and enforced for it. The official SDK runs in ``python_sdk_peer.py``, in its
own process (its protos share names with ours in protobuf's default pool)."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web.auth.momento_endpoint_resolver import resolve
from momento_web.responses import (
    CacheDictionaryFetch,
    CacheGet,
    CacheSet,
    CreateCache,
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from tests.conftest import AuthEmulator, LocalServer

PEER_SCRIPT = Path(__file__).resolve().parent / "python_sdk_peer.py"
PEER_TIMEOUT_S = 90
VALUES: list[str | bytes] = ["over gRPC-web, then h2c", "ünïcödé ✓", b"\x00\x01\xfe\xff", bytes(range(256)) * 64]


def _peer(request: dict[str, Any]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, str(PEER_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=PEER_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"peer failed ({done.returncode}):\n{done.stderr}"
    return [json.loads(line) for line in done.stdout.splitlines()]


def _encoded(value: str | bytes) -> dict[str, str]:
    return {"text": value} if isinstance(value, str) else {"base64": base64.b64encode(value).decode()}


def _address(server: LocalServer) -> dict[str, Any]:
    return {"host": server.host, "port": server.port}


def _ours(server: LocalServer, token: str = "") -> CredentialProvider:
    if token:
        return CredentialProvider.from_disposable_token(token)
    return CredentialProvider.for_momento_local(server.host, server.port)


async def test_the_official_python_sdk_shares_a_cache_with_ours(emulator: LocalServer) -> None:
    cache = f"py-peer-{uuid.uuid4().hex[:8]}"
    async with CacheClientAsync(Configurations.Laptop.latest(), _ours(emulator), timedelta(minutes=5)) as client:
        assert await client.create_cache(cache) == CreateCache.Success()
        assert await client.set(cache, "from-ours", "written over gRPC-web") == CacheSet.Success()
        (answer,) = await asyncio.to_thread(_peer, {"scenario": "cache", "cache": cache, **_address(emulator)})
        assert answer["results"] == {
            "create": "CacheAlreadyExists",
            "set": "Success",
            "get": "Hit:written over h2c",
            "get-ours": "Hit:written over gRPC-web",
            "get-missing-key": "Miss",
            "get-missing-cache": "Error:NOT_FOUND_ERROR",
            "dictionary-set": "Success",
            "delete": "Success",
            "get-deleted": "Miss",
            "set-again": "Success",
            "dictionary-fetch": [["a", "1"], ["b", "2"]],
            "listed": True,
        }
        assert await client.get(cache, "from-theirs") == CacheGet.Hit(b"written over h2c")
        fetched = await client.dictionary_fetch(cache, "d")
        assert isinstance(fetched, CacheDictionaryFetch.Hit), fetched
        assert fetched.value_dictionary_string_string == {"a": "1", "b": "2"}


async def test_topic_items_cross_between_grpc_web_and_native_grpc(emulator: LocalServer) -> None:
    cache = f"py-peer-topics-{uuid.uuid4().hex[:8]}"
    config = TopicConfigurations.Default.latest()
    async with (
        CacheClientAsync(Configurations.Laptop.latest(), _ours(emulator), timedelta(minutes=5)) as caches,
        TopicClientAsync(config, _ours(emulator)) as topics,
    ):
        assert await caches.create_cache(cache) == CreateCache.Success()

        # Theirs publishes, ours receives.
        subscription = await topics.subscribe(cache, "to-ours")
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        request = {"scenario": "publish", "cache": cache, "topic": "to-ours", **_address(emulator)}
        published = await asyncio.to_thread(_peer, {**request, "values": [_encoded(v) for v in VALUES]})
        assert published == [{"published": "Success"}] * len(VALUES)
        received = [await asyncio.wait_for(anext(subscription), 10) for _ in VALUES]
        assert [type(item) for item in received] == [
            TopicSubscriptionItem.Text if isinstance(v, str) else TopicSubscriptionItem.Binary for v in VALUES
        ]
        values = [
            item.value
            for item in received
            if isinstance(item, TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary)
        ]
        assert values == VALUES
        subscription.unsubscribe()

        # Ours publishes, theirs receives.
        request = {"scenario": "subscribe", "cache": cache, "topic": "to-theirs", "count": len(VALUES)}
        peer = await asyncio.create_subprocess_exec(
            sys.executable,
            str(PEER_SCRIPT),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert peer.stdin is not None
        assert peer.stdout is not None
        peer.stdin.write(json.dumps({**request, **_address(emulator)}).encode())
        peer.stdin.close()
        try:
            ready = json.loads(await asyncio.wait_for(peer.stdout.readline(), PEER_TIMEOUT_S))
            assert ready == {"ready": True}
            for value in VALUES:
                assert await topics.publish(cache, "to-theirs", value) == TopicPublish.Success()
            lines = [json.loads(await asyncio.wait_for(peer.stdout.readline(), 20)) for _ in VALUES]
            assert await asyncio.wait_for(peer.wait(), 20) == 0
        finally:
            if peer.returncode is None:
                peer.kill()
                await peer.wait()
        assert lines == [{**_encoded(value), "sequence": n} for n, value in enumerate(VALUES, start=1)]


async def test_the_official_python_sdk_mints_and_is_held_to_a_disposable_token(auth_emulator: AuthEmulator) -> None:
    cache = f"py-peer-auth-{uuid.uuid4().hex[:8]}"
    super_user = auth_emulator.super_user_key
    credentials = _ours(auth_emulator.server, super_user)
    async with CacheClientAsync(Configurations.Laptop.latest(), credentials, timedelta(minutes=5)) as client:
        assert await client.create_cache(cache) == CreateCache.Success()
        request = {"scenario": "mint", "cache": cache, "api_key": resolve(super_user).auth_token}
        answer, forged = await asyncio.to_thread(_peer, {**request, **_address(auth_emulator.server)})
        assert answer["results"] == {"set-k1": "Success", "get-k1": "Hit:minted", "set-k2": "Error:PERMISSION_ERROR"}
        assert forged == {"forged": "Error:AUTHENTICATION_ERROR"}
        assert await client.get(cache, "k1") == CacheGet.Hit(b"minted")

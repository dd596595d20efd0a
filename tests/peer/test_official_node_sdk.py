"""Peer cross-check with the official ``@gomomento/sdk`` for Node, which speaks native gRPC over h2c
(``@grpc/grpc-js``), driven through ``node_sdk_peer.mjs``: it reads what our SDK wrote over gRPC-web, writes what
ours then reads, gets the same error codes, and receives its own topic items through the emulator."""

from __future__ import annotations

import asyncio
import json
import subprocess
import uuid
from datetime import timedelta
from pathlib import Path

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.responses import CacheGet, CacheSet, CreateCache
from tests.conftest import LocalServer
from tests.peer import test_official_web_sdk

# The session fixture of the web SDK cross-check: the `node` executable, with tests/peer/node_modules installed.
node = test_official_web_sdk.node
PEER_SCRIPT = Path(__file__).resolve().parent / "node_sdk_peer.mjs"
PEER_TIMEOUT_S = 90


def _peer(node: str, request: dict[str, object]) -> dict[str, object]:
    done = subprocess.run(
        [node, str(PEER_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=PEER_TIMEOUT_S,
        cwd=PEER_SCRIPT.parent,
        check=False,
    )
    assert done.returncode == 0, f"peer failed ({done.returncode}):\n{done.stderr}"
    answer: dict[str, object] = json.loads(done.stdout)
    return answer


async def test_the_official_node_sdk_over_h2c_shares_a_cache_and_topics_with_ours(
    node: str, emulator: LocalServer
) -> None:
    cache = f"node-peer-{uuid.uuid4().hex[:8]}"
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    values = ["hello over h2c", "ünïcödé ✓ 日本語"]
    async with CacheClientAsync(Configurations.Laptop.latest(), credentials, timedelta(minutes=5)) as client:
        assert await client.create_cache(cache) == CreateCache.Success()
        assert await client.set(cache, "from-ours", "written over gRPC-web") == CacheSet.Success()
        request = {"host": emulator.host, "port": emulator.port, "cache": cache, "topic": "t", "values": values}
        answer = await asyncio.to_thread(_peer, node, request)
        assert answer == {
            "results": {
                "create": "AlreadyExists",
                "set": "Success",
                "get": "Hit:written by grpc-js",
                "get-ours": "Hit:written over gRPC-web",
                "get-missing-cache": "Error:NOT_FOUND_ERROR",
                "publish": ["Success"] * len(values),
            },
            "received": values,
        }
        assert await client.get(cache, "from-node") == CacheGet.Hit(b"written by grpc-js")

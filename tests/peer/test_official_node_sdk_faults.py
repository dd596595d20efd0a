"""The official ``@gomomento/sdk`` for Node (grpc-js over h2c) against the emulator's momento-local fault injection,
with the SDK's own momento-local middleware adding the metadata, as in the SDK's momento-local tests: a subscription
broken by a retryable status is reported lost and resumed, one broken by NOT_FOUND ends with an error, delays past
the deadline are TIMEOUT_ERROR, and its retry strategy makes its attempts (counted by the emulator). Driven through
``node_sdk_fault_peer.mjs``."""

from __future__ import annotations

import json
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from momento_web._messages import controlclient as control_pb
from momento_web.wire.grpc_web import encode_frame
from scripts.localhost import HOST, free_port
from tests.conftest import LocalServer, run_server
from tests.peer import test_official_web_sdk

# The session fixture of the web SDK cross-check: the `node` executable, with tests/peer/node_modules installed.
node = test_official_web_sdk.node
PEER_SCRIPT = Path(__file__).resolve().parent / "node_sdk_fault_peer.mjs"
SCENARIOS = (
    "full outage",
    "increment",
    "recoverable stream error",
    "unrecoverable stream error",
    "subscribe delay",
    "publish delay",
)


@pytest.fixture(scope="module")
def local() -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--enable-test-admin"]
    args += ["--heartbeat-interval", "0.3"]
    with run_server("node-momento-local-emulator", args, HOST, port) as server:
        yield server


def _attempts(server: LocalServer, request_id: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{server.url}/_test_admin/faults?request_id={request_id}", timeout=10) as reply:
        counted: dict[str, int] = json.load(reply)
    return counted


def test_the_official_node_sdks_momento_local_scenarios(node: str, local: LocalServer) -> None:
    cache = f"node-faults-{uuid.uuid4().hex[:8]}"
    body = encode_frame(control_pb._CreateCacheRequest(cache_name=cache).SerializeToString(), text=True)
    created = httpx.post(
        f"{local.url}/control_client.ScsControl/CreateCache",
        content=body,
        headers={"content-type": "application/grpc-web-text"},
        timeout=10,
    )
    assert created.headers.get("grpc-status", "0") == "0"
    ids = {name: str(uuid.uuid4()) for name in SCENARIOS}
    done = subprocess.run(
        [node, str(PEER_SCRIPT)],
        input=json.dumps({"host": local.host, "port": local.port, "cache": cache, "ids": ids}),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PEER_SCRIPT.parent,
        check=False,
    )
    assert done.returncode == 0, f"peer failed ({done.returncode}):\n{done.stderr}"
    results = json.loads(done.stdout)
    recovered = results.pop("recoverable stream error")
    assert recovered["connectionLost"] >= 2
    assert recovered["heartbeats"] >= 6  # three per stream: both delivered all they were allowed
    assert recovered["errors"] == 0
    unrecovered = results.pop("unrecoverable stream error")
    assert (unrecovered["connectionLost"], unrecovered["errors"]) == (1, 1)
    assert results == {
        "full outage": "Error:SERVER_UNAVAILABLE",
        "increment": "Error:SERVER_UNAVAILABLE",
        "subscribe delay": "Error:TIMEOUT_ERROR",
        "publish delay": "Error:TIMEOUT_ERROR",
    }
    attempts = {name: _attempts(local, ids[name]) for name in SCENARIOS}
    assert attempts["full outage"]["errors"] == attempts["full outage"]["calls"] > 1  # retried, every attempt failed
    assert attempts["increment"]["calls"] == 1  # not idempotent: never retried
    assert attempts["recoverable stream error"]["stream_errors"] >= 2  # the resumed stream broke again
    assert attempts["unrecoverable stream error"]["stream_errors"] == 1

"""The official ``momento`` SDK's own momento-local retry scenarios, unchanged, against the emulator's fault
injection: its ``FixedCountRetryStrategy(max_attempts=3)`` makes 1 + 3 attempts of an idempotent call in a full
outage, one of a non-idempotent call, stops once ``error-count`` errors are spent, never retries NOT_FOUND, and
reports a delay beyond its deadline as TIMEOUT_ERROR. Attempts are counted by the emulator
(``GET /_test_admin/faults?request_id=…``). The SDK runs in ``python_sdk_fault_peer.py``, in its own process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from momento_web._messages import controlclient as control_pb
from momento_web.wire.grpc_web import encode_frame
from scripts.localhost import HOST, free_port
from tests.conftest import LocalServer, run_server

PEER_SCRIPT = Path(__file__).resolve().parent / "python_sdk_fault_peer.py"


@pytest.fixture(scope="module")
def local() -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--enable-test-admin"]
    with run_server("momento-local-emulator", args, HOST, port) as server:
        yield server


def _attempts(server: LocalServer, request_id: str) -> int:
    with urllib.request.urlopen(f"{server.url}/_test_admin/faults?request_id={request_id}", timeout=10) as reply:
        counted: dict[str, int] = json.load(reply)
    return counted["calls"]


def test_the_official_sdks_momento_local_retry_scenarios(local: LocalServer) -> None:
    cache = f"retries-{uuid.uuid4().hex[:8]}"
    body = encode_frame(control_pb._CreateCacheRequest(cache_name=cache).SerializeToString(), text=True)
    created = httpx.post(
        f"{local.url}/control_client.ScsControl/CreateCache",
        content=body,
        headers={"content-type": "application/grpc-web-text"},
        timeout=10,
    )
    assert created.headers.get("grpc-status", "0") == "0"
    outage = {"return-error": "unavailable", "error-rpcs": "get"}
    scenarios: list[dict[str, Any]] = [
        {"name": "full outage", "op": "get", "metadata": outage},
        {"name": "temporary outage", "op": "get", "metadata": {**outage, "error-count": "2"}},
        {"name": "not retry-eligible", "op": "increment", "metadata": {**outage, "error-rpcs": "increment"}},
        {"name": "list push", "op": "list_push_front", "metadata": {**outage, "error-rpcs": "list-push-front"}},
        {"name": "not found", "op": "get", "metadata": {"return-error": "not-found", "error-rpcs": "get"}},
        {"name": "internal", "op": "get", "metadata": {"return-error": "internal", "error-rpcs": "get"}},
        {
            "name": "delay past the deadline",
            "op": "get",
            "metadata": {"delay-rpcs": "get", "delay-ms": "2000"},
            "timeout_ms": 300,
        },
    ]
    for scenario in scenarios:
        scenario["request_id"] = str(uuid.uuid4())
    done = subprocess.run(
        [sys.executable, str(PEER_SCRIPT)],
        input=json.dumps({"host": local.host, "port": local.port, "cache": cache, "scenarios": scenarios}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"peer failed ({done.returncode}):\n{done.stderr}"
    outcomes = {line["name"]: line["outcome"] for line in map(json.loads, done.stdout.splitlines())}
    attempts = {scenario["name"]: _attempts(local, scenario["request_id"]) for scenario in scenarios}
    assert outcomes == {
        "full outage": "Error:SERVER_UNAVAILABLE",
        "temporary outage": "Miss",
        "not retry-eligible": "Error:SERVER_UNAVAILABLE",
        "list push": "Error:SERVER_UNAVAILABLE",
        "not found": "Error:NOT_FOUND_ERROR",
        "internal": "Error:INTERNAL_SERVER_ERROR",
        "delay past the deadline": "Error:TIMEOUT_ERROR",
    }
    assert attempts == {
        "full outage": 4,  # 1 + 3 retries
        "temporary outage": 3,  # the third succeeds
        "not retry-eligible": 1,
        "list push": 1,
        "not found": 1,
        "internal": 4,
        "delay past the deadline": 1,  # momento retries no deadline
    }

"""Peer cross-check: the official ``@gomomento/sdk-web`` (npm, run in Node) against the local emulator, and agreement
between it and our ``CacheClientAsync`` on the same emulator, byte for byte.

The official SDK is driven through ``web_sdk_peer.mjs`` (JSON in on stdin, JSON Lines out). Its npm dependencies are
pinned by ``package-lock.json`` and installed with ``npm ci`` on first use when ``node_modules`` is missing.
Node and npm are required: a missing tool is a failure, not a skip.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.config import WireFormat
from momento_web.errors import MomentoErrorCode
from momento_web.responses import CacheDelete, CacheGet, CacheIncrement, CacheSet, CreateCache
from momento_web.responses.mixins import ErrorResponseMixin

PEER_DIR = Path(__file__).resolve().parent
PEER_SCRIPT = PEER_DIR / "web_sdk_peer.mjs"
# The official Node SDKs the peers run, as pinned in package-lock.json: the web SDK, and the gRPC one (h2c).
SDK_VERSIONS = {"sdk-web": "1.118.0", "sdk": "1.118.1"}
SDK_PACKAGE_JSONS = {name: PEER_DIR / "node_modules" / "@gomomento" / name / "package.json" for name in SDK_VERSIONS}
NPM_CI_TIMEOUT_S = 300
PEER_TIMEOUT_S = 60


class Emulator(Protocol):
    """The ``emulator`` fixture's server (``tests/conftest.py``), typed structurally so that this module does not
    import ``tests.conftest`` (``tests`` is not a package)."""

    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def url(self) -> str: ...
    def output(self) -> str: ...


Op = dict[str, Any]
Result = dict[str, Any]

# (id, key, value): what both clients write and the other must read back unchanged.
VALUES: list[tuple[str, str | bytes, str | bytes]] = [
    ("ascii", "greeting", "hello world"),
    ("unicode", "ключ-🔑", "значение ✓ 日本語 \u0000 nul"),
    ("binary", b"\x00\xff\x01bin-key\xfe", b"\x00binary\xff\xfe\x80\x00\x7f"),
    ("all-bytes", "all-bytes", bytes(range(256)) * 4),
    ("empty", "empty-value", b""),
    # Big enough for several XHR progress events / base64 chunks in text mode. The official web SDK cannot *send*
    # much more: its convertToB64String does String.fromCharCode(...bytes), which overflows Node's stack somewhere
    # between 120 and 150 kB ("RangeError: Maximum call stack size exceeded"), whatever the server.
    ("large", b"large\x00", bytes((i * 7 + 3) % 256 for i in range(64 * 1024))),
]
# Only written by our SDK (the official one reads it back fine; see the note on "large").
HUGE_KEY, HUGE_VALUE = "huge", bytes((i * 13 + 5) % 256 for i in range(1024 * 1024))


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"`{name}` is not on PATH: the peer cross-check runs the official @gomomento/sdk-web in Node 20 "
            "(install nodejs and npm)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def node() -> str:
    """The ``node`` executable, with ``tests/peer/node_modules`` installed from the lockfile if missing."""
    node = _require_tool("node")
    if not all(path.is_file() for path in SDK_PACKAGE_JSONS.values()):
        npm = _require_tool("npm")
        done = subprocess.run(
            [npm, "ci", "--prefix", str(PEER_DIR), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=NPM_CI_TIMEOUT_S,
            check=False,
        )
        if done.returncode != 0 or not all(path.is_file() for path in SDK_PACKAGE_JSONS.values()):
            pytest.fail(
                f"npm ci --prefix {PEER_DIR} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}",
                pytrace=False,
            )
    for name, version in SDK_VERSIONS.items():
        installed = json.loads(SDK_PACKAGE_JSONS[name].read_text(encoding="utf-8"))["version"]
        assert installed == version, f"tests/peer/node_modules has @gomomento/{name} {installed}; run npm ci there"
    return node


def _bytes_of(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data


def _field(name: str, data: str | bytes) -> Op:
    """A key/value for the peer CLI: text as is, bytes as ``<name>B64``."""
    if isinstance(data, str):
        return {name: data}
    return {f"{name}B64": base64.b64encode(data).decode("ascii")}


def _hit_bytes(result: Result) -> bytes:
    assert result["type"] == "Hit", result
    return base64.b64decode(result["valueB64"])


def run_official(node: str, emulator: Emulator, ops: Sequence[Op], config: str = "laptop") -> list[Result]:
    """Run ``ops`` with the official web SDK; one result per op, in order."""
    request = json.dumps({"url": emulator.url, "config": config, "ops": list(ops)})
    try:
        done = subprocess.run(
            [node, str(PEER_SCRIPT)],
            input=request,
            capture_output=True,
            text=True,
            timeout=PEER_TIMEOUT_S,
            check=False,
            cwd=PEER_DIR,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(
            f"web_sdk_peer.mjs did not finish within {PEER_TIMEOUT_S} s\nstderr:\n{error.stderr!r}\n"
            f"emulator output:\n{emulator.output()}",
            pytrace=False,
        )
    if done.returncode != 0:
        pytest.fail(
            f"web_sdk_peer.mjs exited with {done.returncode}\nstderr:\n{done.stderr}\nstdout:\n{done.stdout}",
            pytrace=False,
        )
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["op"] for r in results] == [op["op"] for op in ops], f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    return results


def _cache_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["ours-text", "ours-binary"])
async def ours(request: pytest.FixtureRequest, emulator: Emulator) -> AsyncIterator[CacheClientAsync]:
    config = Configurations.Laptop.latest().with_wire_format(request.param)
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
        yield client


@pytest.mark.parametrize("config", ["laptop", "browser"])
def test_official_sdk_against_emulator(node: str, emulator: Emulator, config: str) -> None:
    cache = _cache_name("official")
    binary_key, binary_value = b"\x00\xffkey", b"\x00\x01\xfe\xff value"
    ops: list[Op] = [
        {"op": "createCache", "cache": cache},
        {"op": "set", "cache": cache, "key": "text-key", "value": "text value ✓"},
        {"op": "set", "cache": cache, **_field("key", binary_key), **_field("value", binary_value)},
        {"op": "get", "cache": cache, "key": "text-key"},
        {"op": "get", "cache": cache, **_field("key", binary_key)},
        {"op": "get", "cache": cache, "key": "missing-key"},
        {"op": "increment", "cache": cache, "key": "counter", "amount": 5},
        {"op": "increment", "cache": cache, "key": "counter", "amount": -7},
        {"op": "delete", "cache": cache, "key": "text-key"},
        {"op": "get", "cache": cache, "key": "text-key"},
        {"op": "listCaches"},
        {"op": "createCache", "cache": cache},
        {"op": "deleteCache", "cache": cache},
    ]
    (
        created, set_text, set_binary, get_text, get_binary, miss, inc1, inc2, deleted, gone, listed,
        again, dropped,
    ) = run_official(node, emulator, ops, config)  # fmt: skip
    assert created == {"op": "createCache", "type": "Success"}
    assert set_text["type"] == set_binary["type"] == "Success"
    assert get_text["type"] == "Hit"
    assert get_text["valueText"] == "text value ✓"
    assert _hit_bytes(get_binary) == binary_value
    assert miss == {"op": "get", "type": "Miss"}
    assert (inc1["type"], inc1["value"]) == ("Success", 5)
    assert (inc2["type"], inc2["value"]) == ("Success", -2)
    assert deleted["type"] == "Success"
    assert gone["type"] == "Miss"
    assert listed["type"] == "Success"
    assert cache in listed["caches"]
    assert again == {"op": "createCache", "type": "AlreadyExists"}
    assert dropped["type"] == "Success"


async def test_ours_writes_official_reads(node: str, emulator: Emulator, ours: CacheClientAsync) -> None:
    cache = _cache_name("ours-write")
    assert await ours.create_cache(cache) == CreateCache.Success()
    for _, key, value in [*VALUES, ("huge", HUGE_KEY, HUGE_VALUE)]:
        assert await ours.set(cache, key, value) == CacheSet.Success()
    assert await ours.increment(cache, "counter", 40) == CacheIncrement.Success(40)
    assert await ours.increment(cache, "counter", 2) == CacheIncrement.Success(42)
    assert await ours.increment(cache, b"\x00neg\xff", -3) == CacheIncrement.Success(-3)
    await ours.set(cache, "to-delete", "x")
    assert await ours.delete(cache, "to-delete") == CacheDelete.Success()

    ops: list[Op] = [{"op": "get", "cache": cache, **_field("key", key)} for _, key, _ in VALUES]
    ops += [
        {"op": "get", "cache": cache, "key": HUGE_KEY},
        {"op": "get", "cache": cache, "key": "counter"},
        {"op": "get", "cache": cache, **_field("key", b"\x00neg\xff")},
        {"op": "increment", "cache": cache, "key": "counter", "amount": 1},
        {"op": "get", "cache": cache, "key": "to-delete"},
        {"op": "createCache", "cache": cache},
    ]
    results = run_official(node, emulator, ops)
    for (name, _, value), result in zip(VALUES, results[: len(VALUES)], strict=True):
        assert _hit_bytes(result) == _bytes_of(value), name
    huge, counter, negative, incremented, deleted, exists = results[len(VALUES) :]
    assert _hit_bytes(huge) == HUGE_VALUE
    assert _hit_bytes(counter) == b"42"
    assert _hit_bytes(negative) == b"-3"
    assert (incremented["type"], incremented["value"]) == ("Success", 43)
    assert deleted["type"] == "Miss"
    assert exists["type"] == "AlreadyExists"

    assert await ours.get(cache, "counter") == CacheGet.Hit(b"43")
    await ours.delete_cache(cache)


async def test_official_writes_ours_reads(node: str, emulator: Emulator, ours: CacheClientAsync) -> None:
    cache = _cache_name("official-write")
    ops: list[Op] = [{"op": "createCache", "cache": cache}]
    ops += [{"op": "set", "cache": cache, **_field("key", key), **_field("value", value)} for _, key, value in VALUES]
    ops += [
        {"op": "increment", "cache": cache, "key": "counter", "amount": 40},
        {"op": "increment", "cache": cache, "key": "counter", "amount": 2},
        {"op": "set", "cache": cache, "key": "to-delete", "value": "x"},
        {"op": "delete", "cache": cache, "key": "to-delete"},
    ]
    results = run_official(node, emulator, ops)
    assert [r["type"] for r in results] == ["Success"] * len(ops), results
    assert results[-3]["value"] == 42

    for name, key, value in VALUES:
        assert await ours.get(cache, key) == CacheGet.Hit(_bytes_of(value)), name
    assert await ours.get(cache, "counter") == CacheGet.Hit(b"42")
    assert await ours.increment(cache, "counter", 1) == CacheIncrement.Success(43)
    assert await ours.get(cache, "to-delete") == CacheGet.Miss()
    assert await ours.create_cache(cache) == CreateCache.CacheAlreadyExists()
    await ours.delete_cache(cache)


async def test_batch_streams_and_metadata_agree(node: str, emulator: Emulator, ours: CacheClientAsync) -> None:
    """GetBatch/SetBatch are server-streaming: one frame per item (several base64 chunks in text mode)."""
    cache = _cache_name("batch")
    assert await ours.create_cache(cache) == CreateCache.Success()
    for _, key, value in VALUES:
        assert await ours.set(cache, key, value, ttl=timedelta(minutes=5)) == CacheSet.Success()
    batch_items: list[tuple[str | bytes, str | bytes]] = [
        (b"\x00batch-bin\xff", b"\xff\x00\x80"),
        ("batch-text", "ünïcödé"),
        ("batch-empty", b""),
    ]
    keys = [_field("key", key) for _, key, _ in VALUES] + [{"key": "absent"}]
    ops: list[Op] = [
        {"op": "getBatch", "cache": cache, "keys": keys},
        {"op": "keysExist", "cache": cache, "keys": keys},
        {"op": "itemGetTtl", "cache": cache, "key": "greeting"},
        {"op": "itemGetType", "cache": cache, "key": "greeting"},
        {"op": "itemGetTtl", "cache": cache, "key": "absent"},
        {"op": "setBatch", "cache": cache, "items": [_field("key", k) | _field("value", v) for k, v in batch_items]},
    ]
    got, exists, ttl, item_type, no_ttl, stored = run_official(node, emulator, ops)
    assert got["type"] == "Success", got
    assert [r["type"] for r in got["results"]] == ["Hit"] * len(VALUES) + ["Miss"]
    for (name, _, value), result in zip(VALUES, got["results"], strict=False):
        assert _hit_bytes(result) == _bytes_of(value), name
    assert exists == {"op": "keysExist", "type": "Success", "exists": [True] * len(VALUES) + [False]}
    assert ttl["type"] == "Hit"
    assert 0 < ttl["remainingTtlMillis"] <= 5 * 60 * 1000
    assert item_type == {"op": "itemGetType", "type": "Hit", "itemType": "SCALAR"}
    assert no_ttl == {"op": "itemGetTtl", "type": "Miss"}
    assert stored == {"op": "setBatch", "type": "Success", "results": [{"type": "Success"}] * len(batch_items)}

    for key, value in batch_items:
        assert await ours.get(cache, key) == CacheGet.Hit(_bytes_of(value))
    await ours.delete_cache(cache)


async def test_unknown_cache_is_not_found_for_both(node: str, emulator: Emulator, ours: CacheClientAsync) -> None:
    cache = _cache_name("never-created")
    ops: list[Op] = [
        {"op": "get", "cache": cache, "key": "k"},
        {"op": "set", "cache": cache, "key": "k", "value": "v"},
        {"op": "delete", "cache": cache, "key": "k"},
        {"op": "increment", "cache": cache, "key": "k", "amount": 1},
        {"op": "deleteCache", "cache": cache},
    ]
    official = run_official(node, emulator, ops)
    theirs = [(r["type"], r.get("errorCode")) for r in official]
    assert theirs == [("Error", "NOT_FOUND_ERROR")] * len(ops), official
    assert all("does not exist" in r["message"] for r in official), official

    mine = [
        await ours.get(cache, "k"),
        await ours.set(cache, "k", "v"),
        await ours.delete(cache, "k"),
        await ours.increment(cache, "k", 1),
        await ours.delete_cache(cache),
    ]
    for response in mine:
        assert isinstance(response, ErrorResponseMixin), response
        assert response.error_code is MomentoErrorCode.NOT_FOUND_ERROR, response
        assert "does not exist" in response.message


def test_official_set_if_not_exists(node: str, emulator: Emulator) -> None:
    """The web SDK sends ``/cache_client.Scs/SetIf`` with ``absent{}`` (not the deprecated ``SetIfNotExists`` RPC)."""
    cache = _cache_name("official-sine")
    ops: list[Op] = [
        {"op": "createCache", "cache": cache},
        {"op": "setIfNotExists", "cache": cache, "key": "k", "value": "first"},
        {"op": "setIfNotExists", "cache": cache, "key": "k", "value": "second"},
        {"op": "get", "cache": cache, "key": "k"},
        {"op": "deleteCache", "cache": cache},
    ]
    created, stored, not_stored, hit, dropped = run_official(node, emulator, ops)
    assert created["type"] == dropped["type"] == "Success"
    assert stored == {"op": "setIfNotExists", "type": "Stored"}
    assert not_stored == {"op": "setIfNotExists", "type": "NotStored"}
    assert _hit_bytes(hit) == b"first"

"""Peer cross-check of auth: the official ``@gomomento/sdk-web`` ``AuthClient`` (Node, ``auth_peer.mjs``) mints
tokens and API keys from our emulator in strict mode, and those credentials work — and are enforced — for both
the official clients and ours; credentials minted by our ``AuthClientAsync`` work for the official clients too.

Our SDK takes every minted token string as is (``CredentialProvider.from_disposable_token``); the official web SDK
needs endpoint overrides to reach a plain ``http://`` emulator (docs/protocol/sdk-quirks.md, quirk 23), which
``auth_peer.mjs`` sets.
"""

from __future__ import annotations

import base64
import json
import subprocess
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from momento_web import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import CacheGet, CacheSet, CreateCache, GenerateDisposableToken
from momento_web.utilities import ExpiresIn
from tests.conftest import AuthEmulator
from tests.peer.test_official_web_sdk import node  # noqa: F401  (the fixture: node + npm ci)

PEER_SCRIPT = Path(__file__).resolve().parent / "auth_peer.mjs"
PEER_TIMEOUT_S = 60
PERMISSION, AUTHENTICATION = "PERMISSION_ERROR", "AUTHENTICATION_ERROR"

Op = dict[str, Any]


def _code(response: object) -> object:
    """The ``error_code`` of an ``Error`` response (None for any other variant)."""
    return getattr(response, "error_code", None)


def official(node_path: str, emulator: AuthEmulator, credential: str, ops: Sequence[Op]) -> list[dict[str, Any]]:
    """Run ``ops`` with the official web SDK using ``credential``; one result per op, in order."""
    request = json.dumps({"url": emulator.url, "credential": credential, "ops": list(ops)})
    done = subprocess.run(
        [node_path, str(PEER_SCRIPT)],
        input=request,
        capture_output=True,
        text=True,
        timeout=PEER_TIMEOUT_S,
        check=False,
        cwd=PEER_SCRIPT.parent,
    )
    assert done.returncode == 0, f"auth_peer.mjs exited with {done.returncode}\n{done.stderr}\n{done.stdout}"
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["op"] for r in results] == [op["op"] for op in ops], done.stderr
    return results


def _codes(results: Sequence[dict[str, Any]]) -> list[str]:
    return [r["errorCode"] if r["type"] == "Error" else r["type"] for r in results]


def _scope(helper: str, *args: object) -> dict[str, Any]:
    return {"helper": helper, "args": list(args)}


def _ours(token: str) -> CacheClientAsync:
    credentials = CredentialProvider.from_disposable_token(token)  # no endpoint configuration
    return CacheClientAsync(Configurations.Laptop.latest(), credentials, timedelta(minutes=5))


@pytest.fixture
async def caches(auth_emulator: AuthEmulator) -> AsyncIterator[tuple[str, str]]:
    names = (f"peer-auth-a-{uuid.uuid4().hex[:8]}", f"peer-auth-b-{uuid.uuid4().hex[:8]}")
    async with _ours(auth_emulator.super_user_key) as admin:
        for name in names:
            assert await admin.create_cache(name) == CreateCache.Success()
        yield names
        for name in names:
            await admin.delete_cache(name)


async def test_official_auth_client_mints_a_token_enforced_for_both_clients(
    node: str,  # noqa: F811
    auth_emulator: AuthEmulator,
    caches: tuple[str, str],
) -> None:
    a, b = caches
    scope = _scope("DisposableTokenScopes.cacheKeyReadWrite", a, "k1")
    (minted,) = official(node, auth_emulator, auth_emulator.super_user_key, [
        {"op": "generateDisposableToken", "scope": scope, "expiresInSeconds": 300, "tokenId": "peer-page"},
    ])  # fmt: skip
    assert minted["type"] == "Success", minted
    assert minted["endpoint"] == auth_emulator.url
    assert json.loads(base64.b64decode(minted["authToken"]))["endpoint"] == auth_emulator.url
    token = minted["authToken"]

    theirs = official(node, auth_emulator, token, [
        {"op": "set", "cache": a, "key": "k1", "value": "from-official"},
        {"op": "get", "cache": a, "key": "k1"},
        {"op": "get", "cache": a, "key": "k2"},
        {"op": "set", "cache": b, "key": "k1", "value": "x"},
        {"op": "listCaches"},
        {"op": "generateDisposableToken", "scope": scope, "expiresInSeconds": 60},
    ])  # fmt: skip
    assert _codes(theirs) == ["Success", "Hit", PERMISSION, PERMISSION, PERMISSION, PERMISSION]
    assert theirs[1]["valueText"] == "from-official"

    async with _ours(token) as client:
        assert await client.get(a, "k1") == CacheGet.Hit(b"from-official")
        assert await client.set(a, "k1", "from-ours") == CacheSet.Success()
        for denied in (await client.get(a, "k2"), await client.set(b, "k1", "x"), await client.list_caches()):
            assert _code(denied) is MomentoErrorCode.PERMISSION_ERROR, denied
    (read_back,) = official(node, auth_emulator, token, [{"op": "get", "cache": a, "key": "k1"}])
    assert read_back["valueText"] == "from-ours"


async def test_official_api_key_refresh_and_minting_within_its_scope(
    node: str,  # noqa: F811
    auth_emulator: AuthEmulator,
    caches: tuple[str, str],
) -> None:
    a, b = caches
    (key,) = official(node, auth_emulator, auth_emulator.super_user_key, [
        {"op": "generateApiKey", "scope": _scope("PermissionScopes.cacheReadWrite", a), "expiresInSeconds": 600},
    ])  # fmt: skip
    assert key["type"] == "Success", key
    assert key["refreshToken"]
    refreshed, inside, outside = official(node, auth_emulator, key["apiKey"], [
        {"op": "refreshApiKey", "refreshToken": key["refreshToken"]},
        {"op": "generateDisposableToken", "scope": _scope("DisposableTokenScopes.cacheKeyReadOnly", a, "k"),
         "expiresInSeconds": 60},
        {"op": "generateDisposableToken", "scope": _scope("DisposableTokenScopes.cacheReadOnly", b),
         "expiresInSeconds": 60},
    ])  # fmt: skip
    assert refreshed["type"] == "Success", refreshed
    assert refreshed["apiKey"] != key["apiKey"]
    assert inside["type"] == "Success"
    assert outside["errorCode"] == PERMISSION
    async with _ours(refreshed["apiKey"]) as client:
        assert await client.set(a, "k", "v") == CacheSet.Success()
        assert _code(await client.get(b, "k")) is MomentoErrorCode.PERMISSION_ERROR
    async with _ours(inside["authToken"]) as client:
        assert await client.get(a, "k") == CacheGet.Hit(b"v")
        assert _code(await client.set(a, "k", "w")) is MomentoErrorCode.PERMISSION_ERROR


async def test_our_tokens_work_and_are_enforced_for_the_official_clients(
    node: str,  # noqa: F811
    auth_emulator: AuthEmulator,
    caches: tuple[str, str],
) -> None:
    a, _ = caches
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
        reader = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_prefix_read_only(a, "user-1/"), ExpiresIn.minutes(5)
        )
        publisher = await auth.generate_disposable_token(
            DisposableTokenScopes.topic_publish_only(a, "news"), ExpiresIn.minutes(5)
        )
    assert isinstance(reader, GenerateDisposableToken.Success)
    assert isinstance(publisher, GenerateDisposableToken.Success)
    async with _ours(auth_emulator.super_user_key) as admin:
        assert await admin.set(a, "user-1/name", "Ada") == CacheSet.Success()
    read = official(node, auth_emulator, reader.auth_token, [
        {"op": "get", "cache": a, "key": "user-1/name"},
        {"op": "get", "cache": a, "key": "user-2/name"},
        {"op": "set", "cache": a, "key": "user-1/name", "value": "Eve"},
        {"op": "publish", "cache": a, "topic": "news", "value": "hi"},
    ])  # fmt: skip
    assert _codes(read) == ["Hit", PERMISSION, PERMISSION, PERMISSION]
    assert read[0]["valueText"] == "Ada"
    published = official(node, auth_emulator, publisher.auth_token, [
        {"op": "publish", "cache": a, "topic": "news", "value": "hi"},
        {"op": "publish", "cache": a, "topic": "sports", "value": "hi"},
        {"op": "get", "cache": a, "key": "user-1/name"},
    ])  # fmt: skip
    assert _codes(published) == ["Success", PERMISSION, PERMISSION]


def test_official_clients_with_bad_credentials_are_unauthenticated(
    node: str,  # noqa: F811
    auth_emulator: AuthEmulator,
) -> None:
    garbage = base64.b64encode(json.dumps({"endpoint": auth_emulator.url, "api_key": "forged"}).encode()).decode()
    results = official(node, auth_emulator, garbage, [
        {"op": "get", "cache": "any", "key": "k"},
        {"op": "listCaches"},
        {"op": "generateDisposableToken", "scope": _scope("DisposableTokenScopes.cacheReadOnly", "any"),
         "expiresInSeconds": 60},
    ])  # fmt: skip
    assert _codes(results) == [AUTHENTICATION] * 3

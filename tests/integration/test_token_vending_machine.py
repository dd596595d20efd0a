"""The token vending machine: policy refusals, CORS, rate limit and configuration against the ASGI app in process
(a recording minter shows what would have been minted), then real mints from a strict (``--auth``) emulator whose
tokens work within their scope and nowhere else, and the ``python -m`` server itself (startup line, no token in
its log)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from momento_web_vending.app import create_app
from momento_web_vending.config import Settings, parse_settings
from momento_web_vending.cors import AllowedOrigins
from momento_web_vending.minter import Minted, MomentoMinter, credentials_from_environment
from momento_web_vending.policy import Grant, Policy, TopicAccess
from momento_web_vending.rate_limit import RateLimit

from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync
from momento_web.auth.momento_endpoint_resolver import resolve
from momento_web.config import TopicConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import CacheGet, CacheSet, CreateCache, TopicPublish
from tests.conftest import ROOT, AuthEmulator, VendingMachine

ALLOWED_ORIGIN = "http://app.example"
OTHER_ORIGIN = "http://evil.example"
POLICY = Policy(
    caches=("chat",),
    key_prefixes=("user-",),
    topic_prefixes=("room-",),
    topic_access=TopicAccess.SUBSCRIBE_ONLY,
    max_ttl_seconds=600,
    default_ttl_seconds=120,
)
SETTINGS = Settings(POLICY, AllowedOrigins((ALLOWED_ORIGIN,)), RateLimit(per_minute=60_000, burst=1000))
OK_REQUEST = {"cache": "chat", "keyPrefix": "user-ann-", "topic": "room-1"}


class RecordingMinter:
    def __init__(self) -> None:
        self.grants: list[Grant] = []
        self.closed = False

    async def mint(self, grant: Grant) -> Minted:
        self.grants.append(grant)
        return Minted(f"token-{len(self.grants)}", 1_900_000_000)

    async def aclose(self) -> None:
        self.closed = True


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _client(app: Any, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 50000)), base_url="http://tvm")


@pytest.fixture
async def minter() -> RecordingMinter:
    return RecordingMinter()


@pytest.fixture
async def tvm(minter: RecordingMinter) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(create_app(SETTINGS, minter)) as client:
        yield client


# --- policy ---------------------------------------------------------------------------------------------------


async def test_a_request_within_the_policy_mints_exactly_what_was_asked(
    tvm: httpx.AsyncClient, minter: RecordingMinter
) -> None:
    response = await tvm.post("/token", json={**OK_REQUEST, "ttlSeconds": 600, "clientId": "ann"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {
        "authToken": "token-1",
        "expiresAt": 1_900_000_000,
        "scope": {
            "cache": "chat",
            "keyPrefix": "user-ann-",
            "keyAccess": "read-write",
            "topic": "room-1",
            "topicAccess": "subscribe-only",
            "ttlSeconds": 600,
        },
    }
    assert minter.grants == [Grant("chat", "user-ann-", "room-1", TopicAccess.SUBSCRIBE_ONLY, 600, "ann")]


async def test_defaults_key_only_and_topic_only_requests(tvm: httpx.AsyncClient, minter: RecordingMinter) -> None:
    assert (await tvm.post("/token", json={"cache": "chat", "keyPrefix": "user-x"})).status_code == 200
    assert (await tvm.post("/token", json={"cache": "chat", "topic": "room-x"})).status_code == 200
    assert minter.grants == [
        Grant("chat", "user-x", None, None, 120, None),
        Grant("chat", None, "room-x", TopicAccess.SUBSCRIBE_ONLY, 120, None),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cache": "other"}, "cache 'other' is not allowed"),
        ({"keyPrefix": "admin-"}, "key prefix 'admin-' is not allowed"),
        ({"keyPrefix": "user"}, "key prefix 'user' is not allowed"),  # shorter than the allowed prefix
        ({"topic": "lobby"}, "topic 'lobby' is not allowed"),
        ({"topicAccess": "publish-subscribe"}, "publishing is not allowed: topics are subscribe-only"),
        ({"ttlSeconds": 601}, "ttlSeconds 601 exceeds the maximum of 600"),
    ],
)
async def test_requests_outside_the_policy_are_refused_with_403(
    tvm: httpx.AsyncClient, minter: RecordingMinter, change: dict[str, Any], message: str
) -> None:
    response = await tvm.post("/token", json={**OK_REQUEST, **change})
    assert response.status_code == 403
    assert response.json() == {"error": "forbidden", "message": message}
    assert minter.grants == []


async def test_publish_subscribe_is_granted_when_the_policy_allows_it() -> None:
    minter = RecordingMinter()
    settings = Settings(Policy(("chat",), topic_prefixes=("",), topic_access=TopicAccess.PUBLISH_SUBSCRIBE))
    async with _client(create_app(settings, minter)) as tvm:
        default = await tvm.post("/token", json={"cache": "chat", "topic": "any"})
        narrower = await tvm.post("/token", json={"cache": "chat", "topic": "any", "topicAccess": "subscribe-only"})
        no_keys = await tvm.post("/token", json={"cache": "chat", "keyPrefix": "k"})
    assert default.json()["scope"]["topicAccess"] == "publish-subscribe"
    assert narrower.json()["scope"]["topicAccess"] == "subscribe-only"
    assert no_keys.status_code == 403  # this policy has no key prefixes at all
    assert [g.topic_access for g in minter.grants] == [TopicAccess.PUBLISH_SUBSCRIBE, TopicAccess.SUBSCRIBE_ONLY]


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        json.dumps({"keyPrefix": "user-"}).encode(),  # no cache
        json.dumps({"cache": "chat"}).encode(),  # neither keyPrefix nor topic
        json.dumps({**OK_REQUEST, "admin": True}).encode(),  # unknown field
        json.dumps({**OK_REQUEST, "ttlSeconds": -5}).encode(),
        json.dumps({**OK_REQUEST, "ttlSeconds": "60"}).encode(),
        json.dumps({**OK_REQUEST, "topicAccess": "publish-only"}).encode(),
        json.dumps({**OK_REQUEST, "clientId": "x" * 65}).encode(),
        json.dumps({**OK_REQUEST, "keyPrefix": "user-\n"}).encode(),
        json.dumps({**OK_REQUEST, "keyPrefix": "user-" + "x" * 5000}).encode(),  # over the body limit
    ],
)
async def test_malformed_requests_are_refused_with_400(
    tvm: httpx.AsyncClient, minter: RecordingMinter, body: bytes
) -> None:
    response = await tvm.post("/token", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_request"
    assert minter.grants == []


async def test_health_and_json_errors_for_other_routes(tvm: httpx.AsyncClient) -> None:
    health = await tvm.get("/health")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    missing = await tvm.get("/nope")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong_method = await tvm.get("/token")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "http_error"
    assert "POST" in wrong_method.headers["allow"]


# --- CORS -----------------------------------------------------------------------------------------------------


def _preflight(origin: str) -> dict[str, str]:
    return {"origin": origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type"}


async def test_preflight_is_answered_for_the_configured_origin_only(tvm: httpx.AsyncClient) -> None:
    allowed = await tvm.options("/token", headers=_preflight(ALLOWED_ORIGIN))
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "content-type" in allowed.headers["access-control-allow-headers"].lower()

    refused = await tvm.options("/token", headers=_preflight(OTHER_ORIGIN))
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


async def test_actual_requests_from_other_origins_are_refused_before_minting(
    tvm: httpx.AsyncClient, minter: RecordingMinter
) -> None:
    allowed = await tvm.post("/token", json=OK_REQUEST, headers={"origin": ALLOWED_ORIGIN})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN

    refused = await tvm.post("/token", json=OK_REQUEST, headers={"origin": OTHER_ORIGIN})
    assert refused.status_code == 403
    assert refused.json()["error"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in refused.headers
    assert len(minter.grants) == 1  # only the allowed origin's request minted

    # A policy refusal still carries CORS headers, so an allowed page can read why.
    forbidden = await tvm.post("/token", json={**OK_REQUEST, "cache": "x"}, headers={"origin": ALLOWED_ORIGIN})
    assert forbidden.status_code == 403
    assert forbidden.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


async def test_an_origin_pattern_matches_whole_origins() -> None:
    origins = AllowedOrigins((), r"http://127\.0\.0\.1:[0-9]+")
    assert origins.allows("http://127.0.0.1:8000")
    assert not origins.allows("http://127.0.0.1:8000.evil.example")
    assert not origins.allows("http://localhost:8000")
    with pytest.raises(ValueError, match="list the origins"):
        AllowedOrigins(("*",))


# --- rate limit -----------------------------------------------------------------------------------------------


async def test_each_client_gets_its_burst_then_429_with_retry_after_until_refilled() -> None:
    clock = FakeClock()
    minter = RecordingMinter()
    settings = Settings(POLICY, AllowedOrigins((ALLOWED_ORIGIN,)), RateLimit(per_minute=2, burst=2))
    app = create_app(settings, minter, clock=clock)
    async with _client(app, "10.0.0.1") as first, _client(app, "10.0.0.2") as second:
        assert [(await first.post("/token", json=OK_REQUEST)).status_code for _ in range(2)] == [200, 200]
        limited = await first.post("/token", json=OK_REQUEST, headers={"origin": ALLOWED_ORIGIN})
        assert limited.status_code == 429
        assert limited.json()["error"] == "rate_limited"
        assert limited.headers["retry-after"] == "30"  # one request refills in 60 s / 2
        assert "retry-after" in limited.headers["access-control-expose-headers"].lower()
        # Refused requests count too: probing the policy is rate limited like minting.
        assert (await first.post("/token", json={"cache": "nope", "topic": "x"})).status_code == 429

        assert (await second.post("/token", json=OK_REQUEST)).status_code == 200  # another client, another bucket

        clock.now += 29
        assert (await first.post("/token", json=OK_REQUEST)).status_code == 429
        clock.now += 31
        assert (await first.post("/token", json=OK_REQUEST)).status_code == 200
    assert len(minter.grants) == 4


# --- configuration --------------------------------------------------------------------------------------------


def test_flags_override_the_policy_file(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'caches = ["a", "b"]\nkey_prefixes = ["k-"]\ntopic_prefixes = ["t-"]\ntopic_access = "publish-subscribe"\n'
        'max_ttl = 1200\nallow_origins = ["http://x.example"]\nrate_per_minute = 5\nburst = 3\n',
        encoding="utf-8",
    )
    settings = parse_settings(["--policy", str(policy), "--cache", "c", "--max-ttl", "60", "--port", "9999"])
    assert settings.policy == Policy(("c",), ("k-",), ("t-",), TopicAccess.PUBLISH_SUBSCRIBE, 60, 60)
    assert settings.origins == AllowedOrigins(("http://x.example",))
    assert settings.rate_limit == RateLimit(5, 3)
    assert settings.port == 9999


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the policy allows no cache"),
        (["--cache", "a"], "neither key prefixes nor topics"),
        (["--cache", "a", "--key-prefix", "k", "--max-ttl", "3601"], "max TTL must be between 1 and 3600"),
        (["--cache", "a", "--topic-prefix", "t", "--topic-access", "publish"], "topic_access must be"),
        (["--cache", "a", "--key-prefix", "k", "--allow-origin", "*"], "list the origins"),
        (["--cache", "a", "--key-prefix", "k", "--burst", "0"], "burst >= 1"),
    ],
)
def test_bad_configuration_exits_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_settings(args)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_an_unknown_policy_file_setting_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('caches = ["a"]\nkey_prefix = ["typo"]\n', encoding="utf-8")
    with pytest.raises(SystemExit):
        parse_settings(["--policy", str(policy)])
    assert "unknown setting(s) ['key_prefix']" in capsys.readouterr().err


def test_credentials_come_from_the_environment() -> None:
    with pytest.raises(ValueError, match="MOMENTO_API_KEY is not set"):
        credentials_from_environment({})
    with pytest.raises(ValueError, match="MOMENTO_API_KEY is not usable"):
        credentials_from_environment({"MOMENTO_API_KEY": "garbage"})
    with pytest.raises(ValueError, match="MOMENTO_API_KEY is not usable"):  # a v2 key must be a JWT
        credentials_from_environment({"MOMENTO_API_KEY": "garbage", "MOMENTO_ENDPOINT": "cell-1.example.com"})


def test_a_v2_api_key_and_endpoint_from_the_environment_point_at_real_momento() -> None:
    claims = base64.urlsafe_b64encode(json.dumps({"t": "g"}).encode()).rstrip(b"=").decode()
    v2_key = f"eyJhbGciOiJIUzI1NiJ9.{claims}.c2ln"
    provider = credentials_from_environment(
        {"MOMENTO_API_KEY": f" {v2_key}\n", "MOMENTO_ENDPOINT": "cell-1.example.com"}
    )
    assert provider.auth_token == v2_key
    assert provider.token_url == "https://web.token.cell-1.example.com"
    assert provider.cache_url == "https://web.cache.cell-1.example.com"


# --- real mints from a strict emulator --------------------------------------------------------------------------


def _config() -> Configurations.Laptop:
    return Configurations.Laptop.latest()


async def _create_caches(emulator: AuthEmulator, *names: str) -> None:
    super_user = CredentialProvider.from_disposable_token(emulator.super_user_key)
    async with CacheClientAsync(_config(), super_user, timedelta(minutes=1)) as admin:
        for name in names:
            assert await admin.create_cache(name) in (CreateCache.Success(), CreateCache.CacheAlreadyExists())


async def test_a_vended_token_works_within_its_scope_and_nowhere_else(auth_emulator: AuthEmulator) -> None:
    cache, other_cache = f"tvm-{uuid.uuid4().hex[:8]}", f"tvm-other-{uuid.uuid4().hex[:8]}"
    await _create_caches(auth_emulator, cache, other_cache)
    policy = Policy((cache, other_cache), ("user-",), ("room-",), TopicAccess.PUBLISH_SUBSCRIBE, 600, 60)
    minter = MomentoMinter(credentials_from_environment({"MOMENTO_API_KEY": auth_emulator.super_user_key}))
    async with _client(create_app(Settings(policy), minter)) as tvm:
        request = {"cache": cache, "keyPrefix": "user-ann-", "topic": "room-1", "clientId": "ann"}
        response = await tvm.post("/token", json={**request, "ttlSeconds": 90})
        subscriber = await tvm.post("/token", json={**request, "topicAccess": "subscribe-only"})
    await minter.aclose()
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"authToken", "expiresAt", "scope"}
    assert 60 <= body["expiresAt"] - time.time() <= 90

    credentials = CredentialProvider.from_disposable_token(body["authToken"])
    assert credentials.cache_url == auth_emulator.url  # the token alone reaches the emulator
    async with CacheClientAsync(_config(), credentials, timedelta(minutes=1)) as client:
        assert await client.set(cache, "user-ann-color", "teal") == CacheSet.Success()
        assert await client.get(cache, "user-ann-color") == CacheGet.Hit(b"teal")
        for denied in (
            await client.get(cache, "user-bob-color"),
            await client.set(cache, "color", "red"),
            await client.get(other_cache, "user-ann-color"),
        ):
            assert isinstance(denied, CacheGet.Error | CacheSet.Error), denied
            assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR
    async with TopicClientAsync(TopicConfigurations.Default.latest(), credentials) as topics:
        assert await topics.publish(cache, "room-1", "hi") == TopicPublish.Success()
        for denied_publish in (
            await topics.publish(cache, "room-2", "hi"),
            await topics.publish(other_cache, "room-1", "hi"),
        ):
            assert isinstance(denied_publish, TopicPublish.Error), denied_publish
            assert denied_publish.error_code is MomentoErrorCode.PERMISSION_ERROR

    assert subscriber.status_code == 200, subscriber.text
    read_only = CredentialProvider.from_disposable_token(subscriber.json()["authToken"])
    async with TopicClientAsync(TopicConfigurations.Default.latest(), read_only) as topics:
        refused = await topics.publish(cache, "room-1", "hi")
        assert isinstance(refused, TopicPublish.Error), refused
        assert refused.error_code is MomentoErrorCode.PERMISSION_ERROR


async def test_the_minter_reports_upstream_refusals_as_502(auth_emulator: AuthEmulator) -> None:
    # A vended token cannot mint (only API keys can): the vending machine answers 502, not a token.
    minter = MomentoMinter(credentials_from_environment({"MOMENTO_API_KEY": auth_emulator.super_user_key}))
    policy = Policy(("vending-cache",), ("vend-",))
    async with _client(create_app(Settings(policy), minter)) as tvm:
        token = (await tvm.post("/token", json={"cache": "vending-cache", "keyPrefix": "vend-a"})).json()["authToken"]
    await minter.aclose()
    weak = MomentoMinter(credentials_from_environment({"MOMENTO_API_KEY": token}))
    async with _client(create_app(Settings(policy), weak)) as tvm:
        response = await tvm.post("/token", json={"cache": "vending-cache", "keyPrefix": "vend-a"})
    await weak.aclose()
    assert response.status_code == 502
    assert response.json()["error"] == "mint_failed"
    assert token not in response.text


# --- the server process ---------------------------------------------------------------------------------------


def test_the_server_vends_and_never_logs_a_token(vending_machine: VendingMachine) -> None:
    assert httpx.get(f"{vending_machine.url}/health").json() == {"status": "ok"}
    response = httpx.post(
        f"{vending_machine.url}/token",
        json={"cache": vending_machine.cache, "keyPrefix": f"{vending_machine.key_prefix}log-", "clientId": "logger"},
    )
    assert response.status_code == 200, response.text
    token = response.json()["authToken"]
    output = vending_machine.server.output()
    assert f"token vending machine listening on {vending_machine.url}" in output
    assert "vended a token to 127.0.0.1 (id 'logger')" in output
    secrets = [token, vending_machine.emulator.super_user_key]
    secrets += [resolve(secret).auth_token for secret in secrets]  # the raw JWTs inside the base64 strings
    assert [secret for secret in secrets if secret in output] == []


def test_the_server_refuses_to_start_without_a_key() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("MOMENTO_API_KEY", "MOMENTO_ENDPOINT")}
    args = [sys.executable, "-m", "momento_web_vending", "--cache", "a", "--key-prefix", "k"]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "MOMENTO_API_KEY is not set" in done.stderr

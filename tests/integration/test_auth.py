"""Auth against a real emulator process in strict mode (``--auth``): the scope x operation matrix, expiry,
forged and foreign tokens, and minting rights.

The matrix mints one credential per scope helper with the super-user key the emulator printed, hands the token
string to ``CredentialProvider.from_disposable_token`` with no further configuration, and runs get, set, delete,
increment, set_if_not_exists (a conditional write), publish, subscribe and a control call against in-scope and
out-of-scope targets, all end to end. Every cell must be exactly allowed (no error at all) or denied
(PERMISSION_ERROR); the expectation comes from a small independent model of each scope, not from the emulator's
code. The matrix is shown in the terminal summary of every run.

Further emulators started here: one at ``--log-level debug`` (no credential in its log) and one bound to 0.0.0.0
(its tokens name loopback).
"""

from __future__ import annotations

import asyncio
import base64
import json
import textwrap
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import grpc
import jwt
import pytest
from momento_web_emulator.tokens import Kind, TokenSigner

from momento_web import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    TopicClientAsync,
    TopicConfigurations,
)
from momento_web._messages import cacheclient, cachepubsub, common
from momento_web._messages import permissionmessages as permissions_pb
from momento_web.auth.access_control import (
    AllCaches,
    AllTopics,
    DisposableTokenProps,
    DisposableTokenScope,
    DisposableTokenScopes,
    PermissionScope,
    PermissionScopes,
)
from momento_web.auth.momento_endpoint_resolver import credential_string, resolve
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.internal.channel import GrpcWebChannel
from momento_web.responses import (
    CacheGet,
    CachePing,
    CacheSet,
    CreateCache,
    GenerateApiKey,
    GenerateDisposableToken,
    ListCaches,
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from momento_web.transport import default_transport
from momento_web.utilities import ExpiresIn
from momento_web.wire.status import GrpcError, StatusCode
from scripts.localhost import HOST
from tests.conftest import AuthEmulator, started_auth_emulator

PUBLISH = "/cache_client.pubsub.Pubsub/Publish"
SUBSCRIBE = "/cache_client.pubsub.Pubsub/Subscribe"
READ, WRITE, CONDITIONAL, PUB, SUB = "read", "write", "conditional", "publish", "subscribe"
CACHE_OPS = {"get": READ, "set": WRITE, "delete": WRITE, "increment": WRITE, "set_if_not_exists": CONDITIONAL}
TOPIC_OPS = {"publish": PUB, "subscribe": SUB}
KEYS = ("k1", "k2", "other")
TOPICS = ("t1", "t2")


def _code(response: object) -> object:
    """The ``error_code`` of an ``Error`` response (None for any other variant)."""
    return getattr(response, "error_code", None)


@dataclass(frozen=True)
class Model:
    """What a scope allows, stated independently of the emulator: actions, on which caches ("A", "B"; None = all),
    on which keys / topics (predicates), and whether control-plane calls are allowed."""

    actions: frozenset[str] = frozenset()
    caches: frozenset[str] | None = frozenset({"A"})
    key: Callable[[str], bool] = lambda key: True
    topic: Callable[[str], bool] = lambda topic: True
    control: bool = False

    def allows(self, action: str, cache: str, target: str) -> bool:
        if self.control:  # super-user
            return True
        in_cache = self.caches is None or cache in self.caches
        matches = self.topic(target) if action in (PUB, SUB) else self.key(target)
        return action in self.actions and in_cache and matches


RW, RO, WO = frozenset({READ, WRITE, CONDITIONAL}), frozenset({READ}), frozenset({WRITE})
PUBSUB, SUB_ONLY, PUB_ONLY = frozenset({PUB, SUB}), frozenset({SUB}), frozenset({PUB})


def _is_k1(key: str) -> bool:
    return key == "k1"


def _has_k_prefix(key: str) -> bool:
    return key.startswith("k")


def _is_t1(topic: str) -> bool:
    return topic == "t1"


Scope = PermissionScope | DisposableTokenScope
# (row name, scope for caches A and B, minted as an API key?, model)
ROWS: list[tuple[str, Callable[[str, str], Scope], bool, Model]] = [
    ("dt.cache_read_write(A)", lambda a, b: DisposableTokenScopes.cache_read_write(a), False, Model(RW)),
    ("dt.cache_read_only(A)", lambda a, b: DisposableTokenScopes.cache_read_only(a), False, Model(RO)),
    ("dt.cache_write_only(A)", lambda a, b: DisposableTokenScopes.cache_write_only(a), False, Model(WO)),
    ("dt.cache_read_write(AllCaches)", lambda a, b: DisposableTokenScopes.cache_read_write(AllCaches()), False,
     Model(RW, caches=None)),
    ("dt.cache_key_read_write(A,k1)", lambda a, b: DisposableTokenScopes.cache_key_read_write(a, "k1"), False,
     Model(RW, key=_is_k1)),
    ("dt.cache_key_read_only(A,k1)", lambda a, b: DisposableTokenScopes.cache_key_read_only(a, "k1"), False,
     Model(RO, key=_is_k1)),
    ("dt.cache_key_write_only(A,k1)", lambda a, b: DisposableTokenScopes.cache_key_write_only(a, "k1"), False,
     Model(WO, key=_is_k1)),
    ("dt.cache_key_prefix_read_write(A,k)", lambda a, b: DisposableTokenScopes.cache_key_prefix_read_write(a, "k"),
     False, Model(RW, key=_has_k_prefix)),
    ("dt.cache_key_prefix_read_only(A,k)", lambda a, b: DisposableTokenScopes.cache_key_prefix_read_only(a, "k"),
     False, Model(RO, key=_has_k_prefix)),
    ("dt.cache_key_prefix_write_only(A,k)", lambda a, b: DisposableTokenScopes.cache_key_prefix_write_only(a, "k"),
     False, Model(WO, key=_has_k_prefix)),
    ("dt.topic_publish_subscribe(A,t1)", lambda a, b: DisposableTokenScopes.topic_publish_subscribe(a, "t1"), False,
     Model(PUBSUB, topic=_is_t1)),
    ("dt.topic_subscribe_only(A,t1)", lambda a, b: DisposableTokenScopes.topic_subscribe_only(a, "t1"), False,
     Model(SUB_ONLY, topic=_is_t1)),
    ("dt.topic_publish_only(A,t1)", lambda a, b: DisposableTokenScopes.topic_publish_only(a, "t1"), False,
     Model(PUB_ONLY, topic=_is_t1)),
    ("dt.topic_publish_subscribe(A,AllTopics)",
     lambda a, b: DisposableTokenScopes.topic_publish_subscribe(a, AllTopics()), False, Model(PUBSUB)),
    ("ps.cache_read_write(A)", lambda a, b: PermissionScopes.cache_read_write(a), True, Model(RW)),
    ("ps.cache_read_only(A)", lambda a, b: PermissionScopes.cache_read_only(a), True, Model(RO)),
    ("ps.cache_write_only(A)", lambda a, b: PermissionScopes.cache_write_only(a), True, Model(WO)),
    ("ps.topic_publish_subscribe(A,t1)", lambda a, b: PermissionScopes.topic_publish_subscribe(a, "t1"), True,
     Model(PUBSUB, topic=_is_t1)),
    ("ps.topic_subscribe_only(A,t1)", lambda a, b: PermissionScopes.topic_subscribe_only(a, "t1"), True,
     Model(SUB_ONLY, topic=_is_t1)),
    ("ps.topic_publish_only(A,t1)", lambda a, b: PermissionScopes.topic_publish_only(a, "t1"), True,
     Model(PUB_ONLY, topic=_is_t1)),
    ("ps.all_data_read_write", lambda a, b: PermissionScopes.all_data_read_write(), True,
     Model(RW | PUBSUB, caches=None)),
    ("ps.super_user", lambda a, b: PermissionScopes.super_user(), True, Model(control=True)),
]  # fmt: skip

ALLOWED, DENIED = "allowed", "denied"


def _config() -> Any:
    return Configurations.Laptop.latest().with_client_timeout(timedelta(seconds=10))


def _auth_config() -> Any:
    return AuthConfigurations.Laptop.latest()


@dataclass
class Caches:
    names: dict[str, str]  # "A"/"B" → real cache name

    def __getitem__(self, label: str) -> str:
        return self.names[label]


@pytest.fixture(scope="module")
def super_user(auth_emulator: AuthEmulator) -> CredentialProvider:
    return CredentialProvider.from_disposable_token(auth_emulator.super_user_key)


@pytest.fixture
async def caches(super_user: CredentialProvider) -> AsyncIterator[Caches]:
    suffix = uuid.uuid4().hex[:8]
    names = {"A": f"auth-a-{suffix}", "B": f"auth-b-{suffix}"}
    async with CacheClientAsync(_config(), super_user, timedelta(minutes=5)) as admin:
        for name in names.values():
            assert await admin.create_cache(name) == CreateCache.Success()
        yield Caches(names)
        for name in names.values():
            await admin.delete_cache(name)


async def _mint(super_user: CredentialProvider, scope: Scope, as_api_key: bool, seconds: int = 300) -> str:
    async with AuthClientAsync(_auth_config(), super_user) as auth:
        if as_api_key:
            key = await auth.generate_api_key(scope, ExpiresIn.seconds(seconds))  # type: ignore[arg-type]
            assert isinstance(key, GenerateApiKey.Success), key
            return key.api_key
        token = await auth.generate_disposable_token(scope, ExpiresIn.seconds(seconds))
        assert isinstance(token, GenerateDisposableToken.Success), token
        return token.auth_token


def _outcome(response: object) -> str:
    if getattr(response, "error_code", None) is MomentoErrorCode.PERMISSION_ERROR:
        return DENIED
    assert not hasattr(response, "error_code"), f"neither allowed nor denied: {response}"
    return ALLOWED


async def _cache_op(client: CacheClientAsync, op: str, cache: str, key: str) -> object:
    match op:
        case "get":
            return await client.get(cache, key)
        case "set":
            return await client.set(cache, key, "1")  # stays an integer, so increment can succeed
        case "delete":
            return await client.delete(cache, key)
        case "increment":
            return await client.increment(cache, key, 1)
        case "set_if_not_exists":
            return await client.set_if_not_exists(cache, key, "1")
    raise AssertionError(op)


async def _topic_op_end_to_end(url: str, raw_key: str, op: str, cache: str, topic: str) -> str:
    auth = {"authorization": raw_key}
    try:
        if op == "publish":
            channel = GrpcWebChannel(url, default_transport(), timeout=10, metadata=auth)
            value = cachepubsub._TopicValue(text="hello")
            request = cachepubsub._PublishRequest(cache_name=cache, topic=topic, value=value)
            await channel.unary(PUBLISH, request, common._Empty)
        else:
            channel = GrpcWebChannel(url, default_transport(), timeout=None, metadata=auth)
            request_s = cachepubsub._SubscriptionRequest(cache_name=cache, topic=topic)
            stream = channel.server_stream(SUBSCRIBE, request_s, cachepubsub._SubscriptionItem)
            try:
                async with asyncio.timeout(10):
                    first = await anext(stream)
                assert first.WhichOneof("kind") == "heartbeat", first
            finally:
                await stream.aclose()
    except GrpcError as error:
        if error.code is not StatusCode.PERMISSION_DENIED:
            raise  # any other refusal fails the test, with its status
        return DENIED
    return ALLOWED


@dataclass
class Matrix:
    columns: list[str] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    def record(self, row: str, column: str, actual: str, expected: str) -> None:
        if column not in self.columns:
            self.columns.append(column)
        self.rows.setdefault(row, []).append("✓" if actual == ALLOWED else "✗")
        if actual != expected:
            self.mismatches.append(f"{row} x {column}: {actual}, expected {expected}")

    def render(self) -> str:
        width = max(len(row) for row in self.rows)
        legend = ", ".join(f"{i}={column}" for i, column in enumerate(self.columns))
        lines = textwrap.wrap("columns: " + legend, 118, subsequent_indent="  ")
        lines.append(" " * width + "  " + "".join(f"{i % 100:>3}" for i in range(len(self.columns))))
        lines += [f"{row:<{width}}  " + "".join(f"{cell:>3}" for cell in cells) for row, cells in self.rows.items()]
        return "\n".join(lines)


def _show_in_terminal_summary(config: pytest.Config, title: str, text: str) -> None:
    """print() output of a passing test is captured and dropped; a terminal summary section always shows."""

    class Section:
        def pytest_terminal_summary(self, terminalreporter: Any) -> None:
            terminalreporter.write_sep("-", title)
            terminalreporter.write_line(text)

    name = f"momento-web: {title}"
    if config.pluginmanager.has_plugin(name):  # the test ran again in this session (e.g. a rerun plugin)
        config.pluginmanager.unregister(name=name)
    config.pluginmanager.register(Section(), name)


async def test_scope_operation_matrix(
    auth_emulator: AuthEmulator, super_user: CredentialProvider, caches: Caches, request: pytest.FixtureRequest
) -> None:
    matrix = Matrix()
    for row, make_scope, as_api_key, model in ROWS:
        token = await _mint(super_user, make_scope(caches["A"], caches["B"]), as_api_key)
        credentials = CredentialProvider.from_disposable_token(token)  # no endpoint configuration at all
        assert credentials.cache_url == auth_emulator.url
        async with CacheClientAsync(_config(), credentials, timedelta(minutes=5)) as client:
            for op, action in CACHE_OPS.items():
                for label, key in [("A", k) for k in KEYS] + [("B", "k1")]:
                    actual = _outcome(await _cache_op(client, op, caches[label], key))
                    expected = ALLOWED if model.allows(action, label, key) else DENIED
                    matrix.record(row, f"{op}({label}/{key})", actual, expected)
            control = ALLOWED if model.control else DENIED
            matrix.record(row, "control(list_caches)", _outcome(await client.list_caches()), control)
            matrix.record(row, "control(flush B)", _outcome(await client.flush_cache(caches["B"])), control)
            scratch = f"matrix-scratch-{uuid.uuid4().hex[:8]}"  # created and deleted only where allowed
            matrix.record(row, "control(create)", _outcome(await client.create_cache(scratch)), control)
            matrix.record(row, "control(delete)", _outcome(await client.delete_cache(scratch)), control)
        raw_key = credentials.get_auth_token()
        for op, action in TOPIC_OPS.items():
            for label, topic in [("A", t) for t in TOPICS] + [("B", "t1")]:
                expected = ALLOWED if model.allows(action, label, topic) else DENIED
                actual = await _topic_op_end_to_end(auth_emulator.url, raw_key, op, caches[label], topic)
                matrix.record(row, f"{op}({label}/{topic})", actual, expected)
    _show_in_terminal_summary(
        request.config, "scope x operation matrix (✓ allowed, ✗ PERMISSION_DENIED)", matrix.render()
    )
    assert matrix.mismatches == []
    assert len(matrix.rows) == len(ROWS)
    assert all(len(cells) == len(matrix.columns) for cells in matrix.rows.values())


def _cache_client(token: str) -> CacheClientAsync:
    return CacheClientAsync(_config(), CredentialProvider.from_disposable_token(token), timedelta(minutes=5))


async def test_expired_token_is_unauthenticated(super_user: CredentialProvider, caches: Caches) -> None:
    token = await _mint(super_user, DisposableTokenScopes.cache_read_write(caches["A"]), False, seconds=3)
    expires_at = _jwt_parts(token)[1]["exp"]  # the emulator's exact expiry, on this machine's clock
    async with _cache_client(token) as client:
        first = await client.set(caches["A"], "k", "v")
        # Under heavy load the set may arrive only after expiry; a refusal before then would be a bug.
        if first != CacheSet.Success():
            assert _code(first) is MomentoErrorCode.AUTHENTICATION_ERROR, first
            assert time.time() >= expires_at, f"refused before expiry: {first}"
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        for _ in range(50):  # asyncio may wake a little early; a handful of retries covers that
            result = await client.get(caches["A"], "k")
            if not isinstance(result, CacheGet.Hit):
                break
            await asyncio.sleep(0.1)
        assert _code(result) is MomentoErrorCode.AUTHENTICATION_ERROR, result


def _jwt_parts(token: str) -> tuple[str, dict[str, Any], str]:
    raw = CredentialProvider.from_disposable_token(token).get_auth_token()
    header, payload, signature = raw.split(".")
    return header, json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))), signature


async def test_forged_foreign_and_garbage_credentials_are_unauthenticated(
    auth_emulator: AuthEmulator, super_user: CredentialProvider, caches: Caches
) -> None:
    token = await _mint(super_user, DisposableTokenScopes.cache_key_read_only(caches["A"], "k1"), False)
    header, claims, signature = _jwt_parts(token)
    super_claims = _jwt_parts(auth_emulator.super_user_key)[1]
    forged_payload = base64.urlsafe_b64encode(json.dumps({**claims, "p": super_claims["p"]}).encode()).rstrip(b"=")
    forged = f"{header}.{forged_payload.decode()}.{signature}"
    foreign, _ = TokenSigner("some-other-secret-of-32-bytes-or-more").issue(
        Kind.API_KEY, permissions_pb.Permissions(super_user=permissions_pb.SuperUser), expires_at=None
    )
    unsigned = jwt.encode({**super_claims}, None, algorithm="none")
    url = auth_emulator.url
    bad_credentials = {
        "forged permissions": CredentialProvider.from_disposable_token(credential_string(url, forged)),
        "other secret": CredentialProvider.from_disposable_token(credential_string(url, foreign)),
        "alg none": CredentialProvider.from_disposable_token(credential_string(url, unsigned)),
        "garbage": CredentialProvider.from_disposable_token(credential_string(url, "not-a-token")),
        "no credential": CredentialProvider.for_momento_local(auth_emulator.server.host, auth_emulator.server.port),
    }
    for name, credentials in bad_credentials.items():
        async with CacheClientAsync(_config(), credentials, timedelta(minutes=5)) as client:
            got = await client.get(caches["A"], "k1")
            assert getattr(got, "error_code", None) is MomentoErrorCode.AUTHENTICATION_ERROR, (name, got)
            listed = await client.list_caches()
            assert isinstance(listed, ListCaches.Error)
            assert listed.error_code is MomentoErrorCode.AUTHENTICATION_ERROR
            assert await client.ping() == CachePing.Success()  # Ping needs no credential
        async with AuthClientAsync(_auth_config(), credentials) as auth:
            minted = await auth.generate_disposable_token(
                DisposableTokenScopes.cache_read_only(caches["A"]), ExpiresIn.minutes(1)
            )
            assert getattr(minted, "error_code", None) is MomentoErrorCode.AUTHENTICATION_ERROR, (name, minted)


async def test_only_api_keys_within_their_scope_can_mint(super_user: CredentialProvider, caches: Caches) -> None:
    key = await _mint(super_user, PermissionScopes.cache_read_only(caches["A"]), True)
    async with AuthClientAsync(_auth_config(), CredentialProvider.from_disposable_token(key)) as auth:
        inside = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_only(caches["A"], "k1"), ExpiresIn.minutes(1)
        )
        outside = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_write(caches["A"], "k1"), ExpiresIn.minutes(1)
        )
        other_cache = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_read_only(caches["B"]), ExpiresIn.minutes(1)
        )
    assert isinstance(inside, GenerateDisposableToken.Success)
    assert _code(outside) is MomentoErrorCode.PERMISSION_ERROR
    assert _code(other_cache) is MomentoErrorCode.PERMISSION_ERROR
    async with AuthClientAsync(_auth_config(), CredentialProvider.from_disposable_token(inside.auth_token)) as auth:
        chained = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_only(caches["A"], "k1"), ExpiresIn.minutes(1)
        )
    assert _code(chained) is MomentoErrorCode.PERMISSION_ERROR


def test_super_user_key_is_printed_once_and_never_logged(auth_emulator: AuthEmulator) -> None:
    output = auth_emulator.server.output()
    assert output.count(auth_emulator.super_user_key) == 1
    raw_key = CredentialProvider.from_disposable_token(auth_emulator.super_user_key).get_auth_token()
    assert output.count(raw_key) == 0  # (it is inside the base64 line, never in the clear)
    assert "auth: strict" in output


async def test_published_items_carry_the_publishing_tokens_id(super_user: CredentialProvider, caches: Caches) -> None:
    async with AuthClientAsync(_auth_config(), super_user) as auth:
        minted = await auth.generate_disposable_token(
            DisposableTokenScopes.topic_publish_subscribe(caches["A"], "news"),
            ExpiresIn.minutes(5),
            DisposableTokenProps(token_id="page-7"),
        )
    assert isinstance(minted, GenerateDisposableToken.Success), minted
    config = TopicConfigurations.Default.latest()
    page = CredentialProvider.from_disposable_token(minted.auth_token)
    async with TopicClientAsync(config, page) as topics, TopicClientAsync(config, super_user) as admin:
        subscription = await topics.subscribe(caches["A"], "news")
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        async with subscription:
            assert await topics.publish(caches["A"], "news", "from the page") == TopicPublish.Success()
            assert await admin.publish(caches["A"], "news", "from an API key") == TopicPublish.Success()
            items = [await asyncio.wait_for(anext(subscription), 10) for _ in range(2)]
    assert [type(item) for item in items] == [TopicSubscriptionItem.Text] * 2
    assert [(item.value, item.publisher_id) for item in items] == [  # type: ignore[attr-defined]
        ("from the page", "page-7"),
        ("from an API key", ""),  # only disposable tokens have a token id
    ]


# --- further emulators -------------------------------------------------------------------------------------------


async def _native_get(port: int, raw_key: str, cache: str) -> grpc.StatusCode:
    """A Get over native gRPC (HTTP/2, h2c): the credential travels in an HPACK-encoded header."""
    async with grpc.aio.insecure_channel(f"{HOST}:{port}") as channel:
        get = channel.unary_unary(
            "/cache_client.Scs/Get",
            request_serializer=cacheclient._GetRequest.SerializeToString,
            response_deserializer=cacheclient._GetResponse.FromString,
        )
        try:
            await get(cacheclient._GetRequest(cache_key=b"k"), metadata=[("authorization", raw_key), ("cache", cache)])
        except grpc.aio.AioRpcError as error:
            return error.code()
    return grpc.StatusCode.OK


async def test_no_credential_is_ever_logged_at_debug_level() -> None:
    with started_auth_emulator("auth-emulator-debug", "--log-level", "debug") as emulator:
        admin = CredentialProvider.from_disposable_token(emulator.super_user_key)
        cache = "debug-log"
        async with CacheClientAsync(_config(), admin, timedelta(minutes=5)) as client:
            assert await client.create_cache(cache) == CreateCache.Success()
            assert await client.set(cache, "k", "v") == CacheSet.Success()
        token = await _mint(admin, DisposableTokenScopes.cache_key_read_only(cache, "k"), False)
        async with _cache_client(token) as client:
            assert await client.get(cache, "k") == CacheGet.Hit(b"v")
            assert _code(await client.set(cache, "k", "w")) is MomentoErrorCode.PERMISSION_ERROR
        garbage = credential_string(emulator.url, "not-a-token-but-as-secret-as-one")
        async with _cache_client(garbage) as client:
            assert _code(await client.get(cache, "k")) is MomentoErrorCode.AUTHENTICATION_ERROR
        credentials = {"super-user key": emulator.super_user_key, "minted token": token, "garbage": garbage}
        raw = {f"raw {name}": resolve(credential).auth_token for name, credential in credentials.items()}
        port = emulator.server.port
        assert await _native_get(port, raw["raw super-user key"], cache) is grpc.StatusCode.OK
        assert await _native_get(port, raw["raw minted token"], "other") is grpc.StatusCode.PERMISSION_DENIED
        emulator.server.process.terminate()  # a stopped process has written all it ever will
        emulator.server.process.wait(timeout=30)
        output = emulator.server.output()
    for line in ("/cache_client.Scs/Get -> OK", "/cache_client.Scs/Set -> PERMISSION_DENIED", "rejected credential"):
        assert line in output  # debug logging was on for every call
    assert [line for line in output.splitlines() if emulator.super_user_key in line] == [
        f"MOMENTO_API_KEY={emulator.super_user_key}"
    ]
    secrets = {**raw, "minted token": token, "garbage": garbage}
    assert [name for name, secret in secrets.items() if secret in output] == []  # names: a failure shows no secret


async def test_a_wildcard_bind_mints_tokens_naming_loopback() -> None:
    with started_auth_emulator("auth-emulator-wildcard", "--host", "0.0.0.0") as emulator:  # noqa: S104  under test
        loopback = f"http://127.0.0.1:{emulator.server.port}"
        admin = CredentialProvider.from_disposable_token(emulator.super_user_key)
        assert admin.cache_url == loopback
        token = await _mint(admin, DisposableTokenScopes.cache_read_only("c"), False)
        assert CredentialProvider.from_disposable_token(token).cache_url == loopback
        async with _cache_client(token) as client:
            assert await client.ping() == CachePing.Success()  # the named URL reaches the emulator
        output = emulator.server.output()
    assert f"listening on http://0.0.0.0:{emulator.server.port}" in output
    assert f"tokens name {loopback} (this machine only)" in output
    assert f"--token-endpoint http://<a name or address they reach>:{emulator.server.port}" in output

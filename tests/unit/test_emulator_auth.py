"""Emulator auth, in process: signed tokens, the enforcement table, minting rules, and the SDK against a strict
emulator over an ASGI transport with a fake clock (so expiry is exact and instant)."""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

import httpx
import jwt
import pytest
from google.protobuf.descriptor import FileDescriptor
from momento_web_emulator.auth import NOBODY, Principal, StrictAuthenticator, mask_token, principal_of
from momento_web_emulator.grants import Access, Grants, InvalidPermissions, Selector, check_distinct
from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.permissions import TABLE, CacheItems, authorize, needs_credential
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.server import EmulatorSettings, create_app, default_token_endpoint, issuer_for
from momento_web_emulator.services import build_rpcs
from momento_web_emulator.store import Store
from momento_web_emulator.tokens import InvalidToken, Kind, TokenSigner

from momento_web import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider
from momento_web._messages import auth as auth_pb
from momento_web._messages import cacheclient, cacheping, cachepubsub, controlclient, token, webhook
from momento_web._messages import permissionmessages as pb
from momento_web.auth.access_control import AllCaches, DisposableTokenScopes, PermissionScopes
from momento_web.auth.momento_endpoint_resolver import credential_string
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.permissions import permissions_from_scope
from momento_web.responses import (
    CacheGet,
    CacheSet,
    CreateCache,
    GenerateApiKey,
    GenerateDisposableToken,
    ListCaches,
    RefreshApiKey,
)
from momento_web.transport.httpx_transport import HttpxTransport
from momento_web.utilities import ExpiresIn
from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from tests.protobuf_oracle import (
    auth_pb2,
    cacheclient_pb2,
    cacheping_pb2,
    cachepubsub_pb2,
    controlclient_pb2,
    leaderboard_pb2,
    token_pb2,
    webhook_pb2,
)

SECRET = "unit-test-secret-of-at-least-32-bytes!"
URL = "http://emulator"
FIVE_MINUTES = ExpiresIn.minutes(5)
PT = pb.PermissionsType
ALL = PT.All()
DISPOSABLE = token._GenerateDisposableTokenRequest
EXPIRES = token._GenerateDisposableTokenRequest.Expires


def _code(response: object) -> object:
    """The ``error_code`` of an ``Error`` response (None for any other variant)."""
    return getattr(response, "error_code", None)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _cache_perm(role: int, cache: str | None = "a", key: bytes | None = None, prefix: bytes | None = None) -> PT:
    message = PT.CachePermissions(role=role)
    if cache is None:
        message.all_caches = ALL
    else:
        message.cache_selector = PT.CacheSelector(cache_name=cache)
    if key is not None:
        message.item_selector = PT.CacheItemSelector(key=key)
    if prefix is not None:
        message.item_selector = PT.CacheItemSelector(key_prefix=prefix)
    return PT(cache_permissions=message)


def _topic_perm(role: int, cache: str | None = "a", topic: str | None = "t", prefix: str | None = None) -> PT:
    message = PT.TopicPermissions(role=role)
    if cache is None:
        message.all_caches = ALL
    else:
        message.cache_selector = PT.CacheSelector(cache_name=cache)
    if prefix is not None:
        message.topic_selector = PT.TopicSelector(topic_name_prefix=prefix)
    elif topic is None:
        message.all_topics = ALL
    else:
        message.topic_selector = PT.TopicSelector(topic_name=topic)
    return PT(topic_permissions=message)


def _perms(*entries: PT) -> pb.Permissions:
    return pb.Permissions(explicit=pb.ExplicitPermissions(permissions=list(entries)))


def _grants(*entries: PT) -> Grants:
    return Grants.from_proto(_perms(*entries))


# --- grants ---------------------------------------------------------------------------------------------------


def test_grants_match_cache_item_and_role() -> None:
    grants = _grants(_cache_perm(pb.CacheReadWrite, key=b"k1"), _cache_perm(pb.CacheReadOnly, prefix=b"p-"))
    assert grants.allows(Access.READ, "a", b"k1")
    assert grants.allows(Access.CONDITIONAL_WRITE, "a", b"k1")
    assert grants.allows(Access.READ, "a", b"p-anything")
    assert not grants.allows(Access.WRITE, "a", b"p-anything")
    assert not grants.allows(Access.READ, "a", b"k2")
    assert not grants.allows(Access.READ, "b", b"k1")
    assert not grants.allows(Access.PUBLISH, "a", b"k1")  # cache roles never grant topics


def test_write_only_excludes_conditional_writes_and_read_only_excludes_writes() -> None:
    write_only = _grants(_cache_perm(pb.CacheWriteOnly, cache=None))
    assert write_only.allows(Access.WRITE, "any", b"k")
    assert not write_only.allows(Access.CONDITIONAL_WRITE, "any", b"k")
    assert not write_only.allows(Access.READ, "any", b"k")
    read_only = _grants(_cache_perm(pb.CacheReadOnly))
    assert read_only.allows(Access.READ, "a", b"k")
    assert not read_only.allows(Access.WRITE, "a", b"k")
    permit_none = _grants(_cache_perm(pb.CachePermitNone))
    assert not any(permit_none.allows(access, "a", b"k") for access in Access)


def test_topic_grants() -> None:
    grants = _grants(_topic_perm(pb.TopicReadOnly, topic="t"), _topic_perm(pb.TopicWriteOnly, prefix="news-"))
    assert grants.allows(Access.SUBSCRIBE, "a", b"t")
    assert not grants.allows(Access.PUBLISH, "a", b"t")
    assert grants.allows(Access.PUBLISH, "a", b"news-1")
    assert not grants.allows(Access.SUBSCRIBE, "a", b"news-1")
    assert not grants.allows(Access.SUBSCRIBE, "b", b"t")
    assert not grants.allows(Access.READ, "a", b"t")  # topic roles never grant cache items


@pytest.mark.parametrize(
    ("own", "wanted", "covered"),
    [
        (Selector(), Selector(exact=b"k"), True),
        (Selector(prefix=b"k"), Selector(exact=b"k1"), True),
        (Selector(prefix=b"k"), Selector(prefix=b"k1"), True),
        (Selector(prefix=b"k1"), Selector(prefix=b"k"), False),
        (Selector(exact=b"k"), Selector(exact=b"k"), True),
        (Selector(exact=b"k"), Selector(prefix=b"k"), False),
        (Selector(exact=b"k"), Selector(), False),
        (Selector(prefix=b"k"), Selector(), False),
    ],
)
def test_selector_covers(own: Selector, wanted: Selector, covered: bool) -> None:
    assert own.covers(wanted) is covered


@pytest.mark.parametrize(
    ("caller", "requested", "covered"),
    [
        (_perms(_cache_perm(pb.CacheReadWrite)), _perms(_cache_perm(pb.CacheReadOnly, key=b"k")), True),
        (_perms(_cache_perm(pb.CacheReadOnly)), _perms(_cache_perm(pb.CacheReadWrite, key=b"k")), False),
        (_perms(_cache_perm(pb.CacheWriteOnly)), _perms(_cache_perm(pb.CacheReadWrite)), False),
        (_perms(_cache_perm(pb.CacheReadWrite)), _perms(_cache_perm(pb.CacheReadWrite, cache="b")), False),
        (_perms(_cache_perm(pb.CacheReadWrite)), _perms(_cache_perm(pb.CacheReadWrite, cache=None)), False),
        (_perms(_cache_perm(pb.CacheReadWrite, cache=None)), _perms(_cache_perm(pb.CacheReadWrite, cache="z")), True),
        (
            _perms(_cache_perm(pb.CacheReadWrite, prefix=b"u1-")),
            _perms(_cache_perm(pb.CacheReadOnly, key=b"u1-x")),
            True,
        ),
        (_perms(_cache_perm(pb.CacheReadWrite, key=b"k")), _perms(_cache_perm(pb.CacheReadWrite)), False),
        (_perms(_topic_perm(pb.TopicReadWrite, topic=None)), _perms(_topic_perm(pb.TopicReadOnly)), True),
        (_perms(_topic_perm(pb.TopicReadOnly, topic=None)), _perms(_topic_perm(pb.TopicWriteOnly)), False),
        (_perms(_cache_perm(pb.CacheReadWrite, cache=None)), _perms(_topic_perm(pb.TopicReadOnly)), False),
        (
            _perms(_cache_perm(pb.CacheReadWrite), _topic_perm(pb.TopicReadWrite)),
            _perms(_cache_perm(pb.CacheReadOnly, key=b"k"), _topic_perm(pb.TopicReadOnly)),
            True,
        ),
        (_perms(_cache_perm(pb.CacheReadOnly)), _perms(_cache_perm(pb.CachePermitNone, cache="b")), True),
        (_perms(_cache_perm(pb.CacheReadWrite, cache=None)), pb.Permissions(super_user=pb.SuperUser), False),
        (pb.Permissions(super_user=pb.SuperUser), pb.Permissions(super_user=pb.SuperUser), True),
    ],
)
def test_covers_is_a_subset_check(caller: pb.Permissions, requested: pb.Permissions, covered: bool) -> None:
    assert Grants.from_proto(caller).covers(Grants.from_proto(requested)) is covered


@pytest.mark.parametrize(
    "permissions",
    [
        pb.Permissions(),
        _perms(),
        _perms(PT()),
        _perms(PT(cache_permissions=PT.CachePermissions(role=pb.CacheReadWrite))),
        _perms(PT(cache_permissions=PT.CachePermissions(role=pb.CacheReadWrite, cache_selector=PT.CacheSelector()))),
        _perms(_cache_perm(pb.CacheReadWrite, key=b"")),
        _perms(PT(topic_permissions=PT.TopicPermissions(role=pb.TopicReadWrite, all_caches=ALL))),
        _perms(PT(topic_permissions=PT.TopicPermissions(role=1, all_caches=ALL, topic_selector=PT.TopicSelector()))),
        pb.Permissions(super_user=7),
    ],
)
def test_malformed_permissions_are_rejected(permissions: pb.Permissions) -> None:
    with pytest.raises(InvalidPermissions):
        Grants.from_proto(permissions)


def test_item_selector_without_choice_is_rejected_but_no_cache_item_means_all_items() -> None:
    entry = _cache_perm(pb.CacheReadOnly)
    entry.cache_permissions.item_selector = PT.CacheItemSelector()
    with pytest.raises(InvalidPermissions):
        Grants.from_proto(_perms(entry))
    assert _grants(_cache_perm(pb.CacheReadOnly)).allows(Access.READ, "a", b"anything")


# --- tokens and authentication -------------------------------------------------------------------------------


def test_signed_tokens_round_trip_and_expire_by_the_signers_clock() -> None:
    clock = Clock()
    signer = TokenSigner(SECRET, clock=clock)
    permissions = _perms(_cache_perm(pb.CacheReadOnly, key=b"k"))
    token, jti = signer.issue(Kind.DISPOSABLE, permissions, expires_at=clock.now + 10, token_id="page")
    claims = signer.verify(token)
    assert (claims.kind, claims.jti, claims.token_id, claims.expires_at) == (
        Kind.DISPOSABLE,
        jti,
        "page",
        clock.now + 10,
    )
    assert pb.Permissions.FromString(claims.permissions) == permissions
    clock.advance(9.9)
    signer.verify(token)
    clock.advance(0.1)
    with pytest.raises(InvalidToken, match="expired"):
        signer.verify(token)


def _forge(token: str, **changes: object) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_forged_foreign_unsigned_and_garbage_tokens_are_rejected() -> None:
    signer = TokenSigner(SECRET)
    token, _ = signer.issue(Kind.API_KEY, _perms(_cache_perm(pb.CacheReadOnly)), expires_at=None)
    super_user = base64.urlsafe_b64encode(pb.Permissions(super_user=pb.SuperUser).SerializeToString()).decode()
    other, _ = TokenSigner("another-secret-that-is-32-bytes-long").issue(
        Kind.API_KEY, pb.Permissions(super_user=pb.SuperUser), expires_at=None
    )
    unsigned = jwt.encode({"iss": "momento-web-emulator", "k": "key", "jti": "x", "p": super_user}, None, "none")
    wrong_issuer = jwt.encode({"iss": "elsewhere", "k": "key", "jti": "x", "p": super_user}, SECRET, "HS256")
    bad_claims = jwt.encode({"iss": "momento-web-emulator", "k": "key", "jti": 5, "p": "%%"}, SECRET, "HS256")
    for bad in [
        _forge(token, p=super_user),
        other,
        unsigned,
        wrong_issuer,
        bad_claims,
        "garbage",
        "a.b.c",
        token[:-3],
        "",
        "\x00\xff",
    ]:
        with pytest.raises(InvalidToken):
            signer.verify(bad)


def test_signing_secret_must_be_long_enough() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        TokenSigner("short")
    assert "secret" in repr(TokenSigner(SECRET))
    assert SECRET not in repr(TokenSigner(SECRET))


def test_a_rejected_credential_is_logged_by_its_length_only(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    forged, _ = TokenSigner("another-secret-that-is-32-bytes-long", clock=clock).issue(
        Kind.DISPOSABLE, _perms(_cache_perm(pb.CacheReadOnly)), expires_at=clock.now + 5
    )
    authenticator = StrictAuthenticator(TokenSigner(SECRET, clock=clock), needs_credential=needs_credential)
    with caplog.at_level(logging.DEBUG, logger="momento_web_emulator.auth"), pytest.raises(GrpcError) as info:
        authenticator.authenticate(forged, "/cache_client.Scs/Get")
    assert info.value.code is StatusCode.UNAUTHENTICATED
    assert forged not in info.value.details
    (record,) = [r for r in caplog.records if r.name == "momento_web_emulator.auth"]
    assert f"<{len(forged)} chars>" in record.getMessage()
    assert forged not in caplog.text
    assert mask_token(None) == mask_token("") == "<none>"


def test_strict_authenticator() -> None:
    clock = Clock()
    signer = TokenSigner(SECRET, clock=clock)
    authenticator = StrictAuthenticator(signer, needs_credential=needs_credential)
    token, _ = signer.issue(Kind.DISPOSABLE, _perms(_cache_perm(pb.CacheReadOnly)), expires_at=clock.now + 5)
    refresh, _ = signer.issue(Kind.REFRESH, _perms(_cache_perm(pb.CacheReadOnly)), expires_at=None, refreshes="x")
    principal = authenticator.authenticate(token, "/cache_client.Scs/Get")
    assert principal.disposable
    assert not principal.super_user
    assert authenticator.authenticate(f"Bearer {token}", "/cache_client.Scs/Get") == principal
    for missing in (None, "", "  "):
        with pytest.raises(GrpcError) as raised:
            authenticator.authenticate(missing, "/cache_client.Scs/Get")
        assert raised.value.code is StatusCode.UNAUTHENTICATED
    with pytest.raises(GrpcError, match="refresh token"):
        authenticator.authenticate(refresh, "/cache_client.Scs/Get")
    # No header needed (and none checked) where the protocol sends none.
    for path in ("/cache_client.Ping/Ping", "/token.Token/GenerateDisposableToken", "/auth.Auth/RefreshApiToken"):
        assert authenticator.authenticate(None, path) is NOBODY
    clock.advance(5)  # the verified token is cached, but its expiry still applies
    with pytest.raises(GrpcError) as raised:
        authenticator.authenticate(token, "/cache_client.Scs/Get")
    assert raised.value.code is StatusCode.UNAUTHENTICATED
    assert "expired" in raised.value.details


# --- the enforcement table ------------------------------------------------------------------------------------

# Every method the .proto files declare: only google.protobuf's descriptors list services (our _messages leave
# them out), so the oracle package is the reference here.
SERVICES: list[tuple[FileDescriptor, str, str]] = [
    (cacheclient_pb2.DESCRIPTOR, "Scs", "/cache_client.Scs/"),
    (cacheping_pb2.DESCRIPTOR, "Ping", "/cache_client.Ping/"),
    (cachepubsub_pb2.DESCRIPTOR, "Pubsub", "/cache_client.pubsub.Pubsub/"),
    (controlclient_pb2.DESCRIPTOR, "ScsControl", "/control_client.ScsControl/"),
    (auth_pb2.DESCRIPTOR, "Auth", "/auth.Auth/"),
    (token_pb2.DESCRIPTOR, "Token", "/token.Token/"),
    (leaderboard_pb2.DESCRIPTOR, "Leaderboard", "/leaderboard.Leaderboard/"),
    (webhook_pb2.DESCRIPTOR, "Webhook", "/webhook.Webhook/"),
]


def test_every_rpc_of_every_service_has_a_rule_and_key_fields_exist() -> None:
    scs = cacheclient_pb2.DESCRIPTOR.services_by_name["Scs"]
    assert len(scs.methods) == 47
    for file, service, prefix in SERVICES:
        for method in file.services_by_name[service].methods:
            rule = TABLE.get(prefix + method.name)
            assert rule is not None, prefix + method.name
            if isinstance(rule, CacheItems):
                for name in rule.fields:
                    assert name in method.input_type.fields_by_name, (method.name, name)
    assert all(isinstance(TABLE[f"/cache_client.Scs/{method.name}"], CacheItems) for method in scs.methods)


def test_every_served_rpc_has_a_rule() -> None:
    issuer = TokenIssuer.create(strict=True, endpoint=URL, secret=SECRET)
    paths = [rpc.path for rpc in build_rpcs(Store(), issuer=issuer)]
    assert "/token.Token/GenerateDisposableToken" in paths
    assert [path for path in paths if path not in TABLE] == []


def _ctx(path: str, principal: Principal, cache: str | None = "a") -> CallContext:
    return CallContext(path, {} if cache is None else {"cache": cache}, principal)


def _scoped(*entries: PT) -> Principal:
    return Principal(name="test", grants=_grants(*entries))


def _denied(path: str, principal: Principal, request: Message, cache: str | None = "a") -> bool:
    try:
        authorize(_ctx(path, principal, cache), request)
    except GrpcError as error:
        if error.code is not StatusCode.PERMISSION_DENIED:
            raise  # any other refusal fails the test, with its status
        return True
    return False


def test_authorize_conditional_multi_key_and_union_store() -> None:
    write_only = _scoped(_cache_perm(pb.CacheWriteOnly, prefix=b"k"))
    scs = "/cache_client.Scs/"
    overwrite = cacheclient._UpdateTtlRequest(cache_key=b"k1", overwrite_to_milliseconds=5)
    increase = cacheclient._UpdateTtlRequest(cache_key=b"k1", increase_to_milliseconds=5)
    assert not _denied(scs + "UpdateTtl", write_only, overwrite)
    assert _denied(scs + "UpdateTtl", write_only, increase)
    assert _denied(scs + "SetIfNotExists", write_only, cacheclient._SetIfNotExistsRequest(cache_key=b"k1"))
    assert not _denied(scs + "ListPushBack", write_only, cacheclient._ListPushBackRequest(list_name=b"k-list"))
    assert _denied(scs + "ListFetch", write_only, cacheclient._ListFetchRequest(list_name=b"k-list"))

    read_write = _scoped(_cache_perm(pb.CacheReadWrite, key=b"k1"), _cache_perm(pb.CacheReadOnly, key=b"k2"))
    batch = cacheclient._GetBatchRequest(items=[cacheclient._GetRequest(cache_key=key) for key in (b"k1", b"k2")])
    assert not _denied(scs + "GetBatch", read_write, batch)
    batch.items.append(cacheclient._GetRequest(cache_key=b"k3"))
    assert _denied(scs + "GetBatch", read_write, batch)
    set_batch = cacheclient._SetBatchRequest(items=[cacheclient._SetRequest(cache_key=b"k2")])
    assert _denied(scs + "SetBatch", read_write, set_batch)
    assert not _denied(scs + "KeysExist", read_write, cacheclient._KeysExistRequest(cache_keys=[b"k1", b"k2"]))
    assert not _denied(scs + "GetBatch", read_write, cacheclient._GetBatchRequest())  # reads *something* in "a"
    assert _denied(scs + "GetBatch", read_write, cacheclient._GetBatchRequest(), cache="b")

    source = cacheclient._SortedSetUnionStoreRequest._Source
    union = cacheclient._SortedSetUnionStoreRequest(set_name=b"k1", sources=[source(set_name=b"k2")])
    assert not _denied(scs + "SortedSetUnionStore", read_write, union)
    union.sources.append(source(set_name=b"secret"))
    assert _denied(scs + "SortedSetUnionStore", read_write, union)


def test_authorize_topics_control_ping_and_missing_cache_header() -> None:
    subscriber = _scoped(_topic_perm(pb.TopicReadOnly, topic="t"))
    publish = cachepubsub._PublishRequest(cache_name="a", topic="t")
    subscribe = cachepubsub._SubscriptionRequest(cache_name="a", topic="t")
    assert _denied("/cache_client.pubsub.Pubsub/Publish", subscriber, publish)
    assert not _denied("/cache_client.pubsub.Pubsub/Subscribe", subscriber, subscribe)
    assert _denied(
        "/cache_client.pubsub.Pubsub/Subscribe",
        subscriber,
        cachepubsub._SubscriptionRequest(cache_name="b", topic="t"),
    )

    everything = _scoped(_cache_perm(pb.CacheReadWrite, cache=None), _topic_perm(pb.TopicReadWrite, None, None))
    assert _denied("/control_client.ScsControl/ListCaches", everything, controlclient._ListCachesRequest())
    assert _denied("/webhook.Webhook/PutWebhook", everything, webhook._PutWebhookRequest())
    assert _denied("/some.Unknown/Method", everything, cacheping._PingRequest())
    assert not _denied("/cache_client.Ping/Ping", NOBODY, cacheping._PingRequest())
    super_user = Principal(name="su", super_user=True)
    assert not _denied("/control_client.ScsControl/ListCaches", super_user, controlclient._ListCachesRequest())
    assert not _denied("/some.Unknown/Method", super_user, cacheping._PingRequest())
    with pytest.raises(GrpcError) as raised:
        authorize(_ctx("/cache_client.Scs/Get", everything, cache=None), cacheclient._GetRequest(cache_key=b"k"))
    assert raised.value.code is StatusCode.INVALID_ARGUMENT


# --- the SDK against a strict emulator, in process ------------------------------------------------------------


@dataclass
class Emulator:
    issuer: TokenIssuer
    clock: Clock
    app: object

    def transport(self) -> HttpxTransport:
        return HttpxTransport(httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app)))  # type: ignore[arg-type]

    def cache(self, credentials: CredentialProvider) -> CacheClientAsync:
        config = Configurations.Laptop.latest().with_transport_factory(self.transport)
        return CacheClientAsync(config, credentials, timedelta(seconds=60))

    def auth(self, credentials: CredentialProvider) -> AuthClientAsync:
        return AuthClientAsync(AuthConfigurations.Laptop.latest().with_transport_factory(self.transport), credentials)

    def channel(self) -> GrpcWebChannel:
        return GrpcWebChannel(URL, self.transport())

    @property
    def super_user(self) -> CredentialProvider:
        return CredentialProvider.from_disposable_token(self.issuer.super_user_key())


@pytest.fixture
async def emulator() -> Emulator:
    clock = Clock()
    issuer = TokenIssuer.create(strict=True, endpoint=URL, secret=SECRET, clock=clock)
    emulator = Emulator(issuer, clock, create_app(EmulatorSettings(auth=True), issuer=issuer))
    async with emulator.cache(emulator.super_user) as admin:
        for name in ("a", "b"):
            assert await admin.create_cache(name) == CreateCache.Success()
    return emulator


async def _mint(
    emulator: Emulator, credentials: CredentialProvider, scope: object, expires_in: ExpiresIn = FIVE_MINUTES
) -> GenerateDisposableToken.Success:
    async with emulator.auth(credentials) as auth:
        minted = await auth.generate_disposable_token(scope, expires_in)  # type: ignore[arg-type]
    assert isinstance(minted, GenerateDisposableToken.Success), minted
    return minted


async def test_minted_token_round_trips_and_expires(emulator: Emulator) -> None:
    minted = await _mint(emulator, emulator.super_user, DisposableTokenScopes.cache_key_read_write("a", "k1"))
    assert minted.endpoint == URL
    assert minted.expires_at.epoch() == int(emulator.clock.now) + 300
    credentials = CredentialProvider.from_disposable_token(minted.auth_token)  # no further configuration
    async with emulator.cache(credentials) as client:
        assert await client.set("a", "k1", "v") == CacheSet.Success()
        assert await client.get("a", "k1") == CacheGet.Hit(b"v")
        denied = await client.get("a", "k2")
        assert isinstance(denied, CacheGet.Error)
        assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR
        emulator.clock.advance(300)
        expired = await client.get("a", "k1")
        assert isinstance(expired, CacheGet.Error)
        assert expired.error_code is MomentoErrorCode.AUTHENTICATION_ERROR


async def test_strict_mode_rejects_missing_and_bad_credentials_but_not_ping(emulator: Emulator) -> None:
    other = TokenIssuer.create(strict=True, endpoint=URL, secret="x" * 40)
    providers = [
        CredentialProvider.for_momento_local("emulator", 80),  # no authorization header at all
        CredentialProvider.from_disposable_token(other.super_user_key()),
        CredentialProvider.from_disposable_token(credential_string(URL, "garbage")),
    ]
    for credentials in providers:
        async with emulator.cache(credentials) as client:
            result = await client.list_caches()
            assert isinstance(result, ListCaches.Error)
            assert result.error_code is MomentoErrorCode.AUTHENTICATION_ERROR
            assert (await client.ping()).__class__.__name__ == "Success"


async def test_minting_rules(emulator: Emulator) -> None:
    async with emulator.auth(emulator.super_user) as admin:
        key = await admin.generate_api_key(PermissionScopes.cache_read_only("a"), ExpiresIn.minutes(10))
        too_big = await admin.generate_disposable_token(PermissionScopes.super_user(), ExpiresIn.minutes(5))
    assert isinstance(key, GenerateApiKey.Success)
    assert key.expires_at.epoch() == int(emulator.clock.now) + 600
    assert isinstance(too_big, GenerateDisposableToken.Error)
    assert too_big.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR  # disposable tokens are never super-users

    read_only_key = CredentialProvider.from_disposable_token(key.api_key)
    async with emulator.auth(read_only_key) as auth:
        narrower = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_only("a", "k1"), ExpiresIn.hours(1)
        )
        wider = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_write("a", "k1"), ExpiresIn.minutes(1)
        )
        other_cache = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_read_only("b"), ExpiresIn.minutes(1)
        )
        all_caches = await auth.generate_api_key(PermissionScopes.cache_read_only(AllCaches()), ExpiresIn.minutes(1))
    assert isinstance(narrower, GenerateDisposableToken.Success)
    # Capped by the minting key, which expires in 10 minutes.
    assert narrower.expires_at.epoch() == key.expires_at.epoch()
    for denied in (wider, other_cache, all_caches):
        assert _code(denied) is MomentoErrorCode.PERMISSION_ERROR, denied

    disposable = CredentialProvider.from_disposable_token(narrower.auth_token)
    async with emulator.auth(disposable) as auth:
        again = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_only("a", "k1"), ExpiresIn.minutes(1)
        )
    assert isinstance(again, GenerateDisposableToken.Error)
    assert again.error_code is MomentoErrorCode.PERMISSION_ERROR

    async with emulator.auth(CredentialProvider.from_disposable_token(credential_string(URL, "forged"))) as auth:
        unauthenticated = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_read_only("a"), ExpiresIn.minutes(1)
        )
    assert _code(unauthenticated) is MomentoErrorCode.AUTHENTICATION_ERROR


async def test_api_keys_refresh_with_the_same_scope_and_lifetime(emulator: Emulator) -> None:
    async with emulator.auth(emulator.super_user) as admin:
        first = await admin.generate_api_key(PermissionScopes.cache_read_write("a"), ExpiresIn.minutes(10))
        other = await admin.generate_api_key(PermissionScopes.cache_read_write("a"), ExpiresIn.minutes(10))
        forever = await admin.generate_api_key(PermissionScopes.cache_read_write("a"), ExpiresIn.never())
    assert isinstance(first, GenerateApiKey.Success)
    assert isinstance(other, GenerateApiKey.Success)
    assert isinstance(forever, GenerateApiKey.Success)
    assert not forever.expires_at.does_expire()
    assert forever.refresh_token == ""  # nothing to refresh, as with Momento
    emulator.clock.advance(120)
    async with emulator.auth(CredentialProvider.from_disposable_token(first.api_key)) as auth:
        mismatched = await auth.refresh_api_key(other.refresh_token)
        refreshed = await auth.refresh_api_key(first.refresh_token)
    assert isinstance(mismatched, RefreshApiKey.Error)
    assert mismatched.error_code is MomentoErrorCode.AUTHENTICATION_ERROR
    assert isinstance(refreshed, RefreshApiKey.Success)
    assert refreshed.expires_at.epoch() == int(emulator.clock.now) + 600
    async with emulator.cache(CredentialProvider.from_disposable_token(refreshed.api_key)) as client:
        assert await client.set("a", "k", "v") == CacheSet.Success()
        denied = await client.get("b", "k")
        assert _code(denied) is MomentoErrorCode.PERMISSION_ERROR
    emulator.clock.advance(600)  # the first key has expired: it can no longer be refreshed
    async with emulator.auth(CredentialProvider.from_disposable_token(first.api_key)) as auth:
        late = await auth.refresh_api_key(first.refresh_token)
    assert _code(late) is MomentoErrorCode.AUTHENTICATION_ERROR


@pytest.mark.parametrize(
    ("request_message", "details"),
    [
        (DISPOSABLE(), "must have an expiry"),
        (DISPOSABLE(expires=EXPIRES(valid_for_seconds=0)), "must be positive"),
        (DISPOSABLE(expires=EXPIRES(valid_for_seconds=3601)), "within 1 hour"),
        (DISPOSABLE(expires=EXPIRES(valid_for_seconds=60), token_id="x" * 65), "TokenID"),
        (DISPOSABLE(expires=EXPIRES(valid_for_seconds=60)), "Invalid permissions"),
        (
            DISPOSABLE(
                expires=EXPIRES(valid_for_seconds=60),
                permissions=_perms(PT(cache_permissions=PT.CachePermissions(role=1))),
            ),
            "Invalid permissions",
        ),
        (
            DISPOSABLE(
                expires=EXPIRES(valid_for_seconds=60),
                permissions=_perms(_cache_perm(pb.CacheReadOnly), _cache_perm(pb.CacheReadOnly)),
            ),
            "every item of cache 'a' is granted more than once",
        ),
        (
            DISPOSABLE(
                expires=EXPIRES(valid_for_seconds=60),
                permissions=_perms(_topic_perm(pb.TopicReadOnly), _topic_perm(pb.TopicWriteOnly)),
            ),
            "topic 't' of cache 'a' is granted more than once",
        ),
        (
            DISPOSABLE(
                expires=EXPIRES(valid_for_seconds=60),
                permissions=_perms(_cache_perm(pb.CacheReadWrite, key=b"k1"), _cache_perm(pb.CacheReadOnly, key=b"k1")),
            ),
            "item 'k1' of cache 'a' is granted more than once",
        ),
    ],
)
async def test_token_service_validates_requests(
    emulator: Emulator, request_message: token._GenerateDisposableTokenRequest, details: str
) -> None:
    request_message.auth_token = emulator.super_user.get_auth_token()
    with pytest.raises(GrpcError) as raised:
        await emulator.channel().unary(
            "/token.Token/GenerateDisposableToken", request_message, token._GenerateDisposableTokenResponse
        )
    assert raised.value.code is StatusCode.INVALID_ARGUMENT
    assert details in raised.value.details


def test_distinct_targets_may_share_a_cache_or_a_role() -> None:
    distinct = _perms(
        _cache_perm(pb.CacheReadWrite, key=b"k1"),
        _cache_perm(pb.CacheReadWrite, key=b"k2"),
        _cache_perm(pb.CacheReadOnly, prefix=b"k"),
        _cache_perm(pb.CacheReadOnly, cache=None),
        _topic_perm(pb.TopicReadWrite),
        _topic_perm(pb.TopicReadWrite, topic="u"),
    )
    check_distinct(distinct)  # raises nothing
    check_distinct(pb.Permissions(super_user=pb.SuperUser))


async def test_api_keys_with_duplicate_entries_are_invalid_argument(emulator: Emulator) -> None:
    request = auth_pb._GenerateApiTokenRequest(
        never=auth_pb._GenerateApiTokenRequest.Never(),
        auth_token=emulator.super_user.get_auth_token(),
        permissions=_perms(_topic_perm(pb.TopicReadWrite), _topic_perm(pb.TopicReadWrite)),
    )
    with pytest.raises(GrpcError) as raised:
        await emulator.channel().unary("/auth.Auth/GenerateApiToken", request, auth_pb._GenerateApiTokenResponse)
    assert raised.value.code is StatusCode.INVALID_ARGUMENT
    assert "granted more than once" in raised.value.details


async def test_only_the_console_key_mints_super_user_and_all_data_keys(emulator: Emulator) -> None:
    all_data = PermissionScopes.all_data_read_write()
    async with emulator.auth(emulator.super_user) as console:  # the key the emulator printed
        minted_super_user = await console.generate_api_key(PermissionScopes.super_user(), ExpiresIn.never())
        minted_all_data = await console.generate_api_key(all_data, ExpiresIn.never())
    assert isinstance(minted_super_user, GenerateApiKey.Success)
    assert isinstance(minted_all_data, GenerateApiKey.Success)
    for minted in (minted_super_user, minted_all_data):
        async with emulator.auth(CredentialProvider.from_disposable_token(minted.api_key)) as auth:
            super_user = await auth.generate_api_key(PermissionScopes.super_user(), ExpiresIn.minutes(5))
            another_all_data = await auth.generate_api_key(all_data, ExpiresIn.minutes(5))
            narrower_key = await auth.generate_api_key(PermissionScopes.cache_read_write("a"), ExpiresIn.minutes(5))
            token = await auth.generate_disposable_token(DisposableTokenScopes.cache_read_only("a"), FIVE_MINUTES)
        for denied in (super_user, another_all_data):
            assert _code(denied) is MomentoErrorCode.PERMISSION_ERROR, denied
            assert isinstance(denied, GenerateApiKey.Error)
            assert "Insufficient permissions" in denied.message
        assert isinstance(narrower_key, GenerateApiKey.Success)
        assert isinstance(token, GenerateDisposableToken.Success)


async def test_open_mode_mints_for_anyone_and_accepts_anything() -> None:
    issuer = TokenIssuer.create(strict=False, endpoint=URL)
    emulator = Emulator(issuer, Clock(), create_app(EmulatorSettings(), issuer=issuer))
    local = CredentialProvider.for_momento_local("emulator", 80)
    minted = await _mint(emulator, local, DisposableTokenScopes.cache_key_read_only("a", "k"))
    async with emulator.cache(CredentialProvider.from_disposable_token(minted.auth_token)) as client:
        assert await client.create_cache("c") == CreateCache.Success()  # open mode: every credential is a super-user


def test_principals_of_claims() -> None:
    signer = TokenSigner(SECRET)
    token, jti = signer.issue(Kind.API_KEY, pb.Permissions(super_user=pb.SuperUser), expires_at=None)
    principal = principal_of(signer.verify(token))
    assert principal.super_user
    assert not principal.disposable
    assert principal.key_id == jti
    assert jti[:8] in principal.name
    assert permissions_from_scope(PermissionScopes.super_user()).super_user == pb.SuperUser


@pytest.mark.parametrize(
    ("host", "endpoint"),
    [
        ("0.0.0.0", "http://127.0.0.1:8080"),  # noqa: S104  a browser cannot connect to a wildcard address: name loopback
        ("::", "http://[::1]:8080"),
        ("0:0::0", "http://[::1]:8080"),
        ("127.0.0.1", "http://127.0.0.1:8080"),
        ("192.168.1.5", "http://192.168.1.5:8080"),
        ("::1", "http://[::1]:8080"),
        ("emulator.local", "http://emulator.local:8080"),
    ],
)
def test_tokens_name_the_bound_address_but_loopback_for_a_wildcard_one(host: str, endpoint: str) -> None:
    assert default_token_endpoint(host, 8080) == endpoint
    assert issuer_for(EmulatorSettings(host=host)).endpoint == endpoint
    given = EmulatorSettings(host=host, token_endpoint="http://dev-box:8080")
    assert issuer_for(given).endpoint == "http://dev-box:8080"

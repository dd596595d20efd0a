"""Momento's answers where the emulator used to differ, against real emulator processes: SortedSetUnionStore with no
sources, tokens and keys asking for the same target twice (INVALID_ARGUMENT), and the minting policy in strict mode
(super-user and all-data API keys come only from the key printed at start: PERMISSION_DENIED "Insufficient
permissions" for any minted key)."""

from __future__ import annotations

import urllib.parse
import uuid

import grpc
import httpx
import pytest

from momento_web import AuthClientAsync, CredentialProvider
from momento_web._messages import cacheclient as cache_pb
from momento_web._messages import controlclient as control_pb
from momento_web._messages import permissionmessages as permissions_pb
from momento_web._messages import token as token_pb
from momento_web.auth.access_control import DisposableTokenScopes, PermissionScopes
from momento_web.auth.momento_endpoint_resolver import resolve
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import GenerateApiKey, GenerateDisposableToken
from momento_web.utilities import ExpiresIn
from momento_web.wire.grpc_web import ResponseDecoder, Trailers, encode_frame
from tests.conftest import AuthEmulator, LocalServer

TEXT = "application/grpc-web-text"
PT = permissions_pb.PermissionsType


def _web_status(server_url: str, path: str, body: bytes, **headers: str) -> tuple[int, str]:
    """``(grpc-status, grpc-message)`` of a gRPC-web text call, from the trailer frame or a trailers-only reply."""
    reply = httpx.post(
        f"{server_url}{path}",
        content=encode_frame(body, text=True),
        headers={"content-type": TEXT, "x-grpc-web": "1", **headers},
        timeout=10,
    )
    assert reply.status_code == 200
    trailers: dict[str, str] = dict(reply.headers)
    for event in ResponseDecoder(text=True).feed(reply.content):
        if isinstance(event, Trailers):
            trailers = dict(event.metadata)
    return int(trailers["grpc-status"]), urllib.parse.unquote(trailers.get("grpc-message", ""))


def test_union_store_without_sources_is_invalid_argument(emulator: LocalServer) -> None:
    cache = f"union-{uuid.uuid4().hex[:8]}"
    create = control_pb._CreateCacheRequest(cache_name=cache).SerializeToString()
    assert _web_status(emulator.url, "/control_client.ScsControl/CreateCache", create)[0] == 0
    request = cache_pb._SortedSetUnionStoreRequest(set_name=b"dest", ttl_milliseconds=60_000)
    status, message = _web_status(
        emulator.url, "/cache_client.Scs/SortedSetUnionStore", request.SerializeToString(), cache=cache
    )
    assert status == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "at least one source" in message
    with grpc.insecure_channel(f"{emulator.host}:{emulator.port}") as channel:
        union_store = channel.unary_unary("/cache_client.Scs/SortedSetUnionStore")
        with pytest.raises(grpc.RpcError) as raised:
            union_store(request.SerializeToString(), metadata=[("cache", cache)], timeout=10)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def _cache_permission(role: int, cache: str) -> PT:
    return PT(cache_permissions=PT.CachePermissions(role=role, cache_selector=PT.CacheSelector(cache_name=cache)))


def _topic_permission(role: int, cache: str, topic: str) -> PT:
    return PT(
        topic_permissions=PT.TopicPermissions(
            role=role,
            cache_selector=PT.CacheSelector(cache_name=cache),
            topic_selector=PT.TopicSelector(topic_name=topic),
        )
    )


@pytest.mark.parametrize(
    "entries",
    [
        [_cache_permission(permissions_pb.CacheReadOnly, "c"), _cache_permission(permissions_pb.CacheReadOnly, "c")],
        [_cache_permission(permissions_pb.CacheReadOnly, "c"), _cache_permission(permissions_pb.CacheReadWrite, "c")],
        [
            _topic_permission(permissions_pb.TopicReadWrite, "c", "t"),
            _topic_permission(permissions_pb.TopicReadOnly, "c", "t"),
        ],
    ],
    ids=["same cache twice", "one cache with two roles", "one topic with two roles"],
)
def test_tokens_asking_for_a_target_twice_are_invalid_argument(auth_emulator: AuthEmulator, entries: list[PT]) -> None:
    request = token_pb._GenerateDisposableTokenRequest(
        expires=token_pb._GenerateDisposableTokenRequest.Expires(valid_for_seconds=60),
        auth_token=resolve(auth_emulator.super_user_key).auth_token,
        permissions=permissions_pb.Permissions(explicit=permissions_pb.ExplicitPermissions(permissions=entries)),
    )
    status, message = _web_status(
        auth_emulator.url, "/token.Token/GenerateDisposableToken", request.SerializeToString()
    )
    assert status == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "more than once" in message


async def test_only_the_printed_key_mints_super_user_and_all_data_keys(auth_emulator: AuthEmulator) -> None:
    config = AuthConfigurations.Laptop.latest()
    console = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    async with AuthClientAsync(config, console) as auth:
        super_user_key = await auth.generate_api_key(PermissionScopes.super_user(), ExpiresIn.minutes(10))
        all_data_key = await auth.generate_api_key(PermissionScopes.all_data_read_write(), ExpiresIn.minutes(10))
    assert isinstance(super_user_key, GenerateApiKey.Success)
    assert isinstance(all_data_key, GenerateApiKey.Success)
    for minted in (super_user_key, all_data_key):
        async with AuthClientAsync(config, CredentialProvider.from_disposable_token(minted.api_key)) as auth:
            refused = [
                await auth.generate_api_key(PermissionScopes.super_user(), ExpiresIn.minutes(1)),
                await auth.generate_api_key(PermissionScopes.all_data_read_write(), ExpiresIn.minutes(1)),
            ]
            scoped = await auth.generate_disposable_token(
                DisposableTokenScopes.cache_key_read_write("c", "k"), ExpiresIn.minutes(1)
            )
        for response in refused:
            assert isinstance(response, GenerateApiKey.Error)
            assert response.error_code is MomentoErrorCode.PERMISSION_ERROR
            assert "Insufficient permissions" in response.message
        assert isinstance(scoped, GenerateDisposableToken.Success)

"""Scope helpers → ``permission_messages.Permissions``, byte for byte as docs/protocol/permissions.md says, and the
request ``AuthClientAsync`` sends for them (checked against the vector captured from the official SDKs)."""

from __future__ import annotations

import math
import time

import pytest

from momento_web._messages import permissionmessages as pb
from momento_web._messages import token as token_pb2
from momento_web.auth.access_control import (
    AllCacheItems,
    AllCaches,
    AllTopics,
    CacheItemKey,
    CacheItemKeyPrefix,
    CacheName,
    DisposableTokenScope,
    DisposableTokenScopes,
    PermissionScope,
    PermissionScopes,
    TokenScopes,
    TopicName,
)
from momento_web.auth.access_control.disposable_token_scope import (
    CacheItemSelector,
    DisposableTokenCachePermission,
    DisposableTokenCachePermissions,
)
from momento_web.auth.access_control.permission_scope import (
    ALL_DATA_READ_WRITE,
    CacheRole,
    CacheSelector,
    Permissions,
    TopicPermission,
    TopicRole,
    TopicSelector,
)
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.internal.permissions import permissions_from_scope
from momento_web.utilities import ExpiresAt, ExpiresIn

PT = pb.PermissionsType
ALL = PT.All()
CAPTURED_REQUEST = "0a0308ac021a1912170a150a1308011a090a0763616368652d612a040a026b31"


def _explicit(*entries: PT) -> pb.Permissions:
    return pb.Permissions(explicit=pb.ExplicitPermissions(permissions=list(entries)))


def _cache(
    role: int,
    *,
    cache: str | None = "cache-a",
    all_items: PT.All | None = None,
    item_selector: PT.CacheItemSelector | None = None,
) -> PT:
    """Cache permissions; ``cache=None`` is every cache (a None message field is an unset one)."""
    return PT(
        cache_permissions=PT.CachePermissions(
            role=role,
            all_caches=ALL if cache is None else None,
            cache_selector=None if cache is None else PT.CacheSelector(cache_name=cache),
            all_items=all_items,
            item_selector=item_selector,
        )
    )


def _topic(role: int, *, cache: str | None = "cache-a", topic: str | None = "topic-1") -> PT:
    """Topic permissions; ``cache=None`` is every cache, ``topic=None`` every topic."""
    return PT(
        topic_permissions=PT.TopicPermissions(
            role=role,
            all_caches=ALL if cache is None else None,
            cache_selector=None if cache is None else PT.CacheSelector(cache_name=cache),
            all_topics=ALL if topic is None else None,
            topic_selector=None if topic is None else PT.TopicSelector(topic_name=topic),
        )
    )


KEY = PT.CacheItemSelector(key=b"k1")
PREFIX = PT.CacheItemSelector(key_prefix=b"pre-")

SCOPES: list[tuple[str, PermissionScope | DisposableTokenScope, pb.Permissions]] = [
    ("dt.cache_read_write", DisposableTokenScopes.cache_read_write("cache-a"), _explicit(_cache(pb.CacheReadWrite))),
    ("dt.cache_read_only", DisposableTokenScopes.cache_read_only("cache-a"), _explicit(_cache(pb.CacheReadOnly))),
    ("dt.cache_write_only", DisposableTokenScopes.cache_write_only("cache-a"), _explicit(_cache(pb.CacheWriteOnly))),
    ("dt.cache_key_read_write", DisposableTokenScopes.cache_key_read_write("cache-a", "k1"),
     _explicit(_cache(pb.CacheReadWrite, item_selector=KEY))),
    ("dt.cache_key_read_only", DisposableTokenScopes.cache_key_read_only(CacheName("cache-a"), CacheItemKey("k1")),
     _explicit(_cache(pb.CacheReadOnly, item_selector=KEY))),
    ("dt.cache_key_write_only", DisposableTokenScopes.cache_key_write_only("cache-a", b"k1"),
     _explicit(_cache(pb.CacheWriteOnly, item_selector=KEY))),
    ("dt.cache_key_prefix_read_write", DisposableTokenScopes.cache_key_prefix_read_write("cache-a", "pre-"),
     _explicit(_cache(pb.CacheReadWrite, item_selector=PREFIX))),
    ("dt.cache_key_prefix_read_only",
     DisposableTokenScopes.cache_key_prefix_read_only("cache-a", CacheItemKeyPrefix("pre-")),
     _explicit(_cache(pb.CacheReadOnly, item_selector=PREFIX))),
    ("dt.cache_key_prefix_write_only", DisposableTokenScopes.cache_key_prefix_write_only(AllCaches(), "pre-"),
     _explicit(_cache(pb.CacheWriteOnly, cache=None, item_selector=PREFIX))),
    ("dt.topic_publish_subscribe", DisposableTokenScopes.topic_publish_subscribe("cache-a", "topic-1"),
     _explicit(_topic(pb.TopicReadWrite))),
    ("dt.topic_subscribe_only", DisposableTokenScopes.topic_subscribe_only("cache-a", TopicName("topic-1")),
     _explicit(_topic(pb.TopicReadOnly))),
    ("dt.topic_publish_only", DisposableTokenScopes.topic_publish_only(AllCaches(), AllTopics()),
     _explicit(_topic(pb.TopicWriteOnly, cache=None, topic=None))),
    ("ps.cache_read_write", PermissionScopes.cache_read_write(AllCaches()),
     _explicit(_cache(pb.CacheReadWrite, cache=None))),
    ("ps.cache_read_only", PermissionScopes.cache_read_only("cache-a"), _explicit(_cache(pb.CacheReadOnly))),
    ("ps.cache_write_only", PermissionScopes.cache_write_only("cache-a"), _explicit(_cache(pb.CacheWriteOnly))),
    ("ps.topic_publish_subscribe", PermissionScopes.topic_publish_subscribe("cache-a", AllTopics()),
     _explicit(_topic(pb.TopicReadWrite, topic=None))),
    ("ps.topic_subscribe_only", PermissionScopes.topic_subscribe_only("cache-a", "topic-1"),
     _explicit(_topic(pb.TopicReadOnly))),
    ("ps.topic_publish_only", PermissionScopes.topic_publish_only("cache-a", "topic-1"),
     _explicit(_topic(pb.TopicWriteOnly))),
    ("ps.all_data_read_write", PermissionScopes.all_data_read_write(),
     _explicit(_cache(pb.CacheReadWrite, cache=None), _topic(pb.TopicReadWrite, cache=None, topic=None))),
    ("ps.super_user", PermissionScopes.super_user(), pb.Permissions(super_user=pb.SuperUser)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "scope", "expected"), SCOPES, ids=[name for name, _, _ in SCOPES])
def test_every_scope_helper_converts_exactly(
    name: str, scope: PermissionScope | DisposableTokenScope, expected: pb.Permissions
) -> None:
    converted = permissions_from_scope(scope)
    assert converted == expected
    assert converted.SerializeToString() == expected.SerializeToString()


def test_captured_vector_cache_key_read_write_for_300_seconds() -> None:
    request = token_pb2._GenerateDisposableTokenRequest(
        expires=token_pb2._GenerateDisposableTokenRequest.Expires(valid_for_seconds=300),
        permissions=permissions_from_scope(DisposableTokenScopes.cache_key_read_write("cache-a", "k1")),
    )
    assert request.SerializeToString().hex() == CAPTURED_REQUEST


def test_oneof_members_at_their_default_are_still_written() -> None:
    # super_user = SuperUser (0) is a oneof member: present, so encoded as 08 00.
    assert permissions_from_scope(PermissionScopes.super_user()).SerializeToString() == b"\x08\x00"
    # All{} (empty messages) for all caches / all topics: tag + zero length.
    encoded = permissions_from_scope(DisposableTokenScopes.topic_publish_only(AllCaches(), AllTopics()))
    topic = encoded.explicit.permissions[0].topic_permissions
    assert topic.SerializeToString() == bytes([0x08, pb.TopicWriteOnly, 0x12, 0x00, 0x22, 0x00])


def test_all_items_selector_is_written_and_mixed_scopes_keep_their_key_restriction() -> None:
    everything = DisposableTokenCachePermission(
        CacheSelector("cache-a"), CacheRole.READ_ONLY, CacheItemSelector(AllCacheItems())
    )
    keyed = DisposableTokenCachePermission(CacheSelector("cache-a"), CacheRole.READ_WRITE, CacheItemSelector("k1"))
    topic = TopicPermission(TopicRole.SUBSCRIBE_ONLY, CacheSelector("cache-a"), TopicSelector("topic-1"))
    mixed = DisposableTokenScope(Permissions([everything, keyed, topic]))
    assert permissions_from_scope(mixed) == _explicit(
        _cache(pb.CacheReadOnly, all_items=ALL), _cache(pb.CacheReadWrite, item_selector=KEY), _topic(pb.TopicReadOnly)
    )


def test_unicode_and_binary_keys_are_sent_as_bytes() -> None:
    converted = permissions_from_scope(DisposableTokenScopes.cache_key_read_only("cache-a", "ключ"))
    assert converted.explicit.permissions[0].cache_permissions.item_selector.key == "ключ".encode()
    converted = permissions_from_scope(DisposableTokenScopes.cache_key_prefix_read_only("cache-a", b"\x00\xff"))
    assert converted.explicit.permissions[0].cache_permissions.item_selector.key_prefix == b"\x00\xff"


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (DisposableTokenScopes.cache_key_read_write("cache-a", ""), "cache key or key prefix must not be empty"),
        (DisposableTokenScopes.cache_key_prefix_read_only("cache-a", b""), "cache key or key prefix must not be empty"),
        (DisposableTokenScopes.cache_read_write(""), "Cache name must not be empty"),
        (DisposableTokenScopes.topic_publish_only("cache-a", ""), "Topic name must not be empty"),
        (PermissionScope(Permissions([])), "Permissions must have at least one permission"),
        (DisposableTokenScope(DisposableTokenCachePermissions([])), "Permissions must have at least one permission"),
        ("cache_read_write", "Unrecognized permission scope"),
        (PermissionScope(Permissions(["not a permission"])), "Unrecognized permission"),  # type: ignore[list-item]
        (PermissionScopes.cache_read_only(42), "Unrecognized cache selector"),  # type: ignore[arg-type]
    ],
)
def test_invalid_scopes_are_invalid_arguments(scope: object, message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        permissions_from_scope(scope)  # type: ignore[arg-type]
    assert raised.value.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert message in raised.value.message


def test_scope_objects_compare_by_value_and_helpers_are_official_shapes() -> None:
    assert AllCaches() == AllCaches()
    assert PermissionScopes.cache_read_write("a") == PermissionScopes.cache_read_write(CacheSelector("a").cache)
    assert PermissionScopes.all_data_read_write().is_all_data_read_write()
    assert PermissionScope(ALL_DATA_READ_WRITE).is_all_data_read_write()
    assert not PermissionScopes.cache_read_write(AllCaches()).is_all_data_read_write()
    assert TokenScopes is PermissionScopes
    scope = DisposableTokenScopes.cache_key_read_write("cache-a", "k1")
    inner = scope.disposable_token_scope
    assert isinstance(inner, DisposableTokenCachePermissions)
    permission = inner.disposable_token_permissions[0]
    assert (permission.cache_selector, permission.role) == (CacheSelector("cache-a"), CacheRole.READ_WRITE)
    assert permission.cache_item_selector == CacheItemSelector(CacheItemKey("k1"))
    assert not permission.cache_item_selector.is_all_cache_items()
    assert CacheSelector(AllCaches()).is_all_caches()
    assert TopicSelector(AllTopics()).is_all_topics()


def test_expires_in() -> None:
    assert ExpiresIn.seconds(30).valid_for_seconds() == 30
    assert ExpiresIn.minutes(5).valid_for_seconds() == 300
    assert ExpiresIn.hours(1).valid_for_seconds() == 3600
    assert ExpiresIn.days(2).valid_for_seconds() == 172_800
    assert ExpiresIn.seconds(30).does_expire()
    never = ExpiresIn.never()
    assert not never.does_expire()
    assert never == ExpiresIn() == ExpiresIn(math.inf)
    with pytest.raises(ValueError, match="no number of seconds"):
        never.valid_for_seconds()
    assert 3590 <= ExpiresIn.epoch(int(time.time()) + 3600).valid_for_seconds() <= 3600
    with pytest.raises(TypeError):
        ExpiresIn.seconds("30")  # type: ignore[arg-type]


def test_expires_at() -> None:
    assert ExpiresAt.from_epoch(1_700_000_000).epoch() == 1_700_000_000
    assert ExpiresAt.from_epoch(1_700_000_000).does_expire()
    for never in (ExpiresAt(), ExpiresAt.from_epoch(0), ExpiresAt.from_epoch(None)):
        assert not never.does_expire()
        assert never.epoch() == 0
    assert ExpiresAt.from_epoch(0) == ExpiresAt()

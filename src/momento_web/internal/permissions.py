"""Scopes → ``permission_messages.Permissions`` (docs/protocol/permissions.md). Raises InvalidArgumentException
for bad scopes.

Every permission is converted by its own type, so a disposable cache permission keeps its item restriction even
when mixed with topic permissions (the JS web SDK drops it then; docs/protocol/sdk-quirks.md, quirk 6). Oneof
members are always set explicitly (``super_user`` = 0 is still written as ``08 00``, ``All{}`` as ``<tag> 00``).
"""

from __future__ import annotations

from typing import Any

from momento_web._messages import permissionmessages as pb
from momento_web.auth.access_control.disposable_token_scope import (
    CacheItemKey,
    CacheItemKeyPrefix,
    CacheItemSelector,
    DisposableTokenCachePermission,
    DisposableTokenCachePermissions,
    DisposableTokenScope,
)
from momento_web.auth.access_control.permission_scope import (
    CacheName,
    CachePermission,
    CacheRole,
    CacheSelector,
    Permissions,
    PermissionScope,
    SuperUserPermissions,
    TopicName,
    TopicPermission,
    TopicRole,
    TopicSelector,
)
from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service
from momento_web.internal.validation import as_bytes, validate_name

_CACHE_ROLES = {
    CacheRole.READ_WRITE: pb.CacheReadWrite,
    CacheRole.READ_ONLY: pb.CacheReadOnly,
    CacheRole.WRITE_ONLY: pb.CacheWriteOnly,
}
_TOPIC_ROLES = {
    TopicRole.PUBLISH_SUBSCRIBE: pb.TopicReadWrite,
    TopicRole.SUBSCRIBE_ONLY: pb.TopicReadOnly,
    TopicRole.PUBLISH_ONLY: pb.TopicWriteOnly,
}

_ALL = pb.PermissionsType.All()


def _invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.AUTH)


def permissions_from_scope(scope: PermissionScope | DisposableTokenScope) -> pb.Permissions:
    match scope:
        case PermissionScope(permission_scope=SuperUserPermissions()):
            return pb.Permissions(super_user=pb.SuperUser)
        case PermissionScope(permission_scope=Permissions(permissions=entries)):
            pass
        case DisposableTokenScope(disposable_token_scope=Permissions(permissions=entries)):
            pass
        case DisposableTokenScope(disposable_token_scope=DisposableTokenCachePermissions(entries)):
            pass
        case _:
            raise _invalid(f"Unrecognized permission scope: {scope!r}")
    if not isinstance(entries, list | tuple) or not entries:
        raise _invalid("Permissions must have at least one permission")
    return pb.Permissions(explicit=pb.ExplicitPermissions(permissions=[_permission(entry) for entry in entries]))


def _permission(permission: object) -> pb.PermissionsType:
    match permission:
        case CachePermission():  # DisposableTokenCachePermission too
            return pb.PermissionsType(cache_permissions=_cache_permission(permission))
        case TopicPermission():
            return pb.PermissionsType(topic_permissions=_topic_permission(permission))
    raise _invalid(f"Unrecognized permission: {permission!r}")


def _cache_permission(permission: CachePermission) -> pb.PermissionsType.CachePermissions:
    role = _CACHE_ROLES.get(permission.role) if isinstance(permission.role, CacheRole) else None
    if role is None:
        raise _invalid(f"Unrecognized cache role: {permission.role!r}")
    selection = _select_cache(permission.cache_selector)
    if isinstance(permission, DisposableTokenCachePermission):
        selection |= _select_items(permission.cache_item_selector)
    return pb.PermissionsType.CachePermissions(role=role, **selection)


def _topic_permission(permission: TopicPermission) -> pb.PermissionsType.TopicPermissions:
    role = _TOPIC_ROLES.get(permission.role) if isinstance(permission.role, TopicRole) else None
    if role is None:
        raise _invalid(f"Unrecognized topic role: {permission.role!r}")
    return pb.PermissionsType.TopicPermissions(
        role=role, **_select_cache(permission.cache_selector), **_select_topics(permission.topic_selector)
    )


# The selectors return the member of their oneof as keyword arguments of the permission message.


def _select_cache(selector: object) -> dict[str, Any]:
    match selector:
        case CacheSelector(cache=CacheName(name=name) | (str() as name)):
            cache_name = validate_name(name, "Cache", Service.AUTH)
            return {"cache_selector": pb.PermissionsType.CacheSelector(cache_name=cache_name)}
        case CacheSelector() if selector.is_all_caches():
            return {"all_caches": _ALL}
    raise _invalid(f"Unrecognized cache selector: {selector!r}")


def _select_topics(selector: object) -> dict[str, Any]:
    match selector:
        case TopicSelector(topic=TopicName(name=name) | (str() as name)):
            topic_name = validate_name(name, "Topic", Service.AUTH)
            return {"topic_selector": pb.PermissionsType.TopicSelector(topic_name=topic_name)}
        case TopicSelector() if selector.is_all_topics():
            return {"all_topics": _ALL}
    raise _invalid(f"Unrecognized topic selector: {selector!r}")


def _select_items(selector: object) -> dict[str, Any]:
    match selector:
        case CacheItemSelector(cache_item=CacheItemKey(key=key) | (str() as key)):
            return {"item_selector": pb.PermissionsType.CacheItemSelector(key=_key_bytes(key))}
        case CacheItemSelector(cache_item=CacheItemKeyPrefix(key_prefix=prefix)):
            return {"item_selector": pb.PermissionsType.CacheItemSelector(key_prefix=_key_bytes(prefix))}
        case CacheItemSelector() if selector.is_all_cache_items():
            return {"all_items": _ALL}
    raise _invalid(f"Unrecognized cache item selector: {selector!r}")


def _key_bytes(key: object) -> bytes:
    data = as_bytes(key, "key", Service.AUTH)
    if not data:
        raise _invalid("cache key or key prefix must not be empty")
    return data

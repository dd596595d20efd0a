"""Token and API-key scopes (mirrors ``momento.auth.access_control``); see the four modules for the full surface."""

from momento_web.auth.access_control.disposable_token_scope import (
    AllCacheItems,
    CacheItemKey,
    CacheItemKeyPrefix,
    DisposableTokenProps,
    DisposableTokenScope,
)
from momento_web.auth.access_control.disposable_token_scopes import DisposableTokenScopes
from momento_web.auth.access_control.permission_scope import (
    AllCaches,
    AllTopics,
    CacheName,
    CacheRole,
    PermissionScope,
    TopicName,
    TopicRole,
)
from momento_web.auth.access_control.permission_scopes import PermissionScopes, TokenScopes

__all__ = [
    "AllCacheItems",
    "AllCaches",
    "AllTopics",
    "CacheItemKey",
    "CacheItemKeyPrefix",
    "CacheName",
    "CacheRole",
    "DisposableTokenProps",
    "DisposableTokenScope",
    "DisposableTokenScopes",
    "PermissionScope",
    "PermissionScopes",
    "TokenScopes",
    "TopicName",
    "TopicRole",
]

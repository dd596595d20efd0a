"""Ready-made scopes for disposable tokens (mirrors ``momento.auth.access_control.disposable_token_scopes``)."""

from __future__ import annotations

from momento_web.auth.access_control.disposable_token_scope import (
    CacheItemKey,
    CacheItemKeyPrefix,
    CacheItemSelector,
    DisposableTokenCachePermission,
    DisposableTokenCachePermissions,
    DisposableTokenScope,
)
from momento_web.auth.access_control.permission_scope import CacheRole, CacheSelector, TopicRole
from momento_web.auth.access_control.permission_scopes import CacheArg, TopicArg, cache_scope, topic_scope


def _items(cache: CacheArg, item: CacheItemKey | CacheItemKeyPrefix, role: CacheRole) -> DisposableTokenScope:
    permission = DisposableTokenCachePermission(CacheSelector(cache), role, CacheItemSelector(item))
    return DisposableTokenScope(DisposableTokenCachePermissions([permission]))


def _key(key: CacheItemKey | str | bytes) -> CacheItemKey:
    return key if isinstance(key, CacheItemKey) else CacheItemKey(key)


def _prefix(key_prefix: CacheItemKeyPrefix | str | bytes) -> CacheItemKeyPrefix:
    return key_prefix if isinstance(key_prefix, CacheItemKeyPrefix) else CacheItemKeyPrefix(key_prefix)


class DisposableTokenScopes:
    """Each method returns a :class:`DisposableTokenScope` for ``AuthClientAsync.generate_disposable_token``.

    ``cache`` is a name, ``CacheName`` or ``AllCaches()``; ``topic`` a name, ``TopicName`` or ``AllTopics()``;
    keys and prefixes are ``str`` (sent as UTF-8) or ``bytes``.
    """

    @staticmethod
    def cache_read_write(cache: CacheArg) -> DisposableTokenScope:
        return DisposableTokenScope(cache_scope(cache, CacheRole.READ_WRITE))

    @staticmethod
    def cache_read_only(cache: CacheArg) -> DisposableTokenScope:
        return DisposableTokenScope(cache_scope(cache, CacheRole.READ_ONLY))

    @staticmethod
    def cache_write_only(cache: CacheArg) -> DisposableTokenScope:
        return DisposableTokenScope(cache_scope(cache, CacheRole.WRITE_ONLY))

    @staticmethod
    def cache_key_read_write(cache: CacheArg, key: CacheItemKey | str | bytes) -> DisposableTokenScope:
        return _items(cache, _key(key), CacheRole.READ_WRITE)

    @staticmethod
    def cache_key_read_only(cache: CacheArg, key: CacheItemKey | str | bytes) -> DisposableTokenScope:
        return _items(cache, _key(key), CacheRole.READ_ONLY)

    @staticmethod
    def cache_key_write_only(cache: CacheArg, key: CacheItemKey | str | bytes) -> DisposableTokenScope:
        return _items(cache, _key(key), CacheRole.WRITE_ONLY)

    @staticmethod
    def cache_key_prefix_read_write(
        cache: CacheArg, key_prefix: CacheItemKeyPrefix | str | bytes
    ) -> DisposableTokenScope:
        return _items(cache, _prefix(key_prefix), CacheRole.READ_WRITE)

    @staticmethod
    def cache_key_prefix_read_only(
        cache: CacheArg, key_prefix: CacheItemKeyPrefix | str | bytes
    ) -> DisposableTokenScope:
        return _items(cache, _prefix(key_prefix), CacheRole.READ_ONLY)

    @staticmethod
    def cache_key_prefix_write_only(
        cache: CacheArg, key_prefix: CacheItemKeyPrefix | str | bytes
    ) -> DisposableTokenScope:
        return _items(cache, _prefix(key_prefix), CacheRole.WRITE_ONLY)

    @staticmethod
    def topic_publish_subscribe(cache: CacheArg, topic: TopicArg) -> DisposableTokenScope:
        return DisposableTokenScope(topic_scope(cache, topic, TopicRole.PUBLISH_SUBSCRIBE))

    @staticmethod
    def topic_subscribe_only(cache: CacheArg, topic: TopicArg) -> DisposableTokenScope:
        return DisposableTokenScope(topic_scope(cache, topic, TopicRole.SUBSCRIBE_ONLY))

    @staticmethod
    def topic_publish_only(cache: CacheArg, topic: TopicArg) -> DisposableTokenScope:
        return DisposableTokenScope(topic_scope(cache, topic, TopicRole.PUBLISH_ONLY))

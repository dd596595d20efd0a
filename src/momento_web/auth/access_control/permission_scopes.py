"""Ready-made scopes for API keys (mirrors ``momento.auth.access_control.permission_scopes``)."""

from __future__ import annotations

from momento_web.auth.access_control.permission_scope import (
    ALL_DATA_READ_WRITE,
    AllCaches,
    AllTopics,
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

CacheArg = AllCaches | CacheName | str
TopicArg = AllTopics | TopicName | str


def cache_scope(cache: CacheArg, role: CacheRole) -> Permissions:
    return Permissions([CachePermission(CacheSelector(cache), role)])


def topic_scope(cache: CacheArg, topic: TopicArg, role: TopicRole) -> Permissions:
    return Permissions([TopicPermission(role, CacheSelector(cache), TopicSelector(topic))])


class PermissionScopes:
    """Each method returns a :class:`PermissionScope` for ``AuthClientAsync.generate_api_key`` (or a token)."""

    @staticmethod
    def cache_read_write(cache: CacheArg) -> PermissionScope:
        return PermissionScope(cache_scope(cache, CacheRole.READ_WRITE))

    @staticmethod
    def cache_read_only(cache: CacheArg) -> PermissionScope:
        return PermissionScope(cache_scope(cache, CacheRole.READ_ONLY))

    @staticmethod
    def cache_write_only(cache: CacheArg) -> PermissionScope:
        return PermissionScope(cache_scope(cache, CacheRole.WRITE_ONLY))

    @staticmethod
    def topic_publish_subscribe(cache: CacheArg, topic: TopicArg) -> PermissionScope:
        return PermissionScope(topic_scope(cache, topic, TopicRole.PUBLISH_SUBSCRIBE))

    @staticmethod
    def topic_subscribe_only(cache: CacheArg, topic: TopicArg) -> PermissionScope:
        return PermissionScope(topic_scope(cache, topic, TopicRole.SUBSCRIBE_ONLY))

    @staticmethod
    def topic_publish_only(cache: CacheArg, topic: TopicArg) -> PermissionScope:
        return PermissionScope(topic_scope(cache, topic, TopicRole.PUBLISH_ONLY))

    @staticmethod
    def all_data_read_write() -> PermissionScope:
        """Read-write on every cache, publish-subscribe on every topic (the JS SDK's ``AllDataReadWrite``)."""
        return PermissionScope(ALL_DATA_READ_WRITE)

    @staticmethod
    def super_user() -> PermissionScope:
        """Everything, including the control plane and minting (momento-web addition)."""
        return PermissionScope(SuperUserPermissions())


TokenScopes = PermissionScopes  # the JS SDK's older name

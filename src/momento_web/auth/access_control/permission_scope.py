"""What an API key or token may do (mirrors ``momento.auth.access_control.permission_scope``).

A :class:`PermissionScope` is a list of :class:`CachePermission` / :class:`TopicPermission` (a role on some
caches, and for topics on some topics), or a predefined scope. Unlike the official SDK's, these classes are frozen
dataclasses compared by value (``AllCaches() == AllCaches()``). Build them with
:class:`~momento_web.auth.access_control.permission_scopes.PermissionScopes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class AllCaches:
    """Every cache."""


@dataclass(frozen=True)
class AllTopics:
    """Every topic."""


@dataclass(frozen=True)
class PredefinedScope:
    """A scope the service defines by name rather than by a list of permissions."""


@dataclass(frozen=True)
class SuperUserPermissions(PredefinedScope):
    """Everything, control plane included (momento-web exposes it; only a super-user may grant it)."""


class CacheRole(Enum):
    READ_WRITE = "read_write"
    READ_ONLY = "read_only"
    WRITE_ONLY = "write_only"  # writes, but not conditional writes (set_if_not_exists, increase_ttl, ...)


class TopicRole(Enum):
    PUBLISH_SUBSCRIBE = "publish_subscribe"
    SUBSCRIBE_ONLY = "subscribe_only"
    PUBLISH_ONLY = "publish_only"


@dataclass(frozen=True)
class CacheName:
    name: str


@dataclass(frozen=True)
class TopicName:
    name: str


@dataclass(frozen=True)
class CacheSelector:
    cache: CacheName | AllCaches | str

    def is_all_caches(self) -> bool:
        return isinstance(self.cache, AllCaches)


@dataclass(frozen=True)
class TopicSelector:
    topic: TopicName | AllTopics | str

    def is_all_topics(self) -> bool:
        return isinstance(self.topic, AllTopics)


@dataclass(frozen=True)
class CachePermission:
    cache_selector: CacheSelector
    role: CacheRole


@dataclass(frozen=True)
class TopicPermission:
    role: TopicRole
    cache_selector: CacheSelector
    topic_selector: TopicSelector


Permission = CachePermission | TopicPermission


@dataclass(frozen=True)
class Permissions:
    permissions: list[Permission]


ALL_DATA_READ_WRITE = Permissions(
    [
        CachePermission(CacheSelector(AllCaches()), CacheRole.READ_WRITE),
        TopicPermission(TopicRole.PUBLISH_SUBSCRIBE, CacheSelector(AllCaches()), TopicSelector(AllTopics())),
    ]
)


@dataclass(frozen=True)
class PermissionScope:
    permission_scope: Permissions | PredefinedScope

    def is_all_data_read_write(self) -> bool:
        return self.permission_scope == ALL_DATA_READ_WRITE

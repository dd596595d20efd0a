"""A credential's permissions, compiled from ``permission_messages.Permissions`` into quick membership checks.

One :class:`Grant` is one ``PermissionsType`` entry: the actions its role allows, the cache it applies to (None =
all caches) and a :class:`Selector` over the target inside that cache (an item key, a topic name or a function
name, all as bytes). Cache-item and topic actions are disjoint, so one list serves every check. The same
representation answers "may this token do X" (:meth:`Grants.allows`) and "does the caller's scope contain the
scope it asks to mint" (:meth:`Grants.covers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from momento_web._messages import permissionmessages as pb


class Access(Enum):
    READ = "read"
    WRITE = "write"
    CONDITIONAL_WRITE = "conditional write"
    PUBLISH = "publish"
    SUBSCRIBE = "subscribe"
    INVOKE = "invoke"


_CACHE_ACTIONS: dict[int, frozenset[Access]] = {
    pb.CacheReadWrite: frozenset({Access.READ, Access.WRITE, Access.CONDITIONAL_WRITE}),
    pb.CacheReadOnly: frozenset({Access.READ}),
    # The proto: WriteOnly "doesn't allow conditional write APIs (SetIfNotExists, IncreaseTTL etc)".
    pb.CacheWriteOnly: frozenset({Access.WRITE}),
}
_TOPIC_ACTIONS: dict[int, frozenset[Access]] = {
    pb.TopicReadWrite: frozenset({Access.PUBLISH, Access.SUBSCRIBE}),
    pb.TopicReadOnly: frozenset({Access.SUBSCRIBE}),
    pb.TopicWriteOnly: frozenset({Access.PUBLISH}),
}
_FUNCTION_ACTIONS: dict[int, frozenset[Access]] = {pb.FunctionInvoke: frozenset({Access.INVOKE})}
_NOTHING: frozenset[Access] = frozenset()


class InvalidPermissions(ValueError):
    """A ``Permissions`` message that cannot be understood (e.g. a selector with no choice made)."""


@dataclass(frozen=True, slots=True)
class Selector:
    """All targets (both None), exactly one (``exact``) or those starting with ``prefix``."""

    exact: bytes | None = None
    prefix: bytes | None = None

    def matches(self, target: bytes) -> bool:
        if self.exact is not None:
            return target == self.exact
        if self.prefix is not None:
            return target.startswith(self.prefix)
        return True

    def covers(self, other: Selector) -> bool:
        """Every target ``other`` matches is matched by this selector too."""
        if self.exact is not None:
            return other.exact == self.exact
        if self.prefix is None:
            return True
        narrowed = other.exact if other.exact is not None else other.prefix
        return narrowed is not None and narrowed.startswith(self.prefix)


ALL_TARGETS = Selector()


@dataclass(frozen=True, slots=True)
class Grant:
    actions: frozenset[Access]
    cache: str | None  # None: every cache
    target: Selector

    def allows(self, access: Access, cache: str, target: bytes) -> bool:
        return access in self.actions and self.cache in (None, cache) and self.target.matches(target)

    def allows_some(self, access: Access, cache: str) -> bool:
        """Allows ``access`` on at least one target of ``cache``."""
        return access in self.actions and self.cache in (None, cache)

    def covers(self, other: Grant) -> bool:
        return (
            other.actions <= self.actions
            and (self.cache is None or self.cache == other.cache)
            and self.target.covers(other.target)
        )


@dataclass(frozen=True, slots=True)
class Grants:
    """Everything a credential may do. ``super_user`` may do anything, including control-plane calls."""

    super_user: bool = False
    grants: tuple[Grant, ...] = ()

    def allows(self, access: Access, cache: str, target: bytes) -> bool:
        return self.super_user or any(grant.allows(access, cache, target) for grant in self.grants)

    def allows_some(self, access: Access, cache: str) -> bool:
        return self.super_user or any(grant.allows_some(access, cache) for grant in self.grants)

    def covers(self, other: Grants) -> bool:
        """True if everything ``other`` allows is allowed here (each of its grants fits inside one of ours)."""
        if self.super_user:
            return True
        if other.super_user:
            return False
        return all(not wanted.actions or any(own.covers(wanted) for own in self.grants) for wanted in other.grants)

    @staticmethod
    def from_proto(permissions: pb.Permissions) -> Grants:
        """Compile ``permissions``; raises :class:`InvalidPermissions` for a malformed or empty message."""
        kind = permissions.WhichOneof("kind")
        if kind == "super_user":
            if permissions.super_user != pb.SuperUser:
                raise InvalidPermissions(f"unknown super_user value {permissions.super_user}")
            return SUPER_USER
        if kind != "explicit" or not permissions.explicit.permissions:
            raise InvalidPermissions("permissions must be super_user or list at least one explicit permission")
        return Grants(grants=tuple(_grant(entry) for entry in permissions.explicit.permissions))


SUPER_USER = Grants(super_user=True)
NO_GRANTS = Grants()
# Momento's all-data read-write scope: every cache item and every topic of every cache.
ALL_DATA = Grants(
    grants=(
        Grant(_CACHE_ACTIONS[pb.CacheReadWrite], None, ALL_TARGETS),
        Grant(_TOPIC_ACTIONS[pb.TopicReadWrite], None, ALL_TARGETS),
    )
)


def check_distinct(permissions: pb.Permissions) -> None:
    """Raise :class:`InvalidPermissions` if two entries grant the same target (the same cache items, topic or
    function of the same cache), whether with one role twice or with two roles."""
    if permissions.WhichOneof("kind") != "explicit":
        return
    seen: set[tuple[str | None, str | None, Selector]] = set()
    for entry in permissions.explicit.permissions:
        grant = _grant(entry)
        target = (entry.WhichOneof("kind"), grant.cache, grant.target)
        if target in seen:
            raise InvalidPermissions(f"{_describe(*target)} is granted more than once; grant it once, with one role")
        seen.add(target)


def _describe(kind: str | None, cache: str | None, target: Selector) -> str:
    where = "every cache" if cache is None else f"cache {cache!r}"
    noun = {"cache_permissions": "items", "topic_permissions": "topic", "function_permissions": "function"}[str(kind)]
    if target.exact is not None:
        what = f"{'item' if noun == 'items' else noun} {target.exact.decode('utf-8', 'replace')!r}"
    elif target.prefix is not None:
        what = f"{noun} with the prefix {target.prefix.decode('utf-8', 'replace')!r}"
    else:
        what = f"every {'item' if noun == 'items' else noun}"
    return f"{what} of {where}"


def _grant(entry: pb.PermissionsType) -> Grant:
    match entry.WhichOneof("kind"):
        case "cache_permissions":
            cache_permission = entry.cache_permissions
            return Grant(
                _CACHE_ACTIONS.get(cache_permission.role, _NOTHING),
                _cache(cache_permission),
                _item_selector(cache_permission),
            )
        case "topic_permissions":
            topic_permission = entry.topic_permissions
            return Grant(
                _TOPIC_ACTIONS.get(topic_permission.role, _NOTHING),
                _cache(topic_permission),
                _topic_selector(topic_permission),
            )
        case "function_permissions":
            function_permission = entry.function_permissions
            return Grant(
                _FUNCTION_ACTIONS.get(function_permission.role, _NOTHING),
                _cache(function_permission),
                _function_selector(function_permission),
            )
    raise InvalidPermissions("a permission names neither cache, topic nor function permissions")


def _cache(
    permission: pb.PermissionsType.CachePermissions
    | pb.PermissionsType.TopicPermissions
    | pb.PermissionsType.FunctionPermissions,
) -> str | None:
    match permission.WhichOneof("cache"):
        case "all_caches":
            return None
        case "cache_selector" if permission.cache_selector.cache_name:
            return permission.cache_selector.cache_name
    raise InvalidPermissions("a permission must select all caches or name one cache")


def _item_selector(permission: pb.PermissionsType.CachePermissions) -> Selector:
    # No cache_item at all is what the non-disposable scopes produce: every item.
    if permission.WhichOneof("cache_item") != "item_selector":
        return ALL_TARGETS
    item = permission.item_selector
    match item.WhichOneof("kind"):
        case "key" if item.key:
            return Selector(exact=item.key)
        case "key_prefix" if item.key_prefix:
            return Selector(prefix=item.key_prefix)
    raise InvalidPermissions("an item selector must name a non-empty key or key prefix")


def _topic_selector(permission: pb.PermissionsType.TopicPermissions) -> Selector:
    match permission.WhichOneof("topic"):
        case "all_topics":
            return ALL_TARGETS
        case "topic_selector":
            selector = permission.topic_selector
            return _named(selector.WhichOneof("kind"), selector.topic_name, selector.topic_name_prefix, "topic")
    raise InvalidPermissions("a topic permission must select all topics or name one")


def _function_selector(permission: pb.PermissionsType.FunctionPermissions) -> Selector:
    match permission.WhichOneof("function"):
        case "all_functions":
            return ALL_TARGETS
        case "function_selector":
            selector = permission.function_selector
            return _named(
                selector.WhichOneof("kind"), selector.function_name, selector.function_name_prefix, "function"
            )
    raise InvalidPermissions("a function permission must select all functions or name one")


def _named(kind: str | None, name: str, prefix: str, noun: str) -> Selector:
    if kind == f"{noun}_name" and name:
        return Selector(exact=name.encode("utf-8"))
    if kind == f"{noun}_name_prefix" and prefix:
        return Selector(prefix=prefix.encode("utf-8"))
    raise InvalidPermissions(f"a {noun} selector must name a non-empty {noun} or prefix")

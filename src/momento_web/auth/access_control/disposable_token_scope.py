"""Scopes of disposable tokens (mirrors ``momento.auth.access_control.disposable_token_scope``).

On top of :mod:`.permission_scope`, a disposable token's cache permission may be narrowed to one item key or to
the keys starting with a prefix (collections count as items keyed by their name). Build them with
:class:`~momento_web.auth.access_control.disposable_token_scopes.DisposableTokenScopes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.auth.access_control.permission_scope import CachePermission, Permissions


@dataclass(frozen=True)
class AllCacheItems:
    """Every item of the selected caches."""


@dataclass(frozen=True)
class CacheItemKey:
    key: str | bytes


@dataclass(frozen=True)
class CacheItemKeyPrefix:
    key_prefix: str | bytes


@dataclass(frozen=True)
class CacheItemSelector:
    cache_item: CacheItemKey | CacheItemKeyPrefix | AllCacheItems | str

    def is_all_cache_items(self) -> bool:
        return isinstance(self.cache_item, AllCacheItems)


@dataclass(frozen=True)
class DisposableTokenCachePermission(CachePermission):
    """A :class:`CachePermission` limited to the items ``cache_item_selector`` selects."""

    cache_item_selector: CacheItemSelector


@dataclass(frozen=True)
class DisposableTokenCachePermissions:
    disposable_token_permissions: list[DisposableTokenCachePermission]


@dataclass(frozen=True)
class DisposableTokenScope:
    disposable_token_scope: Permissions | DisposableTokenCachePermissions


@dataclass(frozen=True)
class DisposableTokenProps:
    """``token_id`` (at most 64 characters) is reported as ``publisher_id`` on topic items the token publishes."""

    token_id: str | None = None

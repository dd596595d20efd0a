"""Key-level operations of any item type (JS SDK methods): existence, type, remaining TTL, TTL updates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TypeVar

from momento_web._messages import cacheclient as pb
from momento_web.internal.cache_data._base import DataClient, check_count, outcome, unexpected
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes, as_bytes_list, ttl_milliseconds
from momento_web.responses.data.keys import (
    CacheDecreaseTtl,
    CacheDecreaseTtlResponse,
    CacheIncreaseTtl,
    CacheIncreaseTtlResponse,
    CacheItemGetTtl,
    CacheItemGetTtlResponse,
    CacheItemGetType,
    CacheItemGetTypeResponse,
    CacheKeyExists,
    CacheKeyExistsResponse,
    CacheKeysExist,
    CacheKeysExistResponse,
    CacheUpdateTtl,
    CacheUpdateTtlResponse,
    ItemType,
)

R = TypeVar("R")

# By name: the JS SDK's ItemType numbers LIST and SET the other way round.
_ITEM_TYPES = {number: ItemType[name] for name, number in pb._ItemGetTypeResponse.ItemType.items()}


class KeyMethods(DataClient):
    @errors_as_values(CacheKeyExists.Error)
    async def key_exists(self, cache_name: str, key: str | bytes) -> CacheKeyExistsResponse:
        """Whether ``key`` holds an item of any type."""
        cache = self._cache(cache_name)
        exists = await self._keys_exist(cache, [as_bytes(key, "key")])
        return CacheKeyExists.Success(exists[0])

    @errors_as_values(CacheKeysExist.Error)
    async def keys_exist(self, cache_name: str, keys: Iterable[str | bytes]) -> CacheKeysExistResponse:
        """For each of ``keys``, in order, whether it holds an item."""
        cache = self._cache(cache_name)
        key_list = as_bytes_list(keys, "keys")
        return CacheKeysExist.Success(await self._keys_exist(cache, key_list), key_list)

    @errors_as_values(CacheItemGetType.Error)
    async def item_get_type(self, cache_name: str, key: str | bytes) -> CacheItemGetTypeResponse:
        """What kind of item ``key`` holds (``ItemType``), or ``Miss``.
        A transport error is an ``Error`` value (the JS web SDK reads the reply unchecked and throws a TypeError)."""
        cache = self._cache(cache_name)
        request = pb._ItemGetTypeRequest(cache_key=as_bytes(key, "key"))
        found = await self._found(cache, "ItemGetType", request, pb._ItemGetTypeResponse)
        if found is None:
            return CacheItemGetType.Miss()
        item_type = _ITEM_TYPES.get(found.item_type)
        if item_type is None:
            raise unexpected("ItemGetType", f"item type {found.item_type}")
        return CacheItemGetType.Hit(item_type)

    @errors_as_values(CacheItemGetTtl.Error)
    async def item_get_ttl(self, cache_name: str, key: str | bytes) -> CacheItemGetTtlResponse:
        """How long the item at ``key`` has left to live, or ``Miss``.
        A transport error is an ``Error`` value (the JS web SDK reads the reply unchecked and throws a TypeError)."""
        cache = self._cache(cache_name)
        request = pb._ItemGetTtlRequest(cache_key=as_bytes(key, "key"))
        found = await self._found(cache, "ItemGetTtl", request, pb._ItemGetTtlResponse)
        if found is None:
            return CacheItemGetTtl.Miss()
        return CacheItemGetTtl.Hit(timedelta(milliseconds=found.remaining_ttl_millis))

    @errors_as_values(CacheUpdateTtl.Error)
    async def update_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheUpdateTtlResponse:
        """Give the item at ``key`` a new TTL, counted from now (``ttl`` must be positive)."""
        result = await self._update_ttl(cache_name, key, ttl, "overwrite_to_milliseconds")
        variants = {"set": CacheUpdateTtl.Set, "missing": CacheUpdateTtl.Miss}
        return _pick(variants, result)

    @errors_as_values(CacheIncreaseTtl.Error)
    async def increase_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheIncreaseTtlResponse:
        """Set the TTL of the item at ``key`` to ``ttl`` only if that lengthens it (else ``NotSet``)."""
        result = await self._update_ttl(cache_name, key, ttl, "increase_to_milliseconds")
        variants = {"set": CacheIncreaseTtl.Set, "not_set": CacheIncreaseTtl.NotSet, "missing": CacheIncreaseTtl.Miss}
        return _pick(variants, result)

    @errors_as_values(CacheDecreaseTtl.Error)
    async def decrease_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheDecreaseTtlResponse:
        """Set the TTL of the item at ``key`` to ``ttl`` only if that shortens it (else ``NotSet``)."""
        result = await self._update_ttl(cache_name, key, ttl, "decrease_to_milliseconds")
        variants = {"set": CacheDecreaseTtl.Set, "not_set": CacheDecreaseTtl.NotSet, "missing": CacheDecreaseTtl.Miss}
        return _pick(variants, result)

    async def _keys_exist(self, cache: str, keys: list[bytes]) -> list[bool]:
        reply = await self._send(cache, "KeysExist", pb._KeysExistRequest(cache_keys=keys), pb._KeysExistResponse)
        check_count("KeysExist", reply.exists, keys)
        return list(reply.exists)

    async def _update_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta, change: str) -> str:
        """``UpdateTtl`` setting its ``change`` member to ``ttl``; which result the server chose."""
        cache, key_bytes = self._cache(cache_name), as_bytes(key, "key")
        request = pb._UpdateTtlRequest(cache_key=key_bytes, **{change: ttl_milliseconds(ttl)})
        reply = await self._send(cache, "UpdateTtl", request, pb._UpdateTtlResponse)
        return outcome(reply, "UpdateTtl", "set", "not_set", "missing")


def _pick(variants: Mapping[str, Callable[[], R]], result: str) -> R:
    variant = variants.get(result)
    if variant is None:
        raise unexpected("UpdateTtl", result)
    return variant()

"""Key-level operations of any item type (JS SDK methods): existence, type, remaining TTL, TTL updates."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.internal.cache_data._base import DataClient, check_count, outcome, unexpected
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes, as_bytes_list, ttl_milliseconds

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.keys import (
        CacheDecreaseTtlResponse,
        CacheIncreaseTtlResponse,
        CacheItemGetTtlResponse,
        CacheItemGetTypeResponse,
        CacheKeyExistsResponse,
        CacheKeysExistResponse,
        CacheUpdateTtlResponse,
        ItemType,
    )

R = TypeVar("R")


class KeyMethods(DataClient):
    @errors_as_values()
    async def key_exists(self, cache_name: str, key: str | bytes) -> CacheKeyExistsResponse:
        """Whether ``key`` holds an item of any type."""
        cache = self._cache(cache_name)
        exists = await self._keys_exist(cache, [as_bytes(key, "key")])
        return responses.CacheKeyExists.Success(exists[0])

    @errors_as_values()
    async def keys_exist(self, cache_name: str, keys: Iterable[str | bytes]) -> CacheKeysExistResponse:
        """For each of ``keys``, in order, whether it holds an item."""
        cache = self._cache(cache_name)
        key_list = as_bytes_list(keys, "keys")
        return responses.CacheKeysExist.Success(await self._keys_exist(cache, key_list), key_list)

    @errors_as_values()
    async def item_get_type(self, cache_name: str, key: str | bytes) -> CacheItemGetTypeResponse:
        """What kind of item ``key`` holds (``ItemType``), or ``Miss``.
        A transport error is an ``Error`` value (the JS web SDK reads the reply unchecked and throws a TypeError)."""
        cache = self._cache(cache_name)
        request = pb._ItemGetTypeRequest(cache_key=as_bytes(key, "key"))
        found = await self._found(cache, "ItemGetType", request, pb._ItemGetTypeResponse)
        if found is None:
            return responses.CacheItemGetType.Miss()
        item_type = _item_types().get(found.item_type)
        if item_type is None:
            raise unexpected("ItemGetType", f"item type {found.item_type}")
        return responses.CacheItemGetType.Hit(item_type)

    @errors_as_values()
    async def item_get_ttl(self, cache_name: str, key: str | bytes) -> CacheItemGetTtlResponse:
        """How long the item at ``key`` has left to live, or ``Miss``.
        A transport error is an ``Error`` value (the JS web SDK reads the reply unchecked and throws a TypeError)."""
        cache = self._cache(cache_name)
        request = pb._ItemGetTtlRequest(cache_key=as_bytes(key, "key"))
        found = await self._found(cache, "ItemGetTtl", request, pb._ItemGetTtlResponse)
        if found is None:
            return responses.CacheItemGetTtl.Miss()
        return responses.CacheItemGetTtl.Hit(timedelta(milliseconds=found.remaining_ttl_millis))

    @errors_as_values()
    async def update_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheUpdateTtlResponse:
        """Give the item at ``key`` a new TTL, counted from now (``ttl`` must be positive)."""
        result = await self._update_ttl(cache_name, key, ttl, "overwrite_to_milliseconds")
        variants = {"set": responses.CacheUpdateTtl.Set, "missing": responses.CacheUpdateTtl.Miss}
        return _pick(variants, result)

    @errors_as_values()
    async def increase_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheIncreaseTtlResponse:
        """Set the TTL of the item at ``key`` to ``ttl`` only if that lengthens it (else ``NotSet``)."""
        result = await self._update_ttl(cache_name, key, ttl, "increase_to_milliseconds")
        variants = {
            "set": responses.CacheIncreaseTtl.Set,
            "not_set": responses.CacheIncreaseTtl.NotSet,
            "missing": responses.CacheIncreaseTtl.Miss,
        }
        return _pick(variants, result)

    @errors_as_values()
    async def decrease_ttl(self, cache_name: str, key: str | bytes, ttl: timedelta) -> CacheDecreaseTtlResponse:
        """Set the TTL of the item at ``key`` to ``ttl`` only if that shortens it (else ``NotSet``)."""
        result = await self._update_ttl(cache_name, key, ttl, "decrease_to_milliseconds")
        variants = {
            "set": responses.CacheDecreaseTtl.Set,
            "not_set": responses.CacheDecreaseTtl.NotSet,
            "missing": responses.CacheDecreaseTtl.Miss,
        }
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


@functools.cache
def _item_types() -> dict[int, ItemType]:
    """The wire's item type numbers to ``ItemType``, on first use (as the response module is)."""
    # By name: the JS SDK's ItemType numbers LIST and SET the other way round.
    return {number: responses.ItemType[name] for name, number in pb._ItemGetTypeResponse.ItemType.items()}


def _pick(variants: Mapping[str, Callable[[], R]], result: str) -> R:
    variant = variants.get(result)
    if variant is None:
        raise unexpected("UpdateTtl", result)
    return variant()

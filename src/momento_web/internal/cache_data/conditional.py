"""Conditional writes (JS SDK methods): ``set_if_*`` compare the stored value, the hash family compares the
server's hash of it. Conditions that compare values fail with FAILED_PRECONDITION_ERROR on a collection."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web._messages import common as common
from momento_web.internal.cache_data._base import DataClient, outcome
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.conditional import (
        CacheGetWithHashResponse,
        CacheSetIfAbsentOrEqualResponse,
        CacheSetIfAbsentOrHashEqualResponse,
        CacheSetIfAbsentOrHashNotEqualResponse,
        CacheSetIfAbsentResponse,
        CacheSetIfEqualResponse,
        CacheSetIfNotEqualResponse,
        CacheSetIfPresentAndHashEqualResponse,
        CacheSetIfPresentAndHashNotEqualResponse,
        CacheSetIfPresentAndNotEqualResponse,
        CacheSetIfPresentResponse,
        CacheSetWithHashResponse,
    )

Key = str | bytes


class ConditionalMethods(DataClient):
    # --- SetIf: conditions on the stored value ---------------------------------------------------------------

    @errors_as_values()
    async def set_if_absent(
        self, cache_name: str, key: Key, value: Key, ttl: timedelta | None = None
    ) -> CacheSetIfAbsentResponse:
        """Store ``value`` only if ``key`` holds no item."""
        cache = self._cache(cache_name)
        stored = await self._set_if(cache, key, value, ttl, absent=common.Absent())
        return responses.CacheSetIfAbsent.Stored() if stored else responses.CacheSetIfAbsent.NotStored()

    @errors_as_values()
    async def set_if_present(
        self, cache_name: str, key: Key, value: Key, ttl: timedelta | None = None
    ) -> CacheSetIfPresentResponse:
        """Store ``value`` only if ``key`` holds an item (of any type)."""
        cache = self._cache(cache_name)
        stored = await self._set_if(cache, key, value, ttl, present=common.Present())
        return responses.CacheSetIfPresent.Stored() if stored else responses.CacheSetIfPresent.NotStored()

    @errors_as_values()
    async def set_if_equal(
        self, cache_name: str, key: Key, value: Key, equal: Key, ttl: timedelta | None = None
    ) -> CacheSetIfEqualResponse:
        """Store ``value`` only if ``key`` holds exactly ``equal``."""
        cache = self._cache(cache_name)
        condition = common.Equal(value_to_check=as_bytes(equal, "equal"))
        stored = await self._set_if(cache, key, value, ttl, equal=condition)
        return responses.CacheSetIfEqual.Stored() if stored else responses.CacheSetIfEqual.NotStored()

    @errors_as_values()
    async def set_if_not_equal(
        self, cache_name: str, key: Key, value: Key, not_equal: Key, ttl: timedelta | None = None
    ) -> CacheSetIfNotEqualResponse:
        """Store ``value`` unless ``key`` holds exactly ``not_equal`` (an absent key is stored)."""
        cache = self._cache(cache_name)
        condition = common.NotEqual(value_to_check=as_bytes(not_equal, "not_equal"))
        stored = await self._set_if(cache, key, value, ttl, not_equal=condition)
        return responses.CacheSetIfNotEqual.Stored() if stored else responses.CacheSetIfNotEqual.NotStored()

    @errors_as_values()
    async def set_if_present_and_not_equal(
        self, cache_name: str, key: Key, value: Key, not_equal: Key, ttl: timedelta | None = None
    ) -> CacheSetIfPresentAndNotEqualResponse:
        """Store ``value`` only if ``key`` holds a value other than ``not_equal``."""
        cache = self._cache(cache_name)
        condition = common.PresentAndNotEqual(value_to_check=as_bytes(not_equal, "not_equal"))
        stored = await self._set_if(cache, key, value, ttl, present_and_not_equal=condition)
        return (
            responses.CacheSetIfPresentAndNotEqual.Stored()
            if stored
            else responses.CacheSetIfPresentAndNotEqual.NotStored()
        )

    @errors_as_values()
    async def set_if_absent_or_equal(
        self, cache_name: str, key: Key, value: Key, equal: Key, ttl: timedelta | None = None
    ) -> CacheSetIfAbsentOrEqualResponse:
        """Store ``value`` if ``key`` holds no item or exactly ``equal``."""
        cache = self._cache(cache_name)
        condition = common.AbsentOrEqual(value_to_check=as_bytes(equal, "equal"))
        stored = await self._set_if(cache, key, value, ttl, absent_or_equal=condition)
        return responses.CacheSetIfAbsentOrEqual.Stored() if stored else responses.CacheSetIfAbsentOrEqual.NotStored()

    # --- hashes ----------------------------------------------------------------------------------------------

    @errors_as_values()
    async def get_with_hash(self, cache_name: str, key: Key) -> CacheGetWithHashResponse:
        """The value at ``key`` and the server's hash of it, for the hash-conditional writes.

        Unlike the JS SDK, an empty value is a ``Hit`` (the hash is never empty).
        """
        cache = self._cache(cache_name)
        request = pb._GetWithHashRequest(cache_key=as_bytes(key, "key"))
        found = await self._found(cache, "GetWithHash", request, pb._GetWithHashResponse)
        return (
            responses.CacheGetWithHash.Miss()
            if found is None
            else responses.CacheGetWithHash.Hit(found.value, found.hash)
        )

    @errors_as_values()
    async def set_with_hash(
        self, cache_name: str, key: Key, value: Key, ttl: timedelta | None = None
    ) -> CacheSetWithHashResponse:
        """Store ``value`` unconditionally and return its hash. A zero ``ttl`` is rejected (the JS SDK reads it
        as "use the default")."""
        cache = self._cache(cache_name)
        new_hash = await self._set_if_hash(cache, key, value, ttl, unconditional=common.Unconditional())
        return (
            responses.CacheSetWithHash.NotStored() if new_hash is None else responses.CacheSetWithHash.Stored(new_hash)
        )

    @errors_as_values()
    async def set_if_present_and_hash_equal(
        self, cache_name: str, key: Key, value: Key, hash_equal: bytes, ttl: timedelta | None = None
    ) -> CacheSetIfPresentAndHashEqualResponse:
        """Store ``value`` only if ``key`` holds a value whose hash is ``hash_equal``."""
        cache = self._cache(cache_name)
        condition = common.PresentAndHashEqual(hash_to_check=as_bytes(hash_equal, "hash_equal"))
        new_hash = await self._set_if_hash(cache, key, value, ttl, present_and_hash_equal=condition)
        if new_hash is None:
            return responses.CacheSetIfPresentAndHashEqual.NotStored()
        return responses.CacheSetIfPresentAndHashEqual.Stored(new_hash)

    @errors_as_values()
    async def set_if_present_and_hash_not_equal(
        self, cache_name: str, key: Key, value: Key, hash_not_equal: bytes, ttl: timedelta | None = None
    ) -> CacheSetIfPresentAndHashNotEqualResponse:
        """Store ``value`` only if ``key`` holds a value whose hash is not ``hash_not_equal``."""
        cache = self._cache(cache_name)
        condition = common.PresentAndNotHashEqual(hash_to_check=as_bytes(hash_not_equal, "hash_not_equal"))
        new_hash = await self._set_if_hash(cache, key, value, ttl, present_and_not_hash_equal=condition)
        if new_hash is None:
            return responses.CacheSetIfPresentAndHashNotEqual.NotStored()
        return responses.CacheSetIfPresentAndHashNotEqual.Stored(new_hash)

    @errors_as_values()
    async def set_if_absent_or_hash_equal(
        self, cache_name: str, key: Key, value: Key, hash_equal: bytes, ttl: timedelta | None = None
    ) -> CacheSetIfAbsentOrHashEqualResponse:
        """Store ``value`` if ``key`` holds no item, or a value whose hash is ``hash_equal``."""
        cache = self._cache(cache_name)
        condition = common.AbsentOrHashEqual(hash_to_check=as_bytes(hash_equal, "hash_equal"))
        new_hash = await self._set_if_hash(cache, key, value, ttl, absent_or_hash_equal=condition)
        if new_hash is None:
            return responses.CacheSetIfAbsentOrHashEqual.NotStored()
        return responses.CacheSetIfAbsentOrHashEqual.Stored(new_hash)

    @errors_as_values()
    async def set_if_absent_or_hash_not_equal(
        self, cache_name: str, key: Key, value: Key, hash_not_equal: bytes, ttl: timedelta | None = None
    ) -> CacheSetIfAbsentOrHashNotEqualResponse:
        """Store ``value`` if ``key`` holds no item, or a value whose hash is not ``hash_not_equal``."""
        cache = self._cache(cache_name)
        condition = common.AbsentOrNotHashEqual(hash_to_check=as_bytes(hash_not_equal, "hash_not_equal"))
        new_hash = await self._set_if_hash(cache, key, value, ttl, absent_or_not_hash_equal=condition)
        if new_hash is None:
            return responses.CacheSetIfAbsentOrHashNotEqual.NotStored()
        return responses.CacheSetIfAbsentOrHashNotEqual.Stored(new_hash)

    # --- shared paths ----------------------------------------------------------------------------------------

    async def _set_if(self, cache: str, key: Key, value: Key, ttl: timedelta | None, **condition: Any) -> bool:
        """``SetIf`` with one ``condition`` member; True if the value was stored. ``cache`` is checked already."""
        ttl_ms = self._ttl(ttl)
        request = pb._SetIfRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=ttl_ms,
            **condition,
        )  # fmt: skip
        reply = await self._send(cache, "SetIf", request, pb._SetIfResponse)
        return outcome(reply, "SetIf", "stored", "not_stored") == "stored"

    async def _set_if_hash(
        self, cache: str, key: Key, value: Key, ttl: timedelta | None, **condition: Any
    ) -> bytes | None:
        """``SetIfHash`` with one ``condition`` member; the new value's hash if stored, else None. ``cache`` is
        checked already."""
        ttl_ms = self._ttl(ttl)
        request = pb._SetIfHashRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=ttl_ms,
            **condition,
        )  # fmt: skip
        reply = await self._send(cache, "SetIfHash", request, pb._SetIfHashResponse)
        if outcome(reply, "SetIfHash", "stored", "not_stored") == "stored":
            return bytes(reply.stored.new_hash)
        return None

"""Scalar items: get, set, delete, increment, set_if_not_exists, and the batch forms of get and set."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.errors import InvalidArgumentException, UnknownException
from momento_web.internal.cache_data._base import DataClient, check_count, outcome
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.validation import as_bytes, as_bytes_list, ttl_milliseconds, validate_int
from momento_web.requests import SetBatchItem

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.batch import CacheGetBatchResponse, CacheSetBatchResponse
    from momento_web.responses.data.scalar import (
        CacheDeleteResponse,
        CacheGetResponse,
        CacheIncrementResponse,
        CacheSetIfNotExistsResponse,
        CacheSetResponse,
    )

# Mapping is invariant in its key type: str keys, bytes keys, or a mix.
_BatchItems = (
    Mapping[str, str | bytes] | Mapping[bytes, str | bytes] | Mapping[str | bytes, str | bytes] | Iterable[SetBatchItem]
)


class ScalarMethods(DataClient):
    @errors_as_values()
    async def get(self, cache_name: str, key: str | bytes) -> CacheGetResponse:
        """The value stored at ``key``: ``Hit``, or ``Miss`` if there is none."""
        cache = self._cache(cache_name)
        reply = await self._send(cache, "Get", pb._GetRequest(cache_key=as_bytes(key, "key")), pb._GetResponse)
        return _get_response(reply)

    @errors_as_values()
    async def set(
        self, cache_name: str, key: str | bytes, value: str | bytes, ttl: timedelta | None = None
    ) -> CacheSetResponse:
        """Store ``value`` at ``key`` for ``ttl`` (the client's default TTL if None), replacing any item.
        A zero ``ttl`` is rejected, as in the official Python SDK (the JS SDK reads 0 as "use the default")."""
        cache, ttl_ms = self._cache(cache_name), self._ttl(ttl)
        request = pb._SetRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=ttl_ms
        )
        await self._send(cache, "Set", request, pb._SetResponse)
        return responses.CacheSet.Success()

    @errors_as_values()
    async def delete(self, cache_name: str, key: str | bytes) -> CacheDeleteResponse:
        """Remove the item at ``key`` (of any type); succeeds when there is none."""
        cache = self._cache(cache_name)
        await self._send(cache, "Delete", pb._DeleteRequest(cache_key=as_bytes(key, "key")), pb._DeleteResponse)
        return responses.CacheDelete.Success()

    @errors_as_values()
    async def increment(
        self, cache_name: str, key: str | bytes, amount: int = 1, ttl: timedelta | None = None
    ) -> CacheIncrementResponse:
        """Add ``amount`` to the base-10 integer at ``key`` (absent counts as 0); returns the new value.

        A value that is not an integer fails with FAILED_PRECONDITION_ERROR.
        """
        cache, ttl_ms = self._cache(cache_name), self._ttl(ttl)
        request = pb._IncrementRequest(
            cache_key=as_bytes(key, "key"), amount=validate_int(amount, "amount"), ttl_milliseconds=ttl_ms
        )
        reply = await self._send(cache, "Increment", request, pb._IncrementResponse)
        return responses.CacheIncrement.Success(reply.value)

    @errors_as_values()
    async def set_if_not_exists(
        self, cache_name: str, key: str | bytes, value: str | bytes, ttl: timedelta | None = None
    ) -> CacheSetIfNotExistsResponse:
        """Store ``value`` only if ``key`` holds no item. Sends the ``SetIfNotExists`` RPC, as the official
        Python SDK does (``set_if_absent`` is the same condition through ``SetIf``)."""
        cache, ttl_ms = self._cache(cache_name), self._ttl(ttl)
        request = pb._SetIfNotExistsRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=ttl_ms
        )
        reply = await self._send(cache, "SetIfNotExists", request, pb._SetIfNotExistsResponse)
        if outcome(reply, "SetIfNotExists", "stored", "not_stored") == "stored":
            return responses.CacheSetIfNotExists.Stored()
        return responses.CacheSetIfNotExists.NotStored()

    @errors_as_values()
    async def get_batch(self, cache_name: str, keys: Iterable[str | bytes]) -> CacheGetBatchResponse:
        """``get`` for many keys in one call; ``Success.responses`` follows the order of ``keys``."""
        cache = self._cache(cache_name)
        key_list = as_bytes_list(keys, "keys")
        request = pb._GetBatchRequest(items=[pb._GetRequest(cache_key=key) for key in key_list])
        replies = await self._stream(cache, "GetBatch", request, pb._GetResponse)
        check_count("GetBatch", replies, key_list)
        return responses.CacheGetBatch.Success([_get_response(reply) for reply in replies], key_list)

    @errors_as_values()
    async def set_batch(
        self,
        cache_name: str,
        items: _BatchItems,
        ttl: timedelta | None = None,
    ) -> CacheSetBatchResponse:
        """``set`` for many items in one call: a mapping of key to value, or :class:`SetBatchItem` objects
        (each may carry its own TTL). ``ttl`` (None = the client's default) applies to the rest; unlike the JS
        SDK, a zero TTL is rejected rather than read as "use the default"."""
        cache, default_ms = self._cache(cache_name), self._ttl(ttl)
        request = pb._SetBatchRequest(items=_set_requests(items, default_ms))
        replies = await self._stream(cache, "SetBatch", request, pb._SetResponse)
        check_count("SetBatch", replies, request.items)
        return responses.CacheSetBatch.Success([_set_response(reply) for reply in replies])


def _get_response(reply: pb._GetResponse) -> CacheGetResponse:
    if reply.result == pb.Hit:
        return responses.CacheGet.Hit(reply.cache_body)
    if reply.result == pb.Miss:
        return responses.CacheGet.Miss()
    return responses.CacheGet.Error(
        UnknownException(f"unexpected Get result {reply.result}: {reply.message}", Service.CACHE)
    )


def _set_response(reply: pb._SetResponse) -> CacheSetResponse:
    if reply.result == pb.Ok:
        return responses.CacheSet.Success()
    return responses.CacheSet.Error(
        UnknownException(f"unexpected Set result {reply.result}: {reply.message}", Service.CACHE)
    )


def _set_requests(items: object, default_ms: int) -> list[pb._SetRequest]:
    if isinstance(items, Mapping):
        return [
            pb._SetRequest(
                cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=default_ms
            )
            for key, value in items.items()
        ]
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidArgumentException(f"The given type is not valid for set_batch items: {type(items)}", Service.CACHE)
    requests = []
    for item in items:
        if not isinstance(item, SetBatchItem):
            raise InvalidArgumentException(f"set_batch items must be SetBatchItem, not {type(item)}", Service.CACHE)
        ttl_ms = default_ms if item.ttl is None else ttl_milliseconds(item.ttl)
        requests.append(
            pb._SetRequest(
                cache_key=as_bytes(item.key, "key"), cache_body=as_bytes(item.value, "value"), ttl_milliseconds=ttl_ms
            )
        )
    return requests

"""``cache_client.Scs``: scalar and key-level RPCs. The cache is named by the ``cache`` header, not the message.

Collections are served by the sibling modules (dictionaries, lists, sets, sorted_sets).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable

from momento_web._messages import cacheclient as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, server_streaming, unary
from momento_web_emulator.services._common import require_ttl
from momento_web_emulator.services._data import found, missing, require_member
from momento_web_emulator.store import Cache, Item, ItemKind, Store, scalar_value

_SERVICE = "/cache_client.Scs"

_ITEM_TYPES = {
    ItemKind.SCALAR: pb._ItemGetTypeResponse.ItemType.SCALAR,
    ItemKind.DICTIONARY: pb._ItemGetTypeResponse.ItemType.DICTIONARY,
    ItemKind.SET: pb._ItemGetTypeResponse.ItemType.SET,
    ItemKind.LIST: pb._ItemGetTypeResponse.ItemType.LIST,
    ItemKind.SORTED_SET: pb._ItemGetTypeResponse.ItemType.SORTED_SET,
}


class CacheService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/Get", pb._GetRequest, self.get),
            unary(f"{_SERVICE}/Set", pb._SetRequest, self.set),
            unary(f"{_SERVICE}/Delete", pb._DeleteRequest, self.delete),
            unary(f"{_SERVICE}/Increment", pb._IncrementRequest, self.increment),
            unary(f"{_SERVICE}/SetIf", pb._SetIfRequest, self.set_if),
            unary(f"{_SERVICE}/SetIfNotExists", pb._SetIfNotExistsRequest, self.set_if_not_exists),
            unary(f"{_SERVICE}/KeysExist", pb._KeysExistRequest, self.keys_exist),
            unary(f"{_SERVICE}/ItemGetTtl", pb._ItemGetTtlRequest, self.item_get_ttl),
            unary(f"{_SERVICE}/ItemGetType", pb._ItemGetTypeRequest, self.item_get_type),
            unary(f"{_SERVICE}/UpdateTtl", pb._UpdateTtlRequest, self.update_ttl),
            unary(f"{_SERVICE}/GetWithHash", pb._GetWithHashRequest, self.get_with_hash),
            unary(f"{_SERVICE}/SetIfHash", pb._SetIfHashRequest, self.set_if_hash),
            server_streaming(f"{_SERVICE}/GetBatch", pb._GetBatchRequest, self.get_batch),
            server_streaming(f"{_SERVICE}/SetBatch", pb._SetBatchRequest, self.set_batch),
        ]

    def _cache(self, ctx: CallContext) -> Cache:
        return self._store.cache(ctx.require_cache_name())

    async def get(self, request: pb._GetRequest, ctx: CallContext) -> pb._GetResponse:
        return _get_response(self._cache(ctx), request.cache_key)

    async def set(self, request: pb._SetRequest, ctx: CallContext) -> pb._SetResponse:
        cache = self._cache(ctx)
        cache.set(request.cache_key, request.cache_body, require_ttl(request.ttl_milliseconds))
        return pb._SetResponse(result=pb.ECacheResult.Ok)

    async def delete(self, request: pb._DeleteRequest, ctx: CallContext) -> pb._DeleteResponse:
        self._cache(ctx).remove(request.cache_key)
        return pb._DeleteResponse()

    async def increment(self, request: pb._IncrementRequest, ctx: CallContext) -> pb._IncrementResponse:
        cache = self._cache(ctx)
        value = cache.increment(request.cache_key, request.amount, require_ttl(request.ttl_milliseconds))
        return pb._IncrementResponse(value=value)

    async def set_if(self, request: pb._SetIfRequest, ctx: CallContext) -> pb._SetIfResponse:
        cache = self._cache(ctx)
        ttl = require_ttl(request.ttl_milliseconds)
        if cache.set_if(request.cache_key, request.cache_body, ttl, _set_if_condition(request)):
            return pb._SetIfResponse(stored=pb._SetIfResponse._Stored())
        return pb._SetIfResponse(not_stored=pb._SetIfResponse._NotStored())

    async def set_if_not_exists(
        self, request: pb._SetIfNotExistsRequest, ctx: CallContext
    ) -> pb._SetIfNotExistsResponse:
        cache = self._cache(ctx)
        ttl = require_ttl(request.ttl_milliseconds)
        if cache.set_if_not_exists(request.cache_key, request.cache_body, ttl):
            return pb._SetIfNotExistsResponse(stored=pb._SetIfNotExistsResponse._Stored())
        return pb._SetIfNotExistsResponse(not_stored=pb._SetIfNotExistsResponse._NotStored())

    async def keys_exist(self, request: pb._KeysExistRequest, ctx: CallContext) -> pb._KeysExistResponse:
        cache = self._cache(ctx)
        return pb._KeysExistResponse(exists=[cache.lookup(key) is not None for key in request.cache_keys])

    async def item_get_ttl(self, request: pb._ItemGetTtlRequest, ctx: CallContext) -> pb._ItemGetTtlResponse:
        remaining = self._cache(ctx).remaining_ttl_ms(request.cache_key)
        if remaining is None:
            return pb._ItemGetTtlResponse(missing=pb._ItemGetTtlResponse._Missing())
        return pb._ItemGetTtlResponse(found=pb._ItemGetTtlResponse._Found(remaining_ttl_millis=remaining))

    async def item_get_type(self, request: pb._ItemGetTypeRequest, ctx: CallContext) -> pb._ItemGetTypeResponse:
        item = self._cache(ctx).lookup(request.cache_key)
        if item is None:
            return pb._ItemGetTypeResponse(missing=pb._ItemGetTypeResponse._Missing())
        return pb._ItemGetTypeResponse(found=pb._ItemGetTypeResponse._Found(item_type=_ITEM_TYPES[item.kind]))

    async def update_ttl(self, request: pb._UpdateTtlRequest, ctx: CallContext) -> pb._UpdateTtlResponse:
        cache = self._cache(ctx)
        change = require_member(request, "update_ttl")
        ttl_ms = require_ttl(getattr(request, change))
        remaining = cache.remaining_ttl_ms(request.cache_key)
        if remaining is None:
            return pb._UpdateTtlResponse(missing=pb._UpdateTtlResponse._Missing())
        applies = {"overwrite_to_milliseconds": True, "increase_to_milliseconds": ttl_ms > remaining}
        if not applies.get(change, ttl_ms < remaining):  # decrease_to_milliseconds
            return pb._UpdateTtlResponse(not_set=pb._UpdateTtlResponse._NotSet())
        item = cache.lookup(request.cache_key)
        assert item is not None  # noqa: S101  remaining_ttl_ms just saw it
        cache.set_ttl(request.cache_key, item, ttl_ms)
        return pb._UpdateTtlResponse(set=pb._UpdateTtlResponse._Set())

    async def get_with_hash(self, request: pb._GetWithHashRequest, ctx: CallContext) -> pb._GetWithHashResponse:
        value = self._cache(ctx).get(request.cache_key)
        if value is None:
            return missing(pb._GetWithHashResponse)
        return found(pb._GetWithHashResponse, value=value, hash=value_hash(value))

    async def set_if_hash(self, request: pb._SetIfHashRequest, ctx: CallContext) -> pb._SetIfHashResponse:
        cache = self._cache(ctx)
        ttl = require_ttl(request.ttl_milliseconds)
        if cache.set_if(request.cache_key, request.cache_body, ttl, _set_if_hash_condition(request)):
            stored = pb._SetIfHashResponse._Stored(new_hash=value_hash(request.cache_body))
            return pb._SetIfHashResponse(stored=stored)
        return pb._SetIfHashResponse(not_stored=pb._SetIfHashResponse._NotStored())

    async def get_batch(self, request: pb._GetBatchRequest, ctx: CallContext) -> AsyncIterator[pb._GetResponse]:
        cache = self._cache(ctx)
        for item in request.items:
            yield _get_response(cache, item.cache_key)

    async def set_batch(self, request: pb._SetBatchRequest, ctx: CallContext) -> AsyncIterator[pb._SetResponse]:
        cache = self._cache(ctx)
        # Validate everything first so a bad item fails the call before any DATA frame (trailers-only).
        for item in request.items:
            require_ttl(item.ttl_milliseconds)
        for item in request.items:
            cache.set(item.cache_key, item.cache_body, item.ttl_milliseconds)
            yield pb._SetResponse(result=pb.ECacheResult.Ok)


def _get_response(cache: Cache, key: bytes) -> pb._GetResponse:
    value = cache.get(key)
    if value is None:
        return pb._GetResponse(result=pb.ECacheResult.Miss)
    return pb._GetResponse(result=pb.ECacheResult.Hit, cache_body=value)


def _set_if_condition(request: pb._SetIfRequest) -> Callable[[Item | None], bool]:
    match request.WhichOneof("condition"):
        case "present":
            return lambda item: item is not None
        case "absent":
            return lambda item: item is None
        case "equal":
            expected = request.equal.value_to_check
            return lambda item: item is not None and scalar_value(item) == expected
        case "not_equal":  # absent, or present with another value
            expected = request.not_equal.value_to_check
            return lambda item: item is None or scalar_value(item) != expected
        case "present_and_not_equal":
            expected = request.present_and_not_equal.value_to_check
            return lambda item: item is not None and scalar_value(item) != expected
        case "absent_or_equal":
            expected = request.absent_or_equal.value_to_check
            return lambda item: item is None or scalar_value(item) == expected
    raise GrpcError(StatusCode.INVALID_ARGUMENT, "SetIf needs a condition")


def value_hash(value: bytes) -> bytes:
    """The hash of ``SetIfHash``/``GetWithHash``: opaque to clients, deterministic and never empty."""
    return hashlib.sha256(value).digest()


def _set_if_hash_condition(request: pb._SetIfHashRequest) -> Callable[[Item | None], bool]:
    condition = require_member(request, "condition")
    if condition == "unconditional":
        return lambda item: True
    expected = getattr(request, condition).hash_to_check
    absent_ok = condition.startswith("absent_or_")
    want_equal = condition in ("present_and_hash_equal", "absent_or_hash_equal")
    return lambda item: absent_ok if item is None else (value_hash(scalar_value(item)) == expected) == want_equal

"""``cache_client.Scs``: scalar data RPCs. The cache is named by the ``cache`` header, not the message."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from momento_web._generated import cacheclient_pb2 as pb
from momento_web.emulator.rpc import CallContext, Rpc, server_streaming, unary
from momento_web.emulator.services._common import require_ttl
from momento_web.emulator.store import Cache, Item, ItemKind, Store, scalar_value
from momento_web.wire.status import GrpcError, StatusCode

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

"""Momento Storage (preview): ``store.Store`` (Get, Put, Delete on the store named by the ``store`` header) and
the store RPCs of ``control_client.ScsControl`` (CreateStore, DeleteStore, ListStores).

Errors follow the storage service's conventions: a bad request is INVALID_ARGUMENT with ``err:
momento_general_err``; a missing store NOT_FOUND with ``err: store_not_found``, and a Get of a missing key
NOT_FOUND with ``err: item_not_found`` (clients tell the two apart by ``err`` alone); an existing store
ALREADY_EXISTS with a message that names it, "Store with name: … already exists" (what clients match).
Protocol and limits: docs/protocol/storage.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from momento_web._messages import controlclient as control_pb
from momento_web._messages import store as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.storage import (
    StorageError,
    StorageLimitExceeded,
    StoreAlreadyExists,
    StoredValue,
    StoreNotFound,
    StoreRegistry,
)

_CONTROL = "/control_client.ScsControl"
_STORE = "/store.Store"
_GENERAL = {"err": "momento_general_err"}

T = TypeVar("T")


def _invalid(message: str) -> GrpcError:
    return GrpcError(StatusCode.INVALID_ARGUMENT, message, _GENERAL)


def _status(error: StorageError) -> GrpcError:
    message = str(error)
    match error:
        case StoreNotFound():
            return GrpcError(StatusCode.NOT_FOUND, message, {"err": "store_not_found"})
        case StoreAlreadyExists():
            return GrpcError(StatusCode.ALREADY_EXISTS, message)
        case StorageLimitExceeded(err=err):
            return GrpcError(StatusCode.RESOURCE_EXHAUSTED, message, {"err": err} if err else None)
    return GrpcError(StatusCode.INTERNAL, message)


async def _translated(work: Awaitable[T]) -> T:
    try:
        return await work
    except StorageError as error:
        raise _status(error) from None


def _translated_now(work: Callable[[], T]) -> T:
    try:
        return work()
    except StorageError as error:
        raise _status(error) from None


def _store_name(name: str) -> str:
    if not name.strip():
        raise _invalid("store name must not be empty")
    return name


def _value(value: pb._StoreValue) -> StoredValue:
    match value.WhichOneof("value"):
        case "bytes_value":
            return value.bytes_value
        case "string_value":
            return value.string_value
        case "integer_value":
            return value.integer_value
        case "double_value":
            return value.double_value
    raise _invalid("value must be set to one of bytes_value, string_value, integer_value, double_value")


def _message(value: StoredValue) -> pb._StoreValue:
    if isinstance(value, bytes):
        return pb._StoreValue(bytes_value=value)
    if isinstance(value, str):
        return pb._StoreValue(string_value=value)
    if isinstance(value, float):
        return pb._StoreValue(double_value=value)
    return pb._StoreValue(integer_value=value)


class StoreControlService:
    """CreateStore, DeleteStore, ListStores (control endpoint; store names in the body)."""

    def __init__(self, stores: StoreRegistry) -> None:
        self._stores = stores

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_CONTROL}/CreateStore", control_pb._CreateStoreRequest, self.create_store),
            unary(f"{_CONTROL}/DeleteStore", control_pb._DeleteStoreRequest, self.delete_store),
            unary(f"{_CONTROL}/ListStores", control_pb._ListStoresRequest, self.list_stores),
        ]

    async def create_store(
        self, request: control_pb._CreateStoreRequest, ctx: CallContext
    ) -> control_pb._CreateStoreResponse:
        await _translated(self._stores.create_store(_store_name(request.store_name)))
        return control_pb._CreateStoreResponse()

    async def delete_store(
        self, request: control_pb._DeleteStoreRequest, ctx: CallContext
    ) -> control_pb._DeleteStoreResponse:
        await _translated(self._stores.delete_store(_store_name(request.store_name)))
        return control_pb._DeleteStoreResponse()

    async def list_stores(
        self, request: control_pb._ListStoresRequest, ctx: CallContext
    ) -> control_pb._ListStoresResponse:
        # One page holds everything; SDKs ignore next_token anyway.
        return control_pb._ListStoresResponse(
            store=[control_pb._Store(store_name=name) for name in self._stores.store_names()]
        )


class StoreService:
    """Get, Put, Delete on the store named by the ``store`` request header (storage endpoint)."""

    def __init__(self, stores: StoreRegistry) -> None:
        self._stores = stores

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_STORE}/Get", pb._StoreGetRequest, self.get),
            unary(f"{_STORE}/Put", pb._StorePutRequest, self.put),
            unary(f"{_STORE}/Delete", pb._StoreDeleteRequest, self.delete),
        ]

    async def get(self, request: pb._StoreGetRequest, ctx: CallContext) -> pb._StoreGetResponse:
        store = _header_store_name(ctx)
        value = _translated_now(lambda: self._stores.get(store, request.key))
        if value is None:
            message = f"Item with key: {request.key} doesn't exist"
            raise GrpcError(StatusCode.NOT_FOUND, message, {"err": "item_not_found"})
        return pb._StoreGetResponse(value=_message(value))

    async def put(self, request: pb._StorePutRequest, ctx: CallContext) -> pb._StorePutResponse:
        store = _header_store_name(ctx)
        if not request.HasField("value"):
            raise _invalid("value must be set")
        await _translated(self._stores.put(store, request.key, _value(request.value)))
        return pb._StorePutResponse()

    async def delete(self, request: pb._StoreDeleteRequest, ctx: CallContext) -> pb._StoreDeleteResponse:
        await _translated(self._stores.delete(_header_store_name(ctx), request.key))
        return pb._StoreDeleteResponse()


def _header_store_name(ctx: CallContext) -> str:
    name = ctx.metadata.get("store")
    if name is None or not name.strip():
        raise _invalid("missing store header: storage calls must send `store`")
    return name

"""``PreviewStorageClientAsync``: Momento Storage (preview) over gRPC-web, in the browser or on CPython.

A store holds typed values (64-bit integers, doubles, strings, bytes) under string keys, with no expiry. Stores are
created, listed and deleted on the control endpoint; data calls go to the storage endpoint
(``https://web.storage.<base>``, :attr:`CredentialProvider.storage_url`) and name their store in the ``store``
request header. Keys travel as the key string itself (the historical web client sent the base64 of its UTF-8;
that is not copied here).
"""

from __future__ import annotations

from momento_web._messages import controlclient as control_pb
from momento_web._messages import store as pb
from momento_web.auth import CredentialProvider
from momento_web.config.storage_configuration import StorageConfiguration
from momento_web.errors import InvalidArgumentException, UnknownException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.validation import validate_int, validate_name
from momento_web.responses.storage import (
    CreateStore,
    CreateStoreResponse,
    DeleteStore,
    DeleteStoreResponse,
    ListStores,
    ListStoresResponse,
    StorageDelete,
    StorageDeleteResponse,
    StorageGet,
    StorageGetResponse,
    StoragePut,
    StoragePutResponse,
    StorageValue,
    StorageValueType,
    StoreInfo,
)
from momento_web.wire.status import GrpcError, StatusCode

_CONTROL = "/control_client.ScsControl/"
_STORE = "/store.Store/"
# Control calls are slow, rare operations; the cache client gives them a fixed minute too.
_CONTROL_TIMEOUT = 60.0
_CLIENT_TYPE = "store"  # the `agent` header's client type, as the JS storage client sent it
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
# Bounds the per-store channels kept for clients that address unbounded numbers of stores.
_MAX_STORE_CHANNELS = 64
_STORAGE = Service.STORAGE


class PreviewStorageClientAsync(ClientBase):
    """Momento Storage, after the JS SDKs' ``PreviewStorageClient``. Every method returns a response; none raises.

    ``async with PreviewStorageClientAsync(StorageConfigurations.Browser.latest(), credentials) as client: ...``
    """

    def __init__(self, configuration: StorageConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(configuration, credential_provider)
        self._timeout = configuration.get_client_timeout().total_seconds()
        self._storage_url = credential_provider.storage_url
        self._control = self._channel(
            credential_provider.control_url, _CLIENT_TYPE, timeout=_CONTROL_TIMEOUT, metadata=self._auth_metadata
        )
        # One channel per store: the `store` header is part of a channel's fixed headers.
        self._data_channels: dict[str, GrpcWebChannel] = {}
        self._announced = False

    # --- control plane ----------------------------------------------------------------------------------------

    @errors_as_values(CreateStore.Error, _STORAGE)
    async def create_store(self, store_name: str) -> CreateStoreResponse:
        """Create ``store_name``: ``Success``, or ``StoreAlreadyExists`` if it exists (not an error)."""
        request = control_pb._CreateStoreRequest(store_name=_store_name(store_name))
        try:
            await self._control.unary(_CONTROL + "CreateStore", request, control_pb._CreateStoreResponse)
        except GrpcError as error:
            if error.code is StatusCode.ALREADY_EXISTS:
                return CreateStore.StoreAlreadyExists()
            raise
        return CreateStore.Success()

    @errors_as_values(DeleteStore.Error, _STORAGE)
    async def delete_store(self, store_name: str) -> DeleteStoreResponse:
        """Delete ``store_name`` and everything in it; a missing store is an ``Error`` (NOT_FOUND_ERROR)."""
        request = control_pb._DeleteStoreRequest(store_name=_store_name(store_name))
        await self._control.unary(_CONTROL + "DeleteStore", request, control_pb._DeleteStoreResponse)
        return DeleteStore.Success()

    @errors_as_values(ListStores.Error, _STORAGE)
    async def list_stores(self) -> ListStoresResponse:
        """Every store of the account (or of the emulator), as ``Success.stores``."""
        request = control_pb._ListStoresRequest(next_token="")
        reply = await self._control.unary(_CONTROL + "ListStores", request, control_pb._ListStoresResponse)
        return ListStores.Success(stores=[StoreInfo(store.store_name) for store in reply.store])

    # --- data -------------------------------------------------------------------------------------------------

    @errors_as_values(StorageGet.Error, _STORAGE)
    async def get(self, store_name: str, key: str) -> StorageGetResponse:
        """The value at ``key``: ``Found`` with a :class:`StorageValue`, or ``NotFound``."""
        channel = self._data(store_name)
        request = pb._StoreGetRequest(key=_key(key))
        try:
            reply = await channel.unary(_STORE + "Get", request, pb._StoreGetResponse)
        except GrpcError as error:
            # A missing key and a missing store are both NOT_FOUND; only `err` tells them apart.
            if error.code is StatusCode.NOT_FOUND and error.metadata.get("err") == "item_not_found":
                return StorageGet.NotFound()
            raise
        value = _value(reply.value) if reply.HasField("value") else None
        if value is None:
            raise UnknownException("StorageGet responded with an unknown result", _STORAGE)
        return StorageGet.Found(StorageValue(value))

    @errors_as_values(StoragePut.Error, _STORAGE)
    async def put_int(self, store_name: str, key: str, value: int) -> StoragePutResponse:
        """Store a signed 64-bit integer at ``key``, replacing what it held."""
        number = validate_int(value, "Value", _STORAGE)
        if not _INT64_MIN <= number <= _INT64_MAX:
            raise InvalidArgumentException(f"Value must be a signed 64-bit integer. Given: {number}", _STORAGE)
        return await self._put(store_name, key, pb._StoreValue(integer_value=number))

    @errors_as_values(StoragePut.Error, _STORAGE)
    async def put_double(self, store_name: str, key: str, value: float) -> StoragePutResponse:
        """Store a double at ``key`` (an ``int`` is stored as the nearest double), replacing what it held."""
        return await self._put(store_name, key, pb._StoreValue(double_value=_double(value)))

    @errors_as_values(StoragePut.Error, _STORAGE)
    async def put_string(self, store_name: str, key: str, value: str) -> StoragePutResponse:
        """Store a string at ``key``, replacing what it held."""
        if not isinstance(value, str):
            raise InvalidArgumentException(f"Value must be a string. Given type: {type(value)}", _STORAGE)
        return await self._put(store_name, key, pb._StoreValue(string_value=value))

    @errors_as_values(StoragePut.Error, _STORAGE)
    async def put_bytes(self, store_name: str, key: str, value: bytes | bytearray | memoryview) -> StoragePutResponse:
        """Store bytes at ``key``, replacing what it held."""
        if not isinstance(value, bytes | bytearray | memoryview):
            raise InvalidArgumentException(f"Value must be bytes. Given type: {type(value)}", _STORAGE)
        return await self._put(store_name, key, pb._StoreValue(bytes_value=bytes(value)))

    @errors_as_values(StorageDelete.Error, _STORAGE)
    async def delete(self, store_name: str, key: str) -> StorageDeleteResponse:
        """Remove ``key``; ``Success`` also when it held nothing."""
        channel = self._data(store_name)
        request = pb._StoreDeleteRequest(key=_key(key))
        await channel.unary(_STORE + "Delete", request, pb._StoreDeleteResponse)
        return StorageDelete.Success()

    # --- internals --------------------------------------------------------------------------------------------

    async def _put(self, store_name: str, key: str, value: pb._StoreValue) -> StoragePutResponse:
        channel = self._data(store_name)
        request = pb._StorePutRequest(key=_key(key), value=value)
        await channel.unary(_STORE + "Put", request, pb._StorePutResponse)
        return StoragePut.Success()

    def _data(self, store_name: str) -> GrpcWebChannel:
        """The data channel of ``store_name`` (validated); the first one announces the client."""
        name = _store_name(store_name)
        channel = self._data_channels.get(name)
        if channel is None:
            if len(self._data_channels) >= _MAX_STORE_CHANNELS:
                self._data_channels.clear()
            metadata = {**self._auth_metadata, "store": name}
            channel = self._channel(
                self._storage_url, _CLIENT_TYPE, timeout=self._timeout, metadata=metadata, announce=not self._announced
            )
            self._announced = True
            self._data_channels[name] = channel
        return channel


def _store_name(name: object) -> str:
    return validate_name(name, "Store", _STORAGE)


def _key(key: object) -> str:
    """Keys are strings on the wire (a proto ``string``), sent as they are."""
    if not isinstance(key, str):
        raise InvalidArgumentException(f"Unsupported type for key: {type(key)}", _STORAGE)
    return key


def _double(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentException(f"Value must be a float. Given type: {type(value)}", _STORAGE)
    try:
        return float(value)
    except OverflowError:  # an int beyond the double range
        raise InvalidArgumentException(f"Value is too large for a double. Given: {value}", _STORAGE) from None


def _value(value: pb._StoreValue) -> StorageValueType | None:
    """The set member of a ``_StoreValue``, or None if none is."""
    match value.WhichOneof("value"):
        case "integer_value":
            return value.integer_value
        case "double_value":
            return value.double_value
        case "string_value":
            return value.string_value
        case "bytes_value":
            return value.bytes_value
    return None

"""Responses of :class:`~momento_web.PreviewStorageClientAsync` (Momento Storage, preview):
``from momento_web.responses.storage import StorageGet, StorageValue, ...``."""

from momento_web.responses.storage.control.create import CreateStore, CreateStoreResponse
from momento_web.responses.storage.control.delete import DeleteStore, DeleteStoreResponse
from momento_web.responses.storage.control.list import ListStores, ListStoresResponse, StoreInfo
from momento_web.responses.storage.data.delete import StorageDelete, StorageDeleteResponse
from momento_web.responses.storage.data.get import StorageGet, StorageGetResponse
from momento_web.responses.storage.data.put import StoragePut, StoragePutResponse
from momento_web.responses.storage.data.storage_value import StorageValue, StorageValueType
from momento_web.responses.storage.response import StorageResponse

__all__ = [
    "CreateStore",
    "CreateStoreResponse",
    "DeleteStore",
    "DeleteStoreResponse",
    "ListStores",
    "ListStoresResponse",
    "StorageDelete",
    "StorageDeleteResponse",
    "StorageGet",
    "StorageGetResponse",
    "StoragePut",
    "StoragePutResponse",
    "StorageResponse",
    "StorageValue",
    "StorageValueType",
    "StoreInfo",
]

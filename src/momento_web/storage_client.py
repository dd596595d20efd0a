"""``PreviewStorageClient``: the synchronous storage client, derived from ``PreviewStorageClientAsync``."""

from __future__ import annotations

from momento_web.auth import CredentialProvider
from momento_web.config.storage_configuration import StorageConfiguration
from momento_web.internal.services import Service
from momento_web.internal.synchronous import SyncClient, blocking
from momento_web.storage_client_async import PreviewStorageClientAsync


class PreviewStorageClient(SyncClient[PreviewStorageClientAsync]):
    """Momento Storage, after the JS SDKs' ``PreviewStorageClient``. Every method returns a response; none raises.

    ``with PreviewStorageClient(StorageConfigurations.Laptop.latest(), credentials) as client: ...``
    """

    _async_class = PreviewStorageClientAsync
    _service = Service.STORAGE

    def __init__(self, configuration: StorageConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(PreviewStorageClientAsync(configuration, credential_provider))

    create_store = blocking(PreviewStorageClientAsync.create_store)
    delete_store = blocking(PreviewStorageClientAsync.delete_store)
    list_stores = blocking(PreviewStorageClientAsync.list_stores)
    get = blocking(PreviewStorageClientAsync.get)
    put_int = blocking(PreviewStorageClientAsync.put_int)
    put_double = blocking(PreviewStorageClientAsync.put_double)
    put_string = blocking(PreviewStorageClientAsync.put_string)
    put_bytes = blocking(PreviewStorageClientAsync.put_bytes)
    delete = blocking(PreviewStorageClientAsync.delete)

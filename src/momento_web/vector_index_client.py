"""``PreviewVectorIndexClient``: the synchronous vector index client, derived from ``PreviewVectorIndexClientAsync``."""

from __future__ import annotations

from momento_web.auth import CredentialProvider
from momento_web.config.vector_index_configuration import VectorIndexConfiguration
from momento_web.internal.services import Service
from momento_web.internal.synchronous import SyncClient, blocking
from momento_web.vector_index_client_async import PreviewVectorIndexClientAsync


class PreviewVectorIndexClient(SyncClient[PreviewVectorIndexClientAsync]):
    """Mirrors ``momento.PreviewVectorIndexClient`` (momento 1.20.1). Every method returns a response; none raises.

    ``with PreviewVectorIndexClient(VectorIndexConfigurations.Default.latest(), credentials) as client: ...``
    """

    _async_class = PreviewVectorIndexClientAsync
    _service = Service.INDEX

    def __init__(self, configuration: VectorIndexConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(PreviewVectorIndexClientAsync(configuration, credential_provider))

    create_index = blocking(PreviewVectorIndexClientAsync.create_index)
    list_indexes = blocking(PreviewVectorIndexClientAsync.list_indexes)
    delete_index = blocking(PreviewVectorIndexClientAsync.delete_index)
    count_items = blocking(PreviewVectorIndexClientAsync.count_items)
    upsert_item_batch = blocking(PreviewVectorIndexClientAsync.upsert_item_batch)
    delete_item_batch = blocking(PreviewVectorIndexClientAsync.delete_item_batch)
    search = blocking(PreviewVectorIndexClientAsync.search)
    search_and_fetch_vectors = blocking(PreviewVectorIndexClientAsync.search_and_fetch_vectors)
    get_item_batch = blocking(PreviewVectorIndexClientAsync.get_item_batch)
    get_item_metadata_batch = blocking(PreviewVectorIndexClientAsync.get_item_metadata_batch)

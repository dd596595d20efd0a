"""Responses of vector index data operations."""

from momento_web.responses.vector_index.data.count_items import CountItems, CountItemsResponse
from momento_web.responses.vector_index.data.delete_item_batch import DeleteItemBatch, DeleteItemBatchResponse
from momento_web.responses.vector_index.data.get_item_batch import GetItemBatch, GetItemBatchResponse
from momento_web.responses.vector_index.data.get_item_metadata_batch import (
    GetItemMetadataBatch,
    GetItemMetadataBatchResponse,
)
from momento_web.responses.vector_index.data.search import Search, SearchHit, SearchResponse
from momento_web.responses.vector_index.data.search_and_fetch_vectors import (
    SearchAndFetchVectors,
    SearchAndFetchVectorsHit,
    SearchAndFetchVectorsResponse,
)
from momento_web.responses.vector_index.data.upsert_item_batch import UpsertItemBatch, UpsertItemBatchResponse

__all__ = [
    "CountItems",
    "CountItemsResponse",
    "DeleteItemBatch",
    "DeleteItemBatchResponse",
    "GetItemBatch",
    "GetItemBatchResponse",
    "GetItemMetadataBatch",
    "GetItemMetadataBatchResponse",
    "Search",
    "SearchAndFetchVectors",
    "SearchAndFetchVectorsHit",
    "SearchAndFetchVectorsResponse",
    "SearchHit",
    "SearchResponse",
    "UpsertItemBatch",
    "UpsertItemBatchResponse",
]

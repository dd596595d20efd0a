"""Vector index responses (mirrors ``momento.responses.vector_index`` of momento 1.20.1).

``from momento_web.responses.vector_index import Search, SearchHit, CreateIndex, ...``
"""

from momento_web.responses.vector_index.control import (
    CreateIndex,
    CreateIndexResponse,
    DeleteIndex,
    DeleteIndexResponse,
    IndexInfo,
    ListIndexes,
    ListIndexesResponse,
)
from momento_web.responses.vector_index.data import (
    CountItems,
    CountItemsResponse,
    DeleteItemBatch,
    DeleteItemBatchResponse,
    GetItemBatch,
    GetItemBatchResponse,
    GetItemMetadataBatch,
    GetItemMetadataBatchResponse,
    Search,
    SearchAndFetchVectors,
    SearchAndFetchVectorsHit,
    SearchAndFetchVectorsResponse,
    SearchHit,
    SearchResponse,
    UpsertItemBatch,
    UpsertItemBatchResponse,
)
from momento_web.responses.vector_index.response import VectorIndexResponse

__all__ = [
    "CountItems",
    "CountItemsResponse",
    "CreateIndex",
    "CreateIndexResponse",
    "DeleteIndex",
    "DeleteIndexResponse",
    "DeleteItemBatch",
    "DeleteItemBatchResponse",
    "GetItemBatch",
    "GetItemBatchResponse",
    "GetItemMetadataBatch",
    "GetItemMetadataBatchResponse",
    "IndexInfo",
    "ListIndexes",
    "ListIndexesResponse",
    "Search",
    "SearchAndFetchVectors",
    "SearchAndFetchVectorsHit",
    "SearchAndFetchVectorsResponse",
    "SearchHit",
    "SearchResponse",
    "UpsertItemBatch",
    "UpsertItemBatchResponse",
    "VectorIndexResponse",
]

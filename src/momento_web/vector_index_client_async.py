"""``PreviewVectorIndexClientAsync``: the Momento Vector Index over gRPC-web, in the browser or on CPython.

Mirrors momento 1.20.1's client of the same name. Indexes are managed on the control endpoint
(``/control_client.ScsControl/{Create,Delete,List}Index*``); items are written, read and searched on the vector
endpoint (``/vectorindex.VectorIndex/*``, :attr:`CredentialProvider.vector_url`). Data calls carry no ``cache``
header: the index is named in each request.
"""

from __future__ import annotations

from typing import Any

from momento_web._messages import controlclient as control_pb
from momento_web._messages import vectorindex as pb
from momento_web.auth import CredentialProvider
from momento_web.common_data.vector_index.item import Item, Metadata, metadata_from_proto
from momento_web.config.vector_index_configuration import VectorIndexConfiguration
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.vector_index import validation, wire
from momento_web.requests.vector_index.filter_field import Field
from momento_web.requests.vector_index.filters import FilterExpression
from momento_web.requests.vector_index.search import AllMetadata
from momento_web.requests.vector_index.similarity_metric import SimilarityMetric
from momento_web.responses.vector_index import (
    CountItems,
    CountItemsResponse,
    CreateIndex,
    CreateIndexResponse,
    DeleteIndex,
    DeleteIndexResponse,
    DeleteItemBatch,
    DeleteItemBatchResponse,
    GetItemBatch,
    GetItemBatchResponse,
    GetItemMetadataBatch,
    GetItemMetadataBatchResponse,
    IndexInfo,
    ListIndexes,
    ListIndexesResponse,
    Search,
    SearchAndFetchVectors,
    SearchAndFetchVectorsHit,
    SearchAndFetchVectorsResponse,
    SearchHit,
    SearchResponse,
    UpsertItemBatch,
    UpsertItemBatchResponse,
)
from momento_web.wire.status import GrpcError, StatusCode

_CONTROL = "/control_client.ScsControl/"
_VECTOR = "/vectorindex.VectorIndex/"
# Index management is slow and rare; like the cache client's control calls it gets a fixed minute.
_CONTROL_TIMEOUT = 60.0
DEFAULT_TOP_K = 10

MetadataFields = list[str] | AllMetadata | None
Filter = FilterExpression | Field


class PreviewVectorIndexClientAsync(ClientBase):
    """Mirrors ``momento.PreviewVectorIndexClientAsync`` (momento 1.20.1). Every method returns a response; none
    raises.

    ``async with PreviewVectorIndexClientAsync(VectorIndexConfigurations.Default.latest(), credentials) as client:``

    Scores: cosine similarity and inner product rank higher scores first, and ``score_threshold`` keeps hits
    scoring above it; Euclidean similarity scores the squared distance, ranks lower scores first, and
    ``score_threshold`` keeps hits scoring below it.
    """

    def __init__(self, configuration: VectorIndexConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(configuration, credential_provider)
        timeout = configuration.get_client_timeout().total_seconds()
        self._control = self._channel(
            credential_provider.control_url, "vector", timeout=_CONTROL_TIMEOUT, metadata=self._auth_metadata
        )
        self._data = self._channel(
            credential_provider.vector_url, "vector", timeout=timeout, metadata=self._auth_metadata
        )

    # --- indexes ----------------------------------------------------------------------------------------------

    @errors_as_values(CreateIndex.Error, Service.INDEX)
    async def create_index(
        self,
        index_name: str,
        num_dimensions: int,
        similarity_metric: SimilarityMetric = SimilarityMetric.COSINE_SIMILARITY,
    ) -> CreateIndexResponse:
        """Create ``index_name`` for vectors of ``num_dimensions``: ``Success``, or ``IndexAlreadyExists``."""
        request = control_pb._CreateIndexRequest(
            index_name=validation.index_name(index_name),
            num_dimensions=validation.num_dimensions(num_dimensions),
            similarity_metric=wire.metric_to_proto(similarity_metric),
        )
        try:
            await self._control.unary(_CONTROL + "CreateIndex", request, control_pb._CreateIndexResponse)
        except GrpcError as error:
            if error.code is StatusCode.ALREADY_EXISTS:
                return CreateIndex.IndexAlreadyExists()
            raise
        return CreateIndex.Success()

    @errors_as_values(ListIndexes.Error, Service.INDEX)
    async def list_indexes(self) -> ListIndexesResponse:
        """Every index, with its dimensions and similarity metric."""
        reply = await self._control.unary(
            _CONTROL + "ListIndexes", control_pb._ListIndexesRequest(), control_pb._ListIndexesResponse
        )
        return ListIndexes.Success(
            indexes=[
                IndexInfo(index.index_name, index.num_dimensions, wire.metric_from_proto(index.similarity_metric))
                for index in reply.indexes
            ]
        )

    @errors_as_values(DeleteIndex.Error, Service.INDEX)
    async def delete_index(self, index_name: str) -> DeleteIndexResponse:
        """Delete ``index_name`` and its items; a missing index is an ``Error`` (NOT_FOUND_ERROR)."""
        request = control_pb._DeleteIndexRequest(index_name=validation.index_name(index_name))
        await self._control.unary(_CONTROL + "DeleteIndex", request, control_pb._DeleteIndexResponse)
        return DeleteIndex.Success()

    # --- items --------------------------------------------------------------------------------------------------

    @errors_as_values(CountItems.Error, Service.INDEX)
    async def count_items(self, index_name: str) -> CountItemsResponse:
        """The number of items in ``index_name``."""
        request = pb._CountItemsRequest(index_name=validation.index_name(index_name), all=pb._CountItemsRequest.All())
        reply = await self._data.unary(_VECTOR + "CountItems", request, pb._CountItemsResponse)
        return CountItems.Success(item_count=reply.item_count)

    @errors_as_values(UpsertItemBatch.Error, Service.INDEX)
    async def upsert_item_batch(self, index_name: str, items: list[Item]) -> UpsertItemBatchResponse:
        """Insert ``items``, replacing (vector and metadata) any item with the same id. All or nothing: a vector
        of the wrong dimension fails the whole batch."""
        request = pb._UpsertItemBatchRequest(
            index_name=validation.index_name(index_name), items=wire.items_to_proto(items)
        )
        await self._data.unary(_VECTOR + "UpsertItemBatch", request, pb._UpsertItemBatchResponse)
        return UpsertItemBatch.Success()

    @errors_as_values(DeleteItemBatch.Error, Service.INDEX)
    async def delete_item_batch(self, index_name: str, filter: Filter | list[str]) -> DeleteItemBatchResponse:
        """Delete the items a filter matches, or the items with the given ids (unknown ids are no error)."""
        name = validation.index_name(index_name)
        expression = wire.ids_or_filter(filter)
        if expression is None:  # no ids: nothing to delete, no call (as momento does)
            return DeleteItemBatch.Success()
        request = pb._DeleteItemBatchRequest(index_name=name, filter=expression)
        await self._data.unary(_VECTOR + "DeleteItemBatch", request, pb._DeleteItemBatchResponse)
        return DeleteItemBatch.Success()

    @errors_as_values(Search.Error, Service.INDEX)
    async def search(
        self,
        index_name: str,
        query_vector: list[float],
        top_k: int = DEFAULT_TOP_K,
        metadata_fields: MetadataFields = None,
        score_threshold: float | None = None,
        filter: Filter | None = None,
    ) -> SearchResponse:
        """The ``top_k`` items closest to ``query_vector`` that ``filter`` matches, best first, each with the
        metadata named by ``metadata_fields`` (a list of fields, ``ALL_METADATA``, or None for none)."""
        fields = _search_fields(index_name, query_vector, top_k, metadata_fields, score_threshold, filter)
        reply = await self._data.unary(_VECTOR + "Search", pb._SearchRequest(**fields), pb._SearchResponse)
        return Search.Success(
            hits=[SearchHit(hit.score, hit.id, metadata_from_proto(hit.metadata)) for hit in reply.hits]
        )

    @errors_as_values(SearchAndFetchVectors.Error, Service.INDEX)
    async def search_and_fetch_vectors(
        self,
        index_name: str,
        query_vector: list[float],
        top_k: int = DEFAULT_TOP_K,
        metadata_fields: MetadataFields = None,
        score_threshold: float | None = None,
        filter: Filter | None = None,
    ) -> SearchAndFetchVectorsResponse:
        """:meth:`search`, with each hit's vector."""
        fields = _search_fields(index_name, query_vector, top_k, metadata_fields, score_threshold, filter)
        reply = await self._data.unary(
            _VECTOR + "SearchAndFetchVectors",
            pb._SearchAndFetchVectorsRequest(**fields),
            pb._SearchAndFetchVectorsResponse,
        )
        return SearchAndFetchVectors.Success(
            hits=[
                SearchAndFetchVectorsHit(
                    hit.score, hit.id, list(hit.vector.elements), metadata_from_proto(hit.metadata)
                )
                for hit in reply.hits
            ]
        )

    @errors_as_values(GetItemBatch.Error, Service.INDEX)
    async def get_item_batch(self, index_name: str, filter: list[str]) -> GetItemBatchResponse:
        """The items with the given ids (``filter``: a list of ids), with vectors and all metadata, by id; ids
        that do not exist are absent."""
        name = validation.index_name(index_name)
        ids = validation.ids(filter, "filter")
        if not ids:
            return GetItemBatch.Success(values={})
        request = pb._GetItemBatchRequest(
            index_name=name, filter=wire.ids_or_filter(ids), metadata_fields=wire.metadata_request(_ALL)
        )
        reply = await self._data.unary(_VECTOR + "GetItemBatch", request, pb._GetItemBatchResponse)
        items = (wire.item_from_proto(entry) for entry in reply.item_response)
        return GetItemBatch.Success(values={item.id: item for item in items if item is not None})

    @errors_as_values(GetItemMetadataBatch.Error, Service.INDEX)
    async def get_item_metadata_batch(self, index_name: str, filter: list[str]) -> GetItemMetadataBatchResponse:
        """The metadata of the items with the given ids (``filter``: a list of ids), by id; ids that do not exist
        are absent."""
        name = validation.index_name(index_name)
        ids = validation.ids(filter, "filter")
        if not ids:
            return GetItemMetadataBatch.Success(values={})
        request = pb._GetItemMetadataBatchRequest(
            index_name=name, filter=wire.ids_or_filter(ids), metadata_fields=wire.metadata_request(_ALL)
        )
        reply = await self._data.unary(_VECTOR + "GetItemMetadataBatch", request, pb._GetItemMetadataBatchResponse)
        entries = (wire.item_metadata_from_proto(entry) for entry in reply.item_metadata_response)
        values: dict[str, Metadata] = dict(entry for entry in entries if entry is not None)
        return GetItemMetadataBatch.Success(values=values)


_ALL = AllMetadata()


def _search_fields(
    index_name: object,
    query_vector: object,
    top_k: object,
    metadata_fields: object,
    score_threshold: object,
    filter: object,
) -> dict[str, Any]:
    """The fields that Search and SearchAndFetchVectors requests share, validated."""
    return {
        "index_name": validation.index_name(index_name),
        "top_k": validation.top_k(top_k),
        "query_vector": validation.vector(query_vector, "Query vector"),
        "metadata_fields": wire.metadata_request(metadata_fields),
        **wire.threshold(score_threshold),
        "filter": wire.optional_filter(filter),
    }

"""Momento Vector Index: the index control RPCs of ``control_client.ScsControl`` and the data service
``vectorindex.VectorIndex`` (a retired service; its last wire shape). The index is named in each request body.

Errors: an unknown index is NOT_FOUND, an existing one ALREADY_EXISTS; a vector or query of the wrong length,
non-finite numbers, a malformed filter and other bad arguments are INVALID_ARGUMENT, with Momento's messages
where it had them (``invalid parameter: <field>, <reason>``). Protocol: docs/protocol/vector-index.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from momento_web._messages import controlclient as control_pb
from momento_web._messages import vectorindex as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.vector_filters import (
    InvalidFilter,
    Metadata,
    Predicate,
    compile_filter,
    metadata_from_proto,
    metadata_to_proto,
)
from momento_web_emulator.vector_indexes import (
    IndexAlreadyExists,
    IndexNotFound,
    Item,
    Metric,
    VectorIndex,
    VectorIndexError,
    VectorIndexes,
    VectorLimitExceeded,
    ids_in,
    ids_matching,
)
from momento_web_emulator.vector_search import F32, Hit

_CONTROL = "/control_client.ScsControl/"
_SERVICE = "/vectorindex.VectorIndex/"
MAX_DIMENSIONS = 65_536  # a sanity bound: one item of more is a quarter megabyte of floats
_QUERY_DIMENSION_MISMATCH = "invalid parameter: query_vector, query vector dimension must match the index dimension"

Projection = Callable[[Metadata], Metadata]
SearchRequest = pb._SearchRequest | pb._SearchAndFetchVectorsRequest


def _invalid(message: str) -> GrpcError:
    return GrpcError(StatusCode.INVALID_ARGUMENT, message)


def _status(error: VectorIndexError | InvalidFilter) -> GrpcError:
    match error:
        case IndexNotFound():
            return GrpcError(StatusCode.NOT_FOUND, str(error))
        case IndexAlreadyExists():
            return GrpcError(StatusCode.ALREADY_EXISTS, str(error))
        case VectorLimitExceeded():
            return GrpcError(StatusCode.RESOURCE_EXHAUSTED, str(error))
    return _invalid(str(error))


def _index_name(name: str) -> str:
    if not name:
        raise _invalid("invalid parameter: index_name, index name must not be empty")
    return name


def _vector(vector: pb._Vector, field: str, what: str) -> F32:
    values = np.asarray(vector.elements, dtype=np.float32)
    if not np.isfinite(values).all():
        raise _invalid(f"invalid parameter: {field}, {what} elements must be finite numbers")
    return values


def _projection(present: bool, request: pb._MetadataRequest) -> Projection:
    """What metadata a reply carries: ``all``, the ``some`` fields named, or none (``metadata_fields`` unset)."""
    kind = request.WhichOneof("kind") if present else None
    if kind == "all":
        return lambda metadata: metadata
    if kind == "some":
        wanted = frozenset(request.some.fields)
        return lambda metadata: {name: value for name, value in metadata.items() if name in wanted}
    return lambda metadata: {}


def _filter(present: bool, expression: pb._FilterExpression) -> Predicate | None:
    try:
        return compile_filter(expression) if present else None
    except InvalidFilter as error:
        raise _status(error) from None


class VectorIndexControlService:
    """``CreateIndex``, ``DeleteIndex`` and ``ListIndexes`` on the control endpoint."""

    def __init__(self, indexes: VectorIndexes) -> None:
        self._indexes = indexes

    def rpcs(self) -> list[Rpc]:
        return [
            unary(_CONTROL + "CreateIndex", control_pb._CreateIndexRequest, self.create_index),
            unary(_CONTROL + "DeleteIndex", control_pb._DeleteIndexRequest, self.delete_index),
            unary(_CONTROL + "ListIndexes", control_pb._ListIndexesRequest, self.list_indexes),
        ]

    async def create_index(
        self, request: control_pb._CreateIndexRequest, ctx: CallContext
    ) -> control_pb._CreateIndexResponse:
        name = _index_name(request.index_name)
        if request.num_dimensions == 0:
            raise _invalid("invalid parameter: num_dimensions, number of dimensions must be greater than 0")
        if request.num_dimensions > MAX_DIMENSIONS:
            raise _invalid(f"invalid parameter: num_dimensions, number of dimensions must be at most {MAX_DIMENSIONS}")
        # Unset: cosine, the SDKs' default metric.
        kind = request.similarity_metric.WhichOneof("similarity_metric") or Metric.COSINE.value
        try:
            await self._indexes.create(name, request.num_dimensions, Metric(kind))
        except VectorIndexError as error:
            raise _status(error) from None
        return control_pb._CreateIndexResponse()

    async def delete_index(
        self, request: control_pb._DeleteIndexRequest, ctx: CallContext
    ) -> control_pb._DeleteIndexResponse:
        try:
            await self._indexes.drop(_index_name(request.index_name))
        except VectorIndexError as error:
            raise _status(error) from None
        return control_pb._DeleteIndexResponse()

    async def list_indexes(
        self, request: control_pb._ListIndexesRequest, ctx: CallContext
    ) -> control_pb._ListIndexesResponse:
        return control_pb._ListIndexesResponse(
            indexes=[
                control_pb._ListIndexesResponse._Index(
                    index_name=index.name,
                    num_dimensions=index.dimensions,
                    similarity_metric=_metric_to_proto(index.metric),
                )
                for index in self._indexes.all()
            ]
        )


def _metric_to_proto(metric: Metric) -> control_pb._SimilarityMetric:
    match metric:
        case Metric.COSINE:
            return control_pb._SimilarityMetric(cosine_similarity=control_pb._SimilarityMetric._CosineSimilarity())
        case Metric.INNER_PRODUCT:
            return control_pb._SimilarityMetric(inner_product=control_pb._SimilarityMetric._InnerProduct())
    return control_pb._SimilarityMetric(euclidean_similarity=control_pb._SimilarityMetric._EuclideanSimilarity())


class VectorIndexService:
    """``vectorindex.VectorIndex``: items and exact search."""

    def __init__(self, indexes: VectorIndexes) -> None:
        self._indexes = indexes

    def rpcs(self) -> list[Rpc]:
        return [
            unary(_SERVICE + "UpsertItemBatch", pb._UpsertItemBatchRequest, self.upsert_item_batch),
            unary(_SERVICE + "DeleteItemBatch", pb._DeleteItemBatchRequest, self.delete_item_batch),
            unary(_SERVICE + "Search", pb._SearchRequest, self.search),
            unary(_SERVICE + "SearchAndFetchVectors", pb._SearchAndFetchVectorsRequest, self.search_and_fetch_vectors),
            unary(_SERVICE + "GetItemMetadataBatch", pb._GetItemMetadataBatchRequest, self.get_item_metadata_batch),
            unary(_SERVICE + "GetItemBatch", pb._GetItemBatchRequest, self.get_item_batch),
            unary(_SERVICE + "CountItems", pb._CountItemsRequest, self.count_items),
        ]

    def _index(self, name: str) -> VectorIndex:
        try:
            return self._indexes.get(_index_name(name))
        except VectorIndexError as error:
            raise _status(error) from None

    async def upsert_item_batch(
        self, request: pb._UpsertItemBatchRequest, ctx: CallContext
    ) -> pb._UpsertItemBatchResponse:
        self._index(request.index_name)  # an unknown index is NOT_FOUND before any item is looked at
        try:
            items = [
                Item(item.id, _vector(item.vector, "vector", "vector"), metadata_from_proto(item.metadata))
                for item in request.items
            ]
            await self._indexes.upsert(request.index_name, items)
        except (VectorIndexError, InvalidFilter) as error:
            raise _status(error) from None
        return pb._UpsertItemBatchResponse()

    async def delete_item_batch(
        self, request: pb._DeleteItemBatchRequest, ctx: CallContext
    ) -> pb._DeleteItemBatchResponse:
        self._index(request.index_name)
        predicate = _filter(request.HasField("filter"), request.filter)
        # The filter is what current SDKs send; older ones listed ids.
        select = ids_matching(predicate) if predicate is not None else ids_in(list(request.ids))
        try:
            await self._indexes.delete(request.index_name, select)
        except VectorIndexError as error:
            raise _status(error) from None
        return pb._DeleteItemBatchResponse()

    async def count_items(self, request: pb._CountItemsRequest, ctx: CallContext) -> pb._CountItemsResponse:
        return pb._CountItemsResponse(item_count=len(self._index(request.index_name)))

    async def search(self, request: pb._SearchRequest, ctx: CallContext) -> pb._SearchResponse:
        index, hits, project = self._search(request)
        return pb._SearchResponse(
            hits=[
                pb._SearchHit(
                    id=hit.id, score=hit.score, metadata=metadata_to_proto(project(index.metadata_at(hit.row)))
                )
                for hit in hits
            ]
        )

    async def search_and_fetch_vectors(
        self, request: pb._SearchAndFetchVectorsRequest, ctx: CallContext
    ) -> pb._SearchAndFetchVectorsResponse:
        index, hits, project = self._search(request)
        return pb._SearchAndFetchVectorsResponse(
            hits=[
                pb._SearchAndFetchVectorsHit(
                    id=hit.id,
                    score=hit.score,
                    metadata=metadata_to_proto(project(index.metadata_at(hit.row))),
                    vector=pb._Vector(elements=index.vector_at(hit.row).tolist()),
                )
                for hit in hits
            ]
        )

    def _search(self, request: SearchRequest) -> tuple[VectorIndex, list[Hit], Projection]:
        index = self._index(request.index_name)
        if request.top_k == 0:
            raise _invalid("invalid parameter: top_k, top_k must be greater than 0")
        query = _vector(request.query_vector, "query_vector", "query vector")
        if query.shape != (index.dimensions,):
            raise _invalid(_QUERY_DIMENSION_MISMATCH)
        threshold = request.score_threshold if request.WhichOneof("threshold") == "score_threshold" else None
        if threshold is not None and math.isnan(threshold):
            raise _invalid("invalid parameter: score_threshold, score threshold must be a number")
        predicate = _filter(request.HasField("filter"), request.filter)
        hits = index.search(query, request.top_k, threshold, predicate)
        return index, hits, _projection(request.HasField("metadata_fields"), request.metadata_fields)

    async def get_item_batch(self, request: pb._GetItemBatchRequest, ctx: CallContext) -> pb._GetItemBatchResponse:
        items, project = self._items(request)
        return pb._GetItemBatchResponse(
            item_response=[
                pb._ItemResponse(
                    id=item.id,
                    vector=pb._Vector(elements=item.vector.tolist()),
                    metadata=metadata_to_proto(project(item.metadata)),
                )
                for item in items
            ]
        )

    async def get_item_metadata_batch(
        self, request: pb._GetItemMetadataBatchRequest, ctx: CallContext
    ) -> pb._GetItemMetadataBatchResponse:
        items, project = self._items(request)
        return pb._GetItemMetadataBatchResponse(
            item_metadata_response=[
                pb._ItemMetadataResponse(id=item.id, metadata=metadata_to_proto(project(item.metadata)))
                for item in items
            ]
        )

    def _items(
        self, request: pb._GetItemBatchRequest | pb._GetItemMetadataBatchRequest
    ) -> tuple[list[Item], Projection]:
        """The items a batch read names, found ones only: by id in request order (an id set, or the legacy id
        list), or every item a filter matches in id order."""
        index = self._index(request.index_name)
        project = _projection(request.HasField("metadata_fields"), request.metadata_fields)
        has_filter = request.HasField("filter")
        if has_filter and request.filter.WhichOneof("expression") != "id_in_set_expression":
            predicate = _filter(True, request.filter)
            ids = index.matching(predicate) if predicate is not None else []
        else:
            ids = list(dict.fromkeys(request.filter.id_in_set_expression.ids if has_filter else request.ids))
        found = (index.get(item_id) for item_id in ids)
        return [item for item in found if item is not None], project


__all__ = ["VectorIndexControlService", "VectorIndexService"]

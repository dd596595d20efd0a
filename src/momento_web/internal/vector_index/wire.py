"""Conversions between the vector index client's arguments and results and their wire messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from momento_web._messages import controlclient as control_pb
from momento_web._messages import vectorindex as pb
from momento_web.common_data.vector_index.item import Item, Metadata, metadata_from_proto
from momento_web.errors import UnknownException
from momento_web.internal.services import Service
from momento_web.internal.vector_index import validation
from momento_web.requests.vector_index.filters import FilterExpression, IdInSet, filter_to_proto
from momento_web.requests.vector_index.search import AllMetadata
from momento_web.requests.vector_index.similarity_metric import SimilarityMetric

_METRICS_BY_FIELD = {
    "euclidean_similarity": SimilarityMetric.EUCLIDEAN_SIMILARITY,
    "inner_product": SimilarityMetric.INNER_PRODUCT,
    "cosine_similarity": SimilarityMetric.COSINE_SIMILARITY,
}


def metric_to_proto(metric: object) -> control_pb._SimilarityMetric:
    if metric is SimilarityMetric.EUCLIDEAN_SIMILARITY:
        return control_pb._SimilarityMetric(euclidean_similarity=control_pb._SimilarityMetric._EuclideanSimilarity())
    if metric is SimilarityMetric.INNER_PRODUCT:
        return control_pb._SimilarityMetric(inner_product=control_pb._SimilarityMetric._InnerProduct())
    if metric is SimilarityMetric.COSINE_SIMILARITY:
        return control_pb._SimilarityMetric(cosine_similarity=control_pb._SimilarityMetric._CosineSimilarity())
    raise validation.invalid(f"Similarity metric must be a SimilarityMetric. Given type: {type(metric)}")


def metric_from_proto(metric: control_pb._SimilarityMetric) -> SimilarityMetric:
    name = metric.WhichOneof("similarity_metric")
    if name is None or name not in _METRICS_BY_FIELD:
        raise UnknownException(f"Unknown similarity metric: {name}", Service.INDEX)
    return _METRICS_BY_FIELD[name]


def items_to_proto(items: object) -> list[pb._Item]:
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise validation.invalid(f"Items must be a list of Item. Given type: {type(items)}")
    converted = []
    for item in items:
        if not isinstance(item, Item):
            raise validation.invalid(f"Items must be a list of Item. Given element type: {type(item)}")
        converted.append(item.to_proto())
    return converted


def metadata_request(fields: object) -> pb._MetadataRequest:
    """``ALL_METADATA`` → ``all``; a list of field names → ``some``; None → ``some`` of none."""
    if fields is None:
        return pb._MetadataRequest(some=pb._MetadataRequest.Some(fields=[]))
    if isinstance(fields, AllMetadata):
        return pb._MetadataRequest(all=pb._MetadataRequest.All())
    names = validation.ids(fields, "metadata_fields")
    return pb._MetadataRequest(some=pb._MetadataRequest.Some(fields=names))


def threshold(score_threshold: object) -> dict[str, Any]:
    """The ``threshold`` oneof as request keyword arguments."""
    if score_threshold is None:
        return {"no_score_threshold": pb._NoScoreThreshold()}
    return {"score_threshold": validation.float_value(score_threshold, "Score threshold")}


def optional_filter(expression: object) -> pb._FilterExpression | None:
    return None if expression is None else filter_to_proto(expression)


def ids_or_filter(target: object) -> pb._FilterExpression | None:
    """What ``delete_item_batch`` deletes: a filter, or ids (None: an empty list of ids, nothing to send)."""
    if isinstance(target, FilterExpression) or hasattr(target, "to_filter_expression_proto"):  # or a Field
        return filter_to_proto(target)
    if isinstance(target, str | bytes) or not isinstance(target, Iterable):
        raise validation.invalid(f"filter must be a FilterExpression or a list of item ids. Given type: {type(target)}")
    ids = validation.ids(target, "filter")
    return IdInSet(ids).to_filter_expression_proto() if ids else None


def item_from_proto(entry: pb._ItemResponse) -> Item | None:
    """An entry of a GetItemBatch reply; None for a legacy ``miss``. Current servers set the flat fields only."""
    if entry.HasField("hit"):
        hit = entry.hit
        return Item(hit.id, list(hit.vector.elements), metadata_from_proto(hit.metadata))
    if entry.HasField("miss"):
        return None
    return Item(entry.id, list(entry.vector.elements), metadata_from_proto(entry.metadata))


def item_metadata_from_proto(entry: pb._ItemMetadataResponse) -> tuple[str, Metadata] | None:
    """An entry of a GetItemMetadataBatch reply as ``(id, metadata)``; None for a legacy ``miss``."""
    if entry.HasField("hit"):
        return entry.hit.id, metadata_from_proto(entry.hit.metadata)
    if entry.HasField("miss"):
        return None
    return entry.id, metadata_from_proto(entry.metadata)

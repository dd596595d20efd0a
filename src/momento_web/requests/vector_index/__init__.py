"""Vector index request types (mirrors ``momento.requests.vector_index`` of momento 1.20.1).

``from momento_web.requests.vector_index import ALL_METADATA, Field, Item, SimilarityMetric, filters as F``
"""

from momento_web.common_data.vector_index.item import Item, ItemMetadata, Metadata
from momento_web.requests.vector_index import filters
from momento_web.requests.vector_index.filter_field import Field
from momento_web.requests.vector_index.filters import FilterExpression
from momento_web.requests.vector_index.search import ALL_METADATA, AllMetadata
from momento_web.requests.vector_index.similarity_metric import SimilarityMetric

__all__ = [
    "ALL_METADATA",
    "AllMetadata",
    "Field",
    "FilterExpression",
    "Item",
    "ItemMetadata",
    "Metadata",
    "SimilarityMetric",
    "filters",
]

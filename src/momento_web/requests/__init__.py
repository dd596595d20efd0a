"""Request helpers, as ``momento.requests`` (plus the JS SDK's union-store and batch inputs)."""

from momento_web.requests.batch import SetBatchItem
from momento_web.requests.collection_ttl import CollectionTtl
from momento_web.requests.sort_order import SortOrder
from momento_web.requests.sorted_set import SortedSetAggregate, SortedSetSource

__all__ = ["CollectionTtl", "SetBatchItem", "SortOrder", "SortedSetAggregate", "SortedSetSource"]

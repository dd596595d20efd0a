"""Items of a vector index (mirrors ``momento.common_data.vector_index`` of momento 1.20.1)."""

from momento_web.common_data.vector_index.item import Item, ItemMetadata, Metadata, MetadataValue

__all__ = ["Item", "ItemMetadata", "Metadata", "MetadataValue"]

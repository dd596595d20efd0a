"""Responses of index management: ``create_index``, ``delete_index``, ``list_indexes``."""

from momento_web.responses.vector_index.control.create import CreateIndex, CreateIndexResponse
from momento_web.responses.vector_index.control.delete import DeleteIndex, DeleteIndexResponse
from momento_web.responses.vector_index.control.list import IndexInfo, ListIndexes, ListIndexesResponse

__all__ = [
    "CreateIndex",
    "CreateIndexResponse",
    "DeleteIndex",
    "DeleteIndexResponse",
    "IndexInfo",
    "ListIndexes",
    "ListIndexesResponse",
]

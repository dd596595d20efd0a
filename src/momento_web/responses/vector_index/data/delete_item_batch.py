from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.vector_index.response import VectorIndexResponse


class DeleteItemBatchResponse(VectorIndexResponse):
    """``DeleteItemBatch.Success`` (ids that did not exist are no error) or ``.Error``."""


class DeleteItemBatch:
    class Success(DeleteItemBatchResponse, Unit): ...

    class Error(DeleteItemBatchResponse, ErrorVariant): ...

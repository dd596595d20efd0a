from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.vector_index.response import VectorIndexResponse


class UpsertItemBatchResponse(VectorIndexResponse):
    """``UpsertItemBatch.Success`` (every item written) or ``.Error`` (none written)."""


class UpsertItemBatch:
    class Success(UpsertItemBatchResponse, Unit): ...

    class Error(UpsertItemBatchResponse, ErrorVariant): ...

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.vector_index.response import VectorIndexResponse


class DeleteIndexResponse(VectorIndexResponse):
    """``DeleteIndex.Success`` or ``.Error`` (NOT_FOUND_ERROR for an index that does not exist)."""


class DeleteIndex:
    class Success(DeleteIndexResponse, Unit): ...

    class Error(DeleteIndexResponse, ErrorVariant): ...

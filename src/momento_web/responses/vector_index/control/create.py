from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.vector_index.response import VectorIndexResponse


class CreateIndexResponse(VectorIndexResponse):
    """``CreateIndex.Success``, ``.IndexAlreadyExists`` or ``.Error``."""


class CreateIndex:
    class Success(CreateIndexResponse, Unit): ...

    class IndexAlreadyExists(CreateIndexResponse, Unit):
        """An index of that name exists already (whatever its dimensions and metric); it is left as it is."""

    class Error(CreateIndexResponse, ErrorVariant): ...

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.requests.vector_index.similarity_metric import SimilarityMetric
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.response import VectorIndexResponse


@dataclass(frozen=True)
class IndexInfo:
    """An index: its name, the dimensions of its vectors and its similarity metric."""

    name: str
    num_dimensions: int
    similarity_metric: SimilarityMetric


class ListIndexesResponse(VectorIndexResponse):
    """``ListIndexes.Success`` with every index, or ``.Error``."""


class ListIndexes:
    @dataclass(frozen=True)
    class Success(ListIndexesResponse):
        indexes: list[IndexInfo] = field(default_factory=list)

        def __hash__(self) -> int:
            return hash(tuple(self.indexes))

    class Error(ListIndexesResponse, ErrorVariant): ...

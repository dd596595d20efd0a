from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.common_data.vector_index.item import Metadata
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.data.search import SearchHit
from momento_web.responses.vector_index.response import VectorIndexResponse


@dataclass(frozen=True, init=False, repr=False)
class SearchAndFetchVectorsHit(SearchHit):
    """A :class:`SearchHit` that also carries the item's vector."""

    vector: list[float] = field(default_factory=list)

    def __init__(self, score: float, id: str, vector: list[float], metadata: Metadata | None = None) -> None:
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "vector", vector)
        object.__setattr__(self, "metadata", {} if metadata is None else metadata)

    def __repr__(self) -> str:
        return (
            f"SearchAndFetchVectorsHit(score={self.score!r}, id={self.id!r}, vector={self.vector!r}, "
            f"metadata={self.metadata!r})"
        )

    def __hash__(self) -> int:
        return hash((self.score, self.id))


class SearchAndFetchVectorsResponse(VectorIndexResponse):
    """``SearchAndFetchVectors.Success`` with the hits and their vectors, best first, or ``.Error``."""


class SearchAndFetchVectors:
    @dataclass(frozen=True)
    class Success(SearchAndFetchVectorsResponse):
        hits: list[SearchAndFetchVectorsHit] = field(default_factory=list)

        def __hash__(self) -> int:
            return hash(tuple(self.hits))

    class Error(SearchAndFetchVectorsResponse, ErrorVariant): ...

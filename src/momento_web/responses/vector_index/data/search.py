from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.common_data.vector_index.item import Metadata
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.response import VectorIndexResponse


@dataclass(frozen=True)
class SearchHit:
    """A search result: the item's id, its score against the query and the metadata asked for (``{}`` when none
    was). Compared by value; hashed by score and id."""

    score: float
    id: str
    metadata: Metadata = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.metadata is None:
            object.__setattr__(self, "metadata", {})

    def __hash__(self) -> int:
        return hash((self.score, self.id))


class SearchResponse(VectorIndexResponse):
    """``Search.Success`` with the hits, best first, or ``.Error``."""


class Search:
    @dataclass(frozen=True)
    class Success(SearchResponse):
        hits: list[SearchHit] = field(default_factory=list)

        def __hash__(self) -> int:
            return hash(tuple(self.hits))

    class Error(SearchResponse, ErrorVariant): ...

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.common_data.vector_index.item import Metadata
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.response import VectorIndexResponse


class GetItemMetadataBatchResponse(VectorIndexResponse):
    """``GetItemMetadataBatch.Success`` with the metadata of the items found, by id, or ``.Error``."""


class GetItemMetadataBatch:
    @dataclass(frozen=True)
    class Success(GetItemMetadataBatchResponse):
        """``values`` holds the ids that exist (``{}`` for an item without metadata); a missing id is absent."""

        values: dict[str, Metadata] = field(default_factory=dict)

        def __hash__(self) -> int:
            return hash(frozenset(self.values))

    class Error(GetItemMetadataBatchResponse, ErrorVariant): ...

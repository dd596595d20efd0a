from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.common_data.vector_index.item import Item
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.response import VectorIndexResponse


class GetItemBatchResponse(VectorIndexResponse):
    """``GetItemBatch.Success`` with the items found, by id, or ``.Error``."""


class GetItemBatch:
    @dataclass(frozen=True)
    class Success(GetItemBatchResponse):
        """``values`` holds the ids that exist; a missing id is simply absent."""

        values: dict[str, Item] = field(default_factory=dict)

        def __hash__(self) -> int:
            return hash(frozenset(self.values))

    class Error(GetItemBatchResponse, ErrorVariant): ...

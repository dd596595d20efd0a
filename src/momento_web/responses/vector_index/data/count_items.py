from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.vector_index.response import VectorIndexResponse


class CountItemsResponse(VectorIndexResponse):
    """``CountItems.Success`` with the number of items in the index, or ``.Error``."""


class CountItems:
    @dataclass(frozen=True)
    class Success(CountItemsResponse):
        item_count: int

    class Error(CountItemsResponse, ErrorVariant): ...

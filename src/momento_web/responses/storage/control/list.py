"""Responses of ``list_stores``."""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


@dataclass(frozen=True)
class StoreInfo:
    name: str


class ListStoresResponse(ControlResponse):
    """``ListStores.Success`` with every store, or ``.Error``."""


class ListStores:
    @dataclass(frozen=True)
    class Success(ListStoresResponse):
        stores: list[StoreInfo] = field(default_factory=list)

        def __hash__(self) -> int:
            return hash(tuple(self.stores))

    class Error(ListStoresResponse, ErrorVariant): ...

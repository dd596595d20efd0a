from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


@dataclass(frozen=True)
class CacheInfo:
    name: str


class ListCachesResponse(ControlResponse):
    """``ListCaches.Success`` with every cache, or ``.Error``."""


class ListCaches:
    @dataclass(frozen=True)
    class Success(ListCachesResponse):
        caches: list[CacheInfo] = field(default_factory=list)

        def __hash__(self) -> int:
            return hash(tuple(self.caches))

    class Error(ListCachesResponse, ErrorVariant): ...

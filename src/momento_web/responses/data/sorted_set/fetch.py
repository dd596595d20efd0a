"""Responses of ``sorted_set_fetch``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSortedSetFetchResponse(CacheResponse):
    """``CacheSortedSetFetch.Hit(value_list_bytes)``, ``.Miss`` or ``.Error``."""


class CacheSortedSetFetch:
    @dataclass(frozen=True)
    class Hit(CacheSortedSetFetchResponse):
        """``(value, score)`` pairs in the requested order."""

        value_list_bytes: list[tuple[bytes, float]]

        @property
        def value_list_string(self) -> list[tuple[str, float]]:
            return [(value.decode("utf-8"), score) for value, score in self.value_list_bytes]

    class Miss(CacheSortedSetFetchResponse, Unit): ...

    class Error(CacheSortedSetFetchResponse, ErrorVariant): ...

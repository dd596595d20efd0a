"""Responses of ``sorted_set_union_store`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import CacheResponse


class CacheSortedSetUnionStoreResponse(CacheResponse):
    """``CacheSortedSetUnionStore.Success(length)`` (elements stored) or ``.Error``."""


class CacheSortedSetUnionStore:
    @dataclass(frozen=True)
    class Success(CacheSortedSetUnionStoreResponse):
        length: int

    class Error(CacheSortedSetUnionStoreResponse, ErrorVariant): ...

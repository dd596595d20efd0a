"""Responses of ``get_batch`` and ``set_batch`` (server-streaming RPCs; one result per item, in request order)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.data._accessors import DictionaryViewsMixin
from momento_web.responses.data.scalar import CacheGet, CacheGetResponse, CacheSetResponse
from momento_web.responses.response import CacheResponse


class CacheGetBatchResponse(CacheResponse):
    """``CacheGetBatch.Success`` or ``CacheGetBatch.Error`` (the whole call failed)."""


class CacheGetBatch:
    @dataclass(frozen=True)
    class Success(CacheGetBatchResponse, DictionaryViewsMixin):
        """``responses[i]`` is the ``CacheGet`` result for ``keys[i]``; the dictionaries hold the hits only."""

        responses: list[CacheGetResponse]
        keys: list[bytes]

        @property
        def value_dictionary_bytes_bytes(self) -> dict[bytes, bytes]:
            return {
                key: response.value_bytes
                for key, response in zip(self.keys, self.responses, strict=True)
                if isinstance(response, CacheGet.Hit)
            }

    class Error(CacheGetBatchResponse, ErrorVariant): ...


class CacheSetBatchResponse(CacheResponse):
    """``CacheSetBatch.Success`` or ``CacheSetBatch.Error`` (the whole call failed)."""


class CacheSetBatch:
    @dataclass(frozen=True)
    class Success(CacheSetBatchResponse):
        """``responses[i]`` is the ``CacheSet`` result for the i-th item."""

        responses: list[CacheSetResponse]

    class Error(CacheSetBatchResponse, ErrorVariant): ...

"""Responses of ``dictionary_fetch``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import DictionaryViewsMixin
from momento_web.responses.response import CacheResponse


class CacheDictionaryFetchResponse(CacheResponse):
    """``CacheDictionaryFetch.Hit`` (every field), ``.Miss`` or ``.Error``."""


class CacheDictionaryFetch:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryFetchResponse, DictionaryViewsMixin):
        value_dictionary_bytes_bytes: dict[bytes, bytes]

    class Miss(CacheDictionaryFetchResponse, Unit): ...

    class Error(CacheDictionaryFetchResponse, ErrorVariant): ...

"""Responses of ``dictionary_length`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDictionaryLengthResponse(CacheResponse):
    """``CacheDictionaryLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheDictionaryLength:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryLengthResponse):
        length: int

    class Miss(CacheDictionaryLengthResponse, Unit): ...

    class Error(CacheDictionaryLengthResponse, ErrorVariant): ...

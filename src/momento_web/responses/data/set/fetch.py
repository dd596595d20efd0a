"""Responses of ``set_fetch``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueSetStringMixin
from momento_web.responses.response import CacheResponse


class CacheSetFetchResponse(CacheResponse):
    """``CacheSetFetch.Hit(value_set_bytes)``, ``.Miss`` or ``.Error``."""


class CacheSetFetch:
    @dataclass(frozen=True)
    class Hit(CacheSetFetchResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetFetchResponse, Unit): ...

    class Error(CacheSetFetchResponse, ErrorVariant): ...

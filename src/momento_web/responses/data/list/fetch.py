"""Responses of ``list_fetch``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueListStringMixin
from momento_web.responses.response import CacheResponse


class CacheListFetchResponse(CacheResponse):
    """``CacheListFetch.Hit(value_list_bytes)``, ``.Miss`` or ``.Error``."""


class CacheListFetch:
    @dataclass(frozen=True)
    class Hit(CacheListFetchResponse, ValueListStringMixin):
        value_list_bytes: list[bytes]

    class Miss(CacheListFetchResponse, Unit): ...

    class Error(CacheListFetchResponse, ErrorVariant): ...

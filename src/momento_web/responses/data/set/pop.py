"""Responses of ``set_pop`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueSetStringMixin
from momento_web.responses.response import CacheResponse


class CacheSetPopResponse(CacheResponse):
    """``CacheSetPop.Hit(value_set_bytes)`` (the removed elements), ``.Miss`` or ``.Error``."""


class CacheSetPop:
    @dataclass(frozen=True)
    class Hit(CacheSetPopResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetPopResponse, Unit): ...

    class Error(CacheSetPopResponse, ErrorVariant): ...

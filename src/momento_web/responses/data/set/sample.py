"""Responses of ``set_sample`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueSetStringMixin
from momento_web.responses.response import CacheResponse


class CacheSetSampleResponse(CacheResponse):
    """``CacheSetSample.Hit(value_set_bytes)`` (up to ``limit`` random elements), ``.Miss`` or ``.Error``."""


class CacheSetSample:
    @dataclass(frozen=True)
    class Hit(CacheSetSampleResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetSampleResponse, Unit): ...

    class Error(CacheSetSampleResponse, ErrorVariant): ...

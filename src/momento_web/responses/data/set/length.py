"""Responses of ``set_length`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetLengthResponse(CacheResponse):
    """``CacheSetLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSetLength:
    @dataclass(frozen=True)
    class Hit(CacheSetLengthResponse):
        length: int

    class Miss(CacheSetLengthResponse, Unit): ...

    class Error(CacheSetLengthResponse, ErrorVariant): ...

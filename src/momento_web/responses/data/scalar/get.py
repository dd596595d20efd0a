"""Responses of ``get``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheGetResponse(CacheResponse):
    """``CacheGet.Hit``, ``CacheGet.Miss`` or ``CacheGet.Error``."""


class CacheGet:
    @dataclass(frozen=True)
    class Hit(CacheGetResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheGetResponse, Unit): ...

    class Error(CacheGetResponse, ErrorVariant): ...

"""Responses of ``list_pop_front``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheListPopFrontResponse(CacheResponse):
    """``CacheListPopFront.Hit(value_bytes)``, ``.Miss`` (no such list) or ``.Error``."""


class CacheListPopFront:
    @dataclass(frozen=True)
    class Hit(CacheListPopFrontResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheListPopFrontResponse, Unit): ...

    class Error(CacheListPopFrontResponse, ErrorVariant): ...

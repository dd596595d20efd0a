"""Responses of ``list_pop_back``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheListPopBackResponse(CacheResponse):
    """``CacheListPopBack.Hit(value_bytes)``, ``.Miss`` (no such list) or ``.Error``."""


class CacheListPopBack:
    @dataclass(frozen=True)
    class Hit(CacheListPopBackResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheListPopBackResponse, Unit): ...

    class Error(CacheListPopBackResponse, ErrorVariant): ...

"""Responses of ``list_length``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheListLengthResponse(CacheResponse):
    """``CacheListLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheListLength:
    @dataclass(frozen=True)
    class Hit(CacheListLengthResponse):
        length: int

    class Miss(CacheListLengthResponse, Unit): ...

    class Error(CacheListLengthResponse, ErrorVariant): ...

"""Responses of ``dictionary_get_field``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import FieldStringMixin
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheDictionaryGetFieldResponse(CacheResponse):
    """``CacheDictionaryGetField.Hit``, ``.Miss`` (no such dictionary or field) or ``.Error``."""


class CacheDictionaryGetField:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryGetFieldResponse, ValueStringMixin, FieldStringMixin):
        value_bytes: bytes
        field_bytes: bytes

    class Miss(CacheDictionaryGetFieldResponse, Unit): ...

    class Error(CacheDictionaryGetFieldResponse, ErrorVariant): ...

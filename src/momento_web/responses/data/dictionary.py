"""Responses of dictionary operations."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import DictionaryViewsMixin, FieldStringMixin
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheDictionaryFetchResponse(CacheResponse):
    """``CacheDictionaryFetch.Hit`` (every field), ``.Miss`` or ``.Error``."""


class CacheDictionaryFetch:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryFetchResponse, DictionaryViewsMixin):
        value_dictionary_bytes_bytes: dict[bytes, bytes]

    class Miss(CacheDictionaryFetchResponse, Unit): ...

    class Error(CacheDictionaryFetchResponse, ErrorVariant): ...


class CacheDictionaryGetFieldResponse(CacheResponse):
    """``CacheDictionaryGetField.Hit``, ``.Miss`` (no such dictionary or field) or ``.Error``."""


class CacheDictionaryGetField:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryGetFieldResponse, ValueStringMixin, FieldStringMixin):
        value_bytes: bytes
        field_bytes: bytes

    class Miss(CacheDictionaryGetFieldResponse, Unit): ...

    class Error(CacheDictionaryGetFieldResponse, ErrorVariant): ...


class CacheDictionaryGetFieldsResponse(CacheResponse):
    """``CacheDictionaryGetFields.Hit``, ``.Miss`` (no such dictionary) or ``.Error``."""


class CacheDictionaryGetFields:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryGetFieldsResponse, DictionaryViewsMixin):
        """One ``CacheDictionaryGetField`` result per requested field; the dictionaries hold the hits only."""

        responses: list[CacheDictionaryGetFieldResponse]

        @property
        def value_dictionary_bytes_bytes(self) -> dict[bytes, bytes]:
            return {
                response.field_bytes: response.value_bytes
                for response in self.responses
                if isinstance(response, CacheDictionaryGetField.Hit)
            }

    class Miss(CacheDictionaryGetFieldsResponse, Unit): ...

    class Error(CacheDictionaryGetFieldsResponse, ErrorVariant): ...


class CacheDictionarySetFieldResponse(CacheResponse):
    """``CacheDictionarySetField.Success`` or ``.Error``."""


class CacheDictionarySetField:
    class Success(CacheDictionarySetFieldResponse, Unit): ...

    class Error(CacheDictionarySetFieldResponse, ErrorVariant): ...


class CacheDictionarySetFieldsResponse(CacheResponse):
    """``CacheDictionarySetFields.Success`` or ``.Error``."""


class CacheDictionarySetFields:
    class Success(CacheDictionarySetFieldsResponse, Unit): ...

    class Error(CacheDictionarySetFieldsResponse, ErrorVariant): ...


class CacheDictionaryIncrementResponse(CacheResponse):
    """``CacheDictionaryIncrement.Success`` with the field's new value, or ``.Error``."""


class CacheDictionaryIncrement:
    @dataclass(frozen=True)
    class Success(CacheDictionaryIncrementResponse):
        value: int

    class Error(CacheDictionaryIncrementResponse, ErrorVariant): ...


class CacheDictionaryRemoveFieldResponse(CacheResponse):
    """``CacheDictionaryRemoveField.Success`` (also when nothing was there) or ``.Error``."""


class CacheDictionaryRemoveField:
    class Success(CacheDictionaryRemoveFieldResponse, Unit): ...

    class Error(CacheDictionaryRemoveFieldResponse, ErrorVariant): ...


class CacheDictionaryRemoveFieldsResponse(CacheResponse):
    """``CacheDictionaryRemoveFields.Success`` (also when nothing was there) or ``.Error``."""


class CacheDictionaryRemoveFields:
    class Success(CacheDictionaryRemoveFieldsResponse, Unit): ...

    class Error(CacheDictionaryRemoveFieldsResponse, ErrorVariant): ...


class CacheDictionaryLengthResponse(CacheResponse):
    """``CacheDictionaryLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheDictionaryLength:
    @dataclass(frozen=True)
    class Hit(CacheDictionaryLengthResponse):
        length: int

    class Miss(CacheDictionaryLengthResponse, Unit): ...

    class Error(CacheDictionaryLengthResponse, ErrorVariant): ...

"""Responses of ``dictionary_get_fields``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import DictionaryViewsMixin
from momento_web.responses.data.dictionary.get_field import CacheDictionaryGetField, CacheDictionaryGetFieldResponse
from momento_web.responses.response import CacheResponse


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

"""Responses of ``dictionary_set_fields``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDictionarySetFieldsResponse(CacheResponse):
    """``CacheDictionarySetFields.Success`` or ``.Error``."""


class CacheDictionarySetFields:
    class Success(CacheDictionarySetFieldsResponse, Unit): ...

    class Error(CacheDictionarySetFieldsResponse, ErrorVariant): ...

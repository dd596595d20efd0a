"""Responses of ``dictionary_set_field``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDictionarySetFieldResponse(CacheResponse):
    """``CacheDictionarySetField.Success`` or ``.Error``."""


class CacheDictionarySetField:
    class Success(CacheDictionarySetFieldResponse, Unit): ...

    class Error(CacheDictionarySetFieldResponse, ErrorVariant): ...

"""Responses of ``dictionary_remove_fields``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDictionaryRemoveFieldsResponse(CacheResponse):
    """``CacheDictionaryRemoveFields.Success`` (also when nothing was there) or ``.Error``."""


class CacheDictionaryRemoveFields:
    class Success(CacheDictionaryRemoveFieldsResponse, Unit): ...

    class Error(CacheDictionaryRemoveFieldsResponse, ErrorVariant): ...

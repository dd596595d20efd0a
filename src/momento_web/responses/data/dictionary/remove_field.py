"""Responses of ``dictionary_remove_field``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheDictionaryRemoveFieldResponse(CacheResponse):
    """``CacheDictionaryRemoveField.Success`` (also when nothing was there) or ``.Error``."""


class CacheDictionaryRemoveField:
    class Success(CacheDictionaryRemoveFieldResponse, Unit): ...

    class Error(CacheDictionaryRemoveFieldResponse, ErrorVariant): ...

"""Responses of ``set_if_not_exists``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetIfNotExistsResponse(CacheResponse):
    """``CacheSetIfNotExists.Stored``, ``.NotStored`` or ``.Error``."""


class CacheSetIfNotExists:
    class Stored(CacheSetIfNotExistsResponse, Unit): ...

    class NotStored(CacheSetIfNotExistsResponse, Unit): ...

    class Error(CacheSetIfNotExistsResponse, ErrorVariant): ...

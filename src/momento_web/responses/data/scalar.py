"""Responses of scalar (single key) operations."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheGetResponse(CacheResponse):
    """``CacheGet.Hit``, ``CacheGet.Miss`` or ``CacheGet.Error``."""


class CacheGet:
    @dataclass(frozen=True)
    class Hit(CacheGetResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheGetResponse, Unit): ...

    class Error(CacheGetResponse, ErrorVariant): ...


class CacheSetResponse(CacheResponse):
    """``CacheSet.Success`` or ``CacheSet.Error``."""


class CacheSet:
    class Success(CacheSetResponse, Unit): ...

    class Error(CacheSetResponse, ErrorVariant): ...


class CacheDeleteResponse(CacheResponse):
    """``CacheDelete.Success`` or ``CacheDelete.Error``; deleting a missing key succeeds."""


class CacheDelete:
    class Success(CacheDeleteResponse, Unit): ...

    class Error(CacheDeleteResponse, ErrorVariant): ...


class CacheIncrementResponse(CacheResponse):
    """``CacheIncrement.Success`` with the value after the increment, or ``CacheIncrement.Error``."""


class CacheIncrement:
    @dataclass(frozen=True)
    class Success(CacheIncrementResponse):
        value: int

    class Error(CacheIncrementResponse, ErrorVariant): ...


class CacheSetIfNotExistsResponse(CacheResponse):
    """``CacheSetIfNotExists.Stored``, ``.NotStored`` or ``.Error``."""


class CacheSetIfNotExists:
    class Stored(CacheSetIfNotExistsResponse, Unit): ...

    class NotStored(CacheSetIfNotExistsResponse, Unit): ...

    class Error(CacheSetIfNotExistsResponse, ErrorVariant): ...


class CachePingResponse(CacheResponse):
    """``CachePing.Success`` or ``CachePing.Error`` (the JS web SDK's ``ping``)."""


class CachePing:
    class Success(CachePingResponse, Unit): ...

    class Error(CachePingResponse, ErrorVariant): ...

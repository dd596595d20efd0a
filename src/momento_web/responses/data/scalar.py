"""Responses of scalar (single key) operations."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin, ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheGetResponse(CacheResponse):
    """``CacheGet.Hit``, ``CacheGet.Miss`` or ``CacheGet.Error``."""


class CacheGet:
    @dataclass(frozen=True)
    class Hit(CacheGetResponse, ValueStringMixin):
        value_bytes: bytes

    @dataclass(frozen=True)
    class Miss(CacheGetResponse):
        pass

    @dataclass(frozen=True)
    class Error(CacheGetResponse, ErrorResponseMixin):
        _error: SdkException


class CacheSetResponse(CacheResponse):
    """``CacheSet.Success`` or ``CacheSet.Error``."""


class CacheSet:
    @dataclass(frozen=True)
    class Success(CacheSetResponse):
        pass

    @dataclass(frozen=True)
    class Error(CacheSetResponse, ErrorResponseMixin):
        _error: SdkException


class CacheDeleteResponse(CacheResponse):
    """``CacheDelete.Success`` or ``CacheDelete.Error``; deleting a missing key succeeds."""


class CacheDelete:
    @dataclass(frozen=True)
    class Success(CacheDeleteResponse):
        pass

    @dataclass(frozen=True)
    class Error(CacheDeleteResponse, ErrorResponseMixin):
        _error: SdkException


class CacheIncrementResponse(CacheResponse):
    """``CacheIncrement.Success`` with the value after the increment, or ``CacheIncrement.Error``."""


class CacheIncrement:
    @dataclass(frozen=True)
    class Success(CacheIncrementResponse):
        value: int

    @dataclass(frozen=True)
    class Error(CacheIncrementResponse, ErrorResponseMixin):
        _error: SdkException


class CacheSetIfNotExistsResponse(CacheResponse):
    """``CacheSetIfNotExists.Stored``, ``.NotStored`` or ``.Error``."""


class CacheSetIfNotExists:
    @dataclass(frozen=True)
    class Stored(CacheSetIfNotExistsResponse):
        pass

    @dataclass(frozen=True)
    class NotStored(CacheSetIfNotExistsResponse):
        pass

    @dataclass(frozen=True)
    class Error(CacheSetIfNotExistsResponse, ErrorResponseMixin):
        _error: SdkException


class CachePingResponse(CacheResponse):
    """``CachePing.Success`` or ``CachePing.Error`` (the JS web SDK's ``ping``)."""


class CachePing:
    @dataclass(frozen=True)
    class Success(CachePingResponse):
        pass

    @dataclass(frozen=True)
    class Error(CachePingResponse, ErrorResponseMixin):
        _error: SdkException

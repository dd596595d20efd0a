"""Responses of list operations."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueListStringMixin
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse


class CacheListFetchResponse(CacheResponse):
    """``CacheListFetch.Hit(value_list_bytes)``, ``.Miss`` or ``.Error``."""


class CacheListFetch:
    @dataclass(frozen=True)
    class Hit(CacheListFetchResponse, ValueListStringMixin):
        value_list_bytes: list[bytes]

    class Miss(CacheListFetchResponse, Unit): ...

    class Error(CacheListFetchResponse, ErrorVariant): ...


class CacheListLengthResponse(CacheResponse):
    """``CacheListLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheListLength:
    @dataclass(frozen=True)
    class Hit(CacheListLengthResponse):
        length: int

    class Miss(CacheListLengthResponse, Unit): ...

    class Error(CacheListLengthResponse, ErrorVariant): ...


class CacheListPopBackResponse(CacheResponse):
    """``CacheListPopBack.Hit(value_bytes)``, ``.Miss`` (no such list) or ``.Error``."""


class CacheListPopBack:
    @dataclass(frozen=True)
    class Hit(CacheListPopBackResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheListPopBackResponse, Unit): ...

    class Error(CacheListPopBackResponse, ErrorVariant): ...


class CacheListPopFrontResponse(CacheResponse):
    """``CacheListPopFront.Hit(value_bytes)``, ``.Miss`` (no such list) or ``.Error``."""


class CacheListPopFront:
    @dataclass(frozen=True)
    class Hit(CacheListPopFrontResponse, ValueStringMixin):
        value_bytes: bytes

    class Miss(CacheListPopFrontResponse, Unit): ...

    class Error(CacheListPopFrontResponse, ErrorVariant): ...


class CacheListPushBackResponse(CacheResponse):
    """``CacheListPushBack.Success(list_length)`` or ``.Error``."""


class CacheListPushBack:
    @dataclass(frozen=True)
    class Success(CacheListPushBackResponse):
        list_length: int

    class Error(CacheListPushBackResponse, ErrorVariant): ...


class CacheListPushFrontResponse(CacheResponse):
    """``CacheListPushFront.Success(list_length)`` or ``.Error``."""


class CacheListPushFront:
    @dataclass(frozen=True)
    class Success(CacheListPushFrontResponse):
        list_length: int

    class Error(CacheListPushFrontResponse, ErrorVariant): ...


class CacheListConcatenateBackResponse(CacheResponse):
    """``CacheListConcatenateBack.Success(list_length)`` or ``.Error``."""


class CacheListConcatenateBack:
    @dataclass(frozen=True)
    class Success(CacheListConcatenateBackResponse):
        list_length: int

    class Error(CacheListConcatenateBackResponse, ErrorVariant): ...


class CacheListConcatenateFrontResponse(CacheResponse):
    """``CacheListConcatenateFront.Success(list_length)`` or ``.Error``."""


class CacheListConcatenateFront:
    @dataclass(frozen=True)
    class Success(CacheListConcatenateFrontResponse):
        list_length: int

    class Error(CacheListConcatenateFrontResponse, ErrorVariant): ...


class CacheListRemoveValueResponse(CacheResponse):
    """``CacheListRemoveValue.Success`` (also when the list or value is absent) or ``.Error``."""


class CacheListRemoveValue:
    class Success(CacheListRemoveValueResponse, Unit): ...

    class Error(CacheListRemoveValueResponse, ErrorVariant): ...


class CacheListRetainResponse(CacheResponse):
    """``CacheListRetain.Success`` (also when the list is absent) or ``.Error``."""


class CacheListRetain:
    class Success(CacheListRetainResponse, Unit): ...

    class Error(CacheListRetainResponse, ErrorVariant): ...

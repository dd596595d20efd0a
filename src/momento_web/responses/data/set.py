"""Responses of set operations."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import ValueSetStringMixin
from momento_web.responses.response import CacheResponse


class CacheSetAddElementResponse(CacheResponse):
    """``CacheSetAddElement.Success`` or ``.Error``."""


class CacheSetAddElement:
    class Success(CacheSetAddElementResponse, Unit): ...

    class Error(CacheSetAddElementResponse, ErrorVariant): ...


class CacheSetAddElementsResponse(CacheResponse):
    """``CacheSetAddElements.Success`` or ``.Error``."""


class CacheSetAddElements:
    class Success(CacheSetAddElementsResponse, Unit): ...

    class Error(CacheSetAddElementsResponse, ErrorVariant): ...


class CacheSetRemoveElementResponse(CacheResponse):
    """``CacheSetRemoveElement.Success`` (also when nothing was there) or ``.Error``."""


class CacheSetRemoveElement:
    class Success(CacheSetRemoveElementResponse, Unit): ...

    class Error(CacheSetRemoveElementResponse, ErrorVariant): ...


class CacheSetRemoveElementsResponse(CacheResponse):
    """``CacheSetRemoveElements.Success`` (also when nothing was there) or ``.Error``."""


class CacheSetRemoveElements:
    class Success(CacheSetRemoveElementsResponse, Unit): ...

    class Error(CacheSetRemoveElementsResponse, ErrorVariant): ...


class CacheSetFetchResponse(CacheResponse):
    """``CacheSetFetch.Hit(value_set_bytes)``, ``.Miss`` or ``.Error``."""


class CacheSetFetch:
    @dataclass(frozen=True)
    class Hit(CacheSetFetchResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetFetchResponse, Unit): ...

    class Error(CacheSetFetchResponse, ErrorVariant): ...


class CacheSetSampleResponse(CacheResponse):
    """``CacheSetSample.Hit(value_set_bytes)`` (up to ``limit`` random elements), ``.Miss`` or ``.Error``."""


class CacheSetSample:
    @dataclass(frozen=True)
    class Hit(CacheSetSampleResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetSampleResponse, Unit): ...

    class Error(CacheSetSampleResponse, ErrorVariant): ...


class CacheSetPopResponse(CacheResponse):
    """``CacheSetPop.Hit(value_set_bytes)`` (the removed elements), ``.Miss`` or ``.Error``."""


class CacheSetPop:
    @dataclass(frozen=True)
    class Hit(CacheSetPopResponse, ValueSetStringMixin):
        value_set_bytes: set[bytes]

    class Miss(CacheSetPopResponse, Unit): ...

    class Error(CacheSetPopResponse, ErrorVariant): ...


class CacheSetContainsElementResponse(CacheResponse):
    """``CacheSetContainsElement.Hit(contains_element)``, ``.Miss`` (no such set) or ``.Error``."""


class CacheSetContainsElement:
    @dataclass(frozen=True)
    class Hit(CacheSetContainsElementResponse):
        contains_element: bool

    class Miss(CacheSetContainsElementResponse, Unit): ...

    class Error(CacheSetContainsElementResponse, ErrorVariant): ...


class CacheSetContainsElementsResponse(CacheResponse):
    """``CacheSetContainsElements.Hit(contains_elements, elements)``, ``.Miss`` (no such set) or ``.Error``."""


class CacheSetContainsElements:
    @dataclass(frozen=True)
    class Hit(CacheSetContainsElementsResponse):
        """``contains_elements[i]`` tells whether ``elements[i]`` is in the set."""

        contains_elements: list[bool]
        elements: list[bytes]

        @property
        def contains_elements_dictionary_bytes(self) -> dict[bytes, bool]:
            return dict(zip(self.elements, self.contains_elements, strict=True))

        @property
        def contains_elements_dictionary(self) -> dict[str, bool]:
            """Keyed by the elements decoded as UTF-8 (the JS SDK's ``containsElements()`` record)."""
            pairs = zip(self.elements, self.contains_elements, strict=True)
            return {element.decode("utf-8"): contains for element, contains in pairs}

    class Miss(CacheSetContainsElementsResponse, Unit): ...

    class Error(CacheSetContainsElementsResponse, ErrorVariant): ...


class CacheSetLengthResponse(CacheResponse):
    """``CacheSetLength.Hit(length)``, ``.Miss`` or ``.Error``."""


class CacheSetLength:
    @dataclass(frozen=True)
    class Hit(CacheSetLengthResponse):
        length: int

    class Miss(CacheSetLengthResponse, Unit): ...

    class Error(CacheSetLengthResponse, ErrorVariant): ...

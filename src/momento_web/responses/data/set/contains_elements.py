"""Responses of ``set_contains_elements`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


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

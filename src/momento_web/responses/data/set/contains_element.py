"""Responses of ``set_contains_element`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CacheSetContainsElementResponse(CacheResponse):
    """``CacheSetContainsElement.Hit(contains_element)``, ``.Miss`` (no such set) or ``.Error``."""


class CacheSetContainsElement:
    @dataclass(frozen=True)
    class Hit(CacheSetContainsElementResponse):
        contains_element: bool

    class Miss(CacheSetContainsElementResponse, Unit): ...

    class Error(CacheSetContainsElementResponse, ErrorVariant): ...

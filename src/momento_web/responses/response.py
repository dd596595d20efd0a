"""Base classes of every response: each operation is a closed sum of variants (``Hit``, ``Miss``, ``Error``…)."""

from __future__ import annotations


class Response:
    """Root of all responses. Variants are frozen dataclasses: compared by value, hashable, readable repr."""

    def __str__(self) -> str:
        return repr(self)


class CacheResponse(Response):
    """Responses of data operations on a cache."""


class ControlResponse(Response):
    """Responses of control-plane operations (creating, listing and deleting caches)."""


class PubsubResponse(Response):
    """Responses of topic operations."""


class AuthResponse(Response):
    """Responses of token operations."""

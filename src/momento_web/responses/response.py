"""Base classes of every response: each operation is a closed sum of variants (``Hit``, ``Miss``, ``Error``…).

``str()`` and ``repr()`` print what the official SDK prints. ``str()`` is the short form for logs: bytes and
strings of 32 characters or more are cut to 32 with ``...`` appended, and lists, sets and dicts of more than 5
items show their first 5 then ``...``. ``repr()`` of a variant that carries values is its dataclass ``repr``, in
full; other responses (``Miss()``, ``Error(...)``) render like ``str()`` with limits of 512 and 1024.
"""

from __future__ import annotations

import dataclasses
from typing import Any

_STR_VALUE_LIMIT = 32
_STR_COLLECTION_LIMIT = 5
_REPR_VALUE_LIMIT = 512
_REPR_COLLECTION_LIMIT = 1024


class Response:
    """Root of all responses. Variants are frozen dataclasses: compared by value, hashable, readable repr."""

    def __str__(self) -> str:
        return _render(self, _STR_VALUE_LIMIT, _STR_COLLECTION_LIMIT)

    def __repr__(self) -> str:
        return _render(self, _REPR_VALUE_LIMIT, _REPR_COLLECTION_LIMIT)


class CacheResponse(Response):
    """Responses of data operations on a cache."""


class ControlResponse(Response):
    """Responses of control-plane operations (creating, listing and deleting caches)."""


class PubsubResponse(Response):
    """Responses of topic operations."""


class AuthResponse(Response):
    """Responses of token operations."""


def _attributes(response: object) -> list[tuple[str, Any]]:
    """What a response shows: its dataclass fields (those not hidden from ``repr``), else its instance dict."""
    if dataclasses.is_dataclass(response):
        return [(f.name, getattr(response, f.name)) for f in dataclasses.fields(response) if f.repr]
    return list(getattr(response, "__dict__", {}).items())


def _cut(value: Any, limit: int) -> Any:
    """Bytes or a string of ``limit`` characters or more: the first ``limit`` plus ``...``; anything else as is."""
    if isinstance(value, bytes) and len(value) >= limit:
        return value[:limit] + b"..."
    if isinstance(value, str) and len(value) >= limit:
        return value[:limit] + "..."
    return value


def _render_attribute(name: str, value: Any, value_limit: int, collection_limit: int) -> str:
    if isinstance(value, list | set | dict) and len(value) > collection_limit:
        # A long collection: its first items, each shown with str() (not repr()), then an ellipsis.
        if isinstance(value, dict):
            shown = [
                f"{_cut(k, value_limit)}: {_cut(v, value_limit)}" for k, v in list(value.items())[:collection_limit]
            ]
        else:
            shown = [str(_cut(item, value_limit)) for item in list(value)[:collection_limit]]
        opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
        return f"{name}={opening}{', '.join(shown)}, ...{closing}"
    if isinstance(value, list):
        value = [_cut(item, value_limit) for item in value]
    elif isinstance(value, set):
        value = {_cut(item, value_limit) for item in value}
    elif isinstance(value, dict):
        value = {_cut(k, value_limit): _cut(v, value_limit) for k, v in value.items()}
    else:
        value = _cut(value, value_limit)
    return f"{name}={value!r}"


def _render(response: object, value_limit: int, collection_limit: int) -> str:
    parts = [_render_attribute(name, value, value_limit, collection_limit) for name, value in _attributes(response)]
    return f"{type(response).__qualname__}({', '.join(parts)})"

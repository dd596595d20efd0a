"""Client-side argument checks, with the official SDK's messages. Each raises InvalidArgumentException.

Two kinds of message for data of the wrong type, as in momento: an argument checked by name says so
(``Unsupported type for key: <class 'int'>``, ``Unsupported type for values: <class 'int'>`` for a container
that is not iterable), while the elements of a collection, and the fields, values and elements that momento
passes on to its plural methods, get ``Could not convert the given type to bytes: <class 'int'>``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import timedelta

from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service
from momento_web.requests.collection_ttl import CollectionTtl


def validate_name(name: object, kind: str, service: Service = Service.CACHE) -> str:
    """``kind`` is "Cache", "List", "Topic", …; whitespace-only names pass, as in the official SDK."""
    if not isinstance(name, str):
        raise InvalidArgumentException(f"{kind} name must be a string", service)
    if name == "":
        raise InvalidArgumentException(f"{kind} name must not be empty", service)
    if not name.isascii():  # the common case costs one scan; only other names are encoded to find out
        try:
            name.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidArgumentException(unencodable_message(exc, f"{kind} name"), service) from None
    return name


CONVERSION_ERROR = "Could not convert the given type to bytes: "


def as_bytes(value: object, what: str | None = None, service: Service = Service.CACHE) -> bytes:
    """Keys, values and fields: ``str`` is sent as UTF-8, ``bytes`` as is. Anything else is rejected with
    ``Unsupported type for <what>: <type>``, or without ``what`` with :data:`CONVERSION_ERROR` and the type."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidArgumentException(unencodable_message(exc, (what or "value").capitalize()), service) from None
    prefix = CONVERSION_ERROR if what is None else f"Unsupported type for {what}: "
    raise InvalidArgumentException(f"{prefix}{type(value)}", service)


def unencodable_message(exc: UnicodeEncodeError, what: str = "A string argument") -> str:
    """Why a ``str`` cannot be sent: it has no UTF-8 form (e.g. a lone surrogate such as ``"\\ud800"``)."""
    bad = exc.object[exc.start : exc.end]
    return f"{what} cannot be encoded as UTF-8: {bad!r} at position {exc.start} ({exc.reason})"


def ttl_milliseconds(ttl: object, service: Service = Service.CACHE) -> int:
    """A scalar TTL: a positive ``timedelta`` (zero is rejected, like the official Python SDK)."""
    if not isinstance(ttl, timedelta):
        raise InvalidArgumentException("TTL must be a timedelta.", service)
    if ttl <= timedelta(0):
        raise InvalidArgumentException("TTL must be a positive amount of time.", service)
    return max(1, round(ttl.total_seconds() * 1000))


def validate_int(value: object, what: str, service: Service = Service.CACHE) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidArgumentException(f"{what} must be an integer. Given type: {type(value)}", service)
    return value


# --- collections ------------------------------------------------------------------------------------------------


def as_bytes_list(values: object, what: str, service: Service = Service.CACHE) -> list[bytes]:
    """An iterable of ``str | bytes``; ``what`` names the argument (``values``, ``fields``...) in the message for
    one that is not iterable. As in momento, a ``str`` is an iterable too: of its characters."""
    if not isinstance(values, Iterable):
        raise InvalidArgumentException(f"Unsupported type for {what}: {type(values)}", service)
    return [as_bytes(value, service=service) for value in values]


def as_bytes_items(items: object, service: Service = Service.CACHE) -> list[tuple[bytes, bytes]]:
    """Dictionary items: a ``Mapping`` of ``str | bytes`` to ``str | bytes``."""
    if not isinstance(items, Mapping):
        raise InvalidArgumentException(f"Unsupported type for items: {type(items)}", service)
    return [(as_bytes(field, service=service), as_bytes(value, service=service)) for field, value in items.items()]


def validate_number(number: object, what: str, service: Service = Service.CACHE) -> float:
    """An ``int`` or ``float``: a score bound or a weight (the wire's double takes either)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise InvalidArgumentException(f"{what} must be a float. Given type: {type(number)}", service)
    return float(number)


def validate_bound(number: object, what: str, service: Service = Service.CACHE) -> float:
    """A score bound: an ``int`` or ``float`` other than NaN, which as a bound compares false to everything."""
    checked = validate_number(number, what, service)
    if math.isnan(checked):
        raise InvalidArgumentException(f"{what} must not be NaN", service)
    return checked


def validate_score(score: object, service: Service = Service.CACHE) -> float:
    """A sorted set score: a ``float``, as momento requires (an ``int`` or ``None`` is rejected), and not NaN,
    which has no place in an order."""
    if not isinstance(score, float):
        raise InvalidArgumentException(f"score must be a float. Given type: {type(score)}", service)
    if math.isnan(score):
        raise InvalidArgumentException("score must not be NaN", service)
    return score


def as_scored_values(elements: object, service: Service = Service.CACHE) -> list[tuple[bytes, float]]:
    """Sorted set elements: a ``Mapping`` of value to score, as in momento, or ``(value, score)`` pairs.
    Each value is converted, then its score checked."""
    pairs = elements.items() if isinstance(elements, Mapping) else elements
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise InvalidArgumentException(f"Unsupported type for sorted set elements: {type(elements)}", service)
    result = []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidArgumentException(f"Unsupported type for sorted set elements: {type(elements)}", service)
        result.append((as_bytes(pair[0], service=service), validate_score(pair[1], service)))
    return result


def validate_optional_int(value: object, what: str, service: Service = Service.CACHE) -> int | None:
    return None if value is None else validate_int(value, what, service)


def require(condition: bool, message: str, service: Service = Service.CACHE) -> None:
    """Raise ``InvalidArgumentException(message)`` unless ``condition`` holds."""
    if not condition:
        raise InvalidArgumentException(message, service)


def collection_ttl(ttl: object, default_ms: int, service: Service = Service.CACHE) -> tuple[int, bool]:
    """``(ttl_milliseconds, refresh_ttl)`` of a :class:`CollectionTtl` (which checked its ``ttl`` when made)."""
    if not isinstance(ttl, CollectionTtl):
        raise InvalidArgumentException(f"ttl must be a CollectionTtl. Given type: {type(ttl)}", service)
    if ttl.ttl is None:
        return default_ms, ttl.refresh_ttl
    return max(1, round(ttl.ttl.total_seconds() * 1000)), ttl.refresh_ttl

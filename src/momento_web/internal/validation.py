"""Client-side argument checks, with the official SDK's messages. Each raises InvalidArgumentException."""

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
    return name


def as_bytes(value: object, what: str, service: Service = Service.CACHE) -> bytes:
    """Keys, values and fields: ``str`` is sent as UTF-8, ``bytes`` as is."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise InvalidArgumentException(f"Unsupported type for {what}: {type(value)}", service)


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
    """An iterable of ``str | bytes`` (not a lone ``str``/``bytes``, which would iterate characters)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidArgumentException(f"The given type is not Iterable[str | bytes]: {type(values)}", service)
    return [as_bytes(value, what, service) for value in values]


def as_bytes_items(items: object, service: Service = Service.CACHE) -> list[tuple[bytes, bytes]]:
    """Dictionary items: a ``Mapping`` of ``str | bytes`` to ``str | bytes``."""
    if not isinstance(items, Mapping):
        raise InvalidArgumentException(f"The given type is not a valid Mapping: {type(items)}", service)
    return [(as_bytes(field, "field", service), as_bytes(value, "value", service)) for field, value in items.items()]


def validate_number(number: object, what: str, service: Service = Service.CACHE) -> float:
    """An ``int`` or ``float`` (the official Python SDK rejects ``int``; the JS SDK and the wire do not)."""
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise InvalidArgumentException(f"{what} must be a float. Given type: {type(number)}", service)
    return float(number)


def validate_score(score: object, what: str = "score", service: Service = Service.CACHE) -> float:
    """A number other than NaN: NaN has no place in an order, and as a bound it compares false to everything."""
    number = validate_number(score, what, service)
    if math.isnan(number):
        raise InvalidArgumentException(f"{what} must not be NaN", service)
    return number


def as_scored_values(elements: object, service: Service = Service.CACHE) -> list[tuple[bytes, float]]:
    """Sorted set elements: a ``Mapping`` of value to score, or an iterable of ``(value, score)`` pairs."""
    pairs = elements.items() if isinstance(elements, Mapping) else elements
    if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable):
        raise InvalidArgumentException(
            f"The given type is not valid for sorted set elements: {type(elements)}", service
        )
    result = []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidArgumentException(
                f"The given type is not valid for sorted set elements: {type(elements)}", service
            )
        result.append((as_bytes(pair[0], "value", service), validate_score(pair[1], service=service)))
    return result


def validate_optional_int(value: object, what: str, service: Service = Service.CACHE) -> int | None:
    return None if value is None else validate_int(value, what, service)


def require(condition: bool, message: str, service: Service = Service.CACHE) -> None:
    """Raise ``InvalidArgumentException(message)`` unless ``condition`` holds."""
    if not condition:
        raise InvalidArgumentException(message, service)


def collection_ttl(ttl: object, default_ms: int, service: Service = Service.CACHE) -> tuple[int, bool]:
    """``(ttl_milliseconds, refresh_ttl)`` of a :class:`CollectionTtl`.

    Like the official SDK, its ``ttl`` is not checked for being positive (the server decides about 0); only a
    negative one, which the wire cannot carry, is rejected.
    """
    if not isinstance(ttl, CollectionTtl):
        raise InvalidArgumentException(f"ttl must be a CollectionTtl. Given type: {type(ttl)}", service)
    if ttl.ttl is None:
        return default_ms, ttl.refresh_ttl
    if not isinstance(ttl.ttl, timedelta):
        raise InvalidArgumentException("TTL must be a timedelta.", service)
    if ttl.ttl < timedelta(0):
        raise InvalidArgumentException("TTL must be a positive amount of time.", service)
    return round(ttl.ttl.total_seconds() * 1000), ttl.refresh_ttl

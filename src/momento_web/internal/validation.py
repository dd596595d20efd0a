"""Client-side argument checks, with the official SDK's messages. Each raises InvalidArgumentException."""

from __future__ import annotations

from datetime import timedelta

from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service


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

"""Validation and error mapping shared by the services."""

from __future__ import annotations

from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.datatypes import InvalidScore
from momento_web_emulator.store import (
    CacheAlreadyExists,
    CacheNotFound,
    IntegerOverflow,
    InvalidName,
    LimitExceeded,
    NotAnInteger,
    WrongItemKind,
)


def require_ttl(ttl_milliseconds: int) -> int:
    """Every write carries a TTL. 0 is rejected: clients never send it for scalar writes, and "expire at once"
    would make a successful write indistinguishable from a lost one."""
    if ttl_milliseconds <= 0:
        raise GrpcError(StatusCode.INVALID_ARGUMENT, "ttl_milliseconds must be greater than 0")
    return ttl_milliseconds


def require_cache_name(name: str) -> str:
    if not name.strip():
        raise GrpcError(StatusCode.INVALID_ARGUMENT, "cache name must not be empty")
    return name


def translate_error(error: Exception) -> GrpcError | None:
    """The gRPC status for a store error; None for anything else (the dispatcher then reports INTERNAL)."""
    match error:
        case CacheNotFound():
            # No `err` entry: `item_not_found`/`store_not_found` would make the web SDK report a store error.
            return GrpcError(StatusCode.NOT_FOUND, f"Cache not found: {error.name}")
        case CacheAlreadyExists():
            return GrpcError(StatusCode.ALREADY_EXISTS, f"Cache already exists: {error.name}")
        case WrongItemKind() | NotAnInteger() | IntegerOverflow():
            return GrpcError(StatusCode.FAILED_PRECONDITION, str(error))
        case InvalidScore() | InvalidName():
            return GrpcError(StatusCode.INVALID_ARGUMENT, str(error))
        case LimitExceeded():
            return GrpcError(StatusCode.RESOURCE_EXHAUSTED, str(error), {"err": error.err} if error.err else None)
    return None

"""gRPC status codes and the error a call ends with when its status is not OK."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class StatusCode(IntEnum):
    """The canonical gRPC status codes (same names as ``grpc.StatusCode``, without needing grpcio)."""

    OK = 0
    CANCELLED = 1
    UNKNOWN = 2
    INVALID_ARGUMENT = 3
    DEADLINE_EXCEEDED = 4
    NOT_FOUND = 5
    ALREADY_EXISTS = 6
    PERMISSION_DENIED = 7
    RESOURCE_EXHAUSTED = 8
    FAILED_PRECONDITION = 9
    ABORTED = 10
    OUT_OF_RANGE = 11
    UNIMPLEMENTED = 12
    INTERNAL = 13
    UNAVAILABLE = 14
    DATA_LOSS = 15
    UNAUTHENTICATED = 16

    @classmethod
    def from_wire(cls, value: str | int) -> StatusCode:
        """Parse a ``grpc-status`` value; anything unrecognised is UNKNOWN, as gRPC prescribes."""
        try:
            return cls(int(value))
        except (TypeError, ValueError):
            return cls.UNKNOWN


class GrpcError(Exception):
    """A call ended with a non-OK status: from the server, or produced locally (deadline, connection)."""

    def __init__(self, code: StatusCode, details: str = "", metadata: Mapping[str, str] | None = None) -> None:
        super().__init__(code, details)
        self.code = code
        self.details = details
        self.metadata: Mapping[str, str] = dict(metadata or {})

    def __repr__(self) -> str:
        return f"GrpcError(code={self.code.name}, details={self.details!r})"

    def __str__(self) -> str:
        return f"{self.code.name}: {self.details}"

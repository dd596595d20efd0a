"""Error codes and the transport-level details attached to an SDK error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from momento_web.wire.status import StatusCode


class MomentoErrorCode(Enum):
    """A coarse, stable classification of every error the SDK reports.

    Names and declaration order follow the official SDK. Its values 1-14 are accidentally one-element tuples;
    here every value is a plain int. Compare members, never values.
    """

    INVALID_ARGUMENT_ERROR = 1
    """Invalid argument passed to Momento client."""
    UNKNOWN_SERVICE_ERROR = 2
    """Service returned an unknown response."""
    ALREADY_EXISTS_ERROR = 3
    """Cache with specified name already exists."""
    NOT_FOUND_ERROR = 4
    """Cache with specified name doesn't exist."""
    INTERNAL_SERVER_ERROR = 5
    """An unexpected error occurred while trying to fulfill the request."""
    PERMISSION_ERROR = 6
    """Insufficient permissions to perform operation."""
    AUTHENTICATION_ERROR = 7
    """Invalid authentication credentials to connect to the service."""
    CANCELLED_ERROR = 8
    """Request was cancelled by the server."""
    LIMIT_EXCEEDED_ERROR = 9
    """Request rate, bandwidth, or object size exceeded the limits for the account."""
    BAD_REQUEST_ERROR = 10
    """Request was invalid."""
    TIMEOUT_ERROR = 11
    """Client's configured timeout was exceeded."""
    SERVER_UNAVAILABLE = 12
    """Server was unable to handle the request."""
    CLIENT_RESOURCE_EXHAUSTED = 13
    """A client resource (most likely memory) was exhausted."""
    FAILED_PRECONDITION_ERROR = 14
    """System is not in a state required for the operation's execution."""
    UNKNOWN_ERROR = 15
    """Unknown error has occurred."""
    CONNECTION_ERROR = 16
    """Connection to the Momento server failed."""


@dataclass
class MomentoGrpcErrorDetails:
    """The gRPC status a call ended with.

    ``metadata`` holds the response headers and trailers (lower-case names), so e.g. ``err`` is visible.
    """

    code: StatusCode
    details: str
    metadata: Mapping[str, str] | None = None


@dataclass
class MomentoErrorTransportDetails:
    """Transport-specific details of an error; only gRPC(-web) exists."""

    grpc: MomentoGrpcErrorDetails

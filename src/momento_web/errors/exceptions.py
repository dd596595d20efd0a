"""The exceptions carried by every ``Error`` response variant.

Each subclass fixes its :class:`MomentoErrorCode` and a human-readable ``message_wrapper``; a response's
``Error.message`` is ``f"{message_wrapper}: {message}"``.
"""

from __future__ import annotations

from enum import Enum

from momento_web.errors.error_details import MomentoErrorCode, MomentoErrorTransportDetails
from momento_web.internal.services import Service

_SUPPORT = "please contact us at support@momentohq.com"


def _service_name(service: Service | None) -> str:
    return service.value if service is not None else Service.CACHE.value


class SdkException(Exception):
    """Base class of all errors the SDK reports."""

    def __init__(
        self,
        message: str,
        error_code: MomentoErrorCode,
        service: Service | None = None,
        transport_details: MomentoErrorTransportDetails | None = None,
        message_wrapper: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.service = service
        self.transport_details = transport_details
        self.message_wrapper = message_wrapper

    def __repr__(self) -> str:
        # Same shape as the official SDK (which leaves ``service`` out).
        return (
            f"{type(self).__name__}(message={self.message!r}, error_code={self.error_code!r}, "
            f"transport_details={self.transport_details!r}, message_wrapper={self.message_wrapper!r})"
        )

    def __str__(self) -> str:
        return repr(self)


class AlreadyExistsException(SdkException):
    """A resource (e.g. a cache) with the requested name already exists."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        s = _service_name(service)
        super().__init__(
            message,
            MomentoErrorCode.ALREADY_EXISTS_ERROR,
            service,
            transport_details,
            message_wrapper=(
                f"A {s} with the specified name already exists. To resolve this error, either delete the "
                f"existing {s} and make a new one, or use a different name"
            ),
        )


class AuthenticationException(SdkException):
    """The credentials were rejected."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.AUTHENTICATION_ERROR,
            service,
            transport_details,
            message_wrapper=f"Invalid authentication credentials to connect to {_service_name(service)} service",
        )


class BadRequestException(SdkException):
    """The server considered the request invalid."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.BAD_REQUEST_ERROR,
            service,
            transport_details,
            message_wrapper=f"The request was invalid; {_SUPPORT}",
        )


class CancelledException(SdkException):
    """The request was cancelled."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.CANCELLED_ERROR,
            service,
            transport_details,
            message_wrapper=f"The request was cancelled by the server; {_SUPPORT}",
        )


class ClientResourceExhaustedException(SdkException):
    """A client-side resource (memory, concurrent streams) ran out."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED,
            service,
            transport_details,
            message_wrapper="Client resource (such as memory or number of concurrent streams) exhausted",
        )


class ConnectionException(SdkException):
    """The connection to the server could not be established."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.CONNECTION_ERROR,
            service,
            transport_details,
            message_wrapper=f"Connection to the Momento server failed; {_SUPPORT}",
        )


class FailedPreconditionException(SdkException):
    """The system is not in a state required for the operation."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.FAILED_PRECONDITION_ERROR,
            service,
            transport_details,
            message_wrapper="System is not in a state required for the operation's execution",
        )


class InternalServerException(SdkException):
    """The server failed unexpectedly."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.INTERNAL_SERVER_ERROR,
            service,
            transport_details,
            message_wrapper=f"An unexpected error occurred while trying to fulfill the request; {_SUPPORT}",
        )


class InvalidArgumentException(SdkException):
    """An argument was rejected, by the SDK's own validation or by the server."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.INVALID_ARGUMENT_ERROR,
            service,
            transport_details,
            message_wrapper="Invalid argument passed to Momento client",
        )


class LimitExceededMessageWrapper(Enum):
    """Wrappers for RESOURCE_EXHAUSTED, chosen from the ``err`` metadata or, failing that, the message."""

    TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED = "Topic subscriptions limit exceeded for this account"
    OPERATIONS_RATE_LIMIT_EXCEEDED = "Request rate limit exceeded for this account"
    THROUGHPUT_RATE_LIMIT_EXCEEDED = "Bandwidth limit exceeded for this account"
    REQUEST_SIZE_LIMIT_EXCEEDED = "Request size limit exceeded for this account"
    ITEM_SIZE_LIMIT_EXCEEDED = "Item size limit exceeded for this account"
    ELEMENT_SIZE_LIMIT_EXCEEDED = "Element size limit exceeded for this account"
    UNKNOWN_LIMIT_EXCEEDED = "Limit exceeded for this account"


LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER: dict[str, str] = {
    "topic_subscriptions_limit_exceeded": LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED.value,
    "operations_rate_limit_exceeded": LimitExceededMessageWrapper.OPERATIONS_RATE_LIMIT_EXCEEDED.value,
    "throughput_rate_limit_exceeded": LimitExceededMessageWrapper.THROUGHPUT_RATE_LIMIT_EXCEEDED.value,
    "request_size_limit_exceeded": LimitExceededMessageWrapper.REQUEST_SIZE_LIMIT_EXCEEDED.value,
    "item_size_limit_exceeded": LimitExceededMessageWrapper.ITEM_SIZE_LIMIT_EXCEEDED.value,
    "element_size_limit_exceeded": LimitExceededMessageWrapper.ELEMENT_SIZE_LIMIT_EXCEEDED.value,
}
"""``err`` metadata value → message wrapper."""

# Fallback when ``err`` is absent or unknown: the first substring found in the lower-cased message wins.
_MESSAGE_FALLBACK: tuple[tuple[str, LimitExceededMessageWrapper], ...] = (
    ("subscribe", LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED),
    ("operations", LimitExceededMessageWrapper.OPERATIONS_RATE_LIMIT_EXCEEDED),
    ("throughput", LimitExceededMessageWrapper.THROUGHPUT_RATE_LIMIT_EXCEEDED),
    ("request limit", LimitExceededMessageWrapper.REQUEST_SIZE_LIMIT_EXCEEDED),
    ("item size", LimitExceededMessageWrapper.ITEM_SIZE_LIMIT_EXCEEDED),
    ("element size", LimitExceededMessageWrapper.ELEMENT_SIZE_LIMIT_EXCEEDED),
)


def _limit_exceeded_wrapper(message: str, transport_details: MomentoErrorTransportDetails | None) -> str:
    metadata = transport_details.grpc.metadata if transport_details is not None else None
    err = metadata.get("err") if metadata else None
    if err is not None and err in LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER:
        return LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER[err]
    lowered = message.lower()
    for needle, wrapper in _MESSAGE_FALLBACK:
        if needle in lowered:
            return wrapper.value
    return LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED.value


class LimitExceededException(SdkException):
    """An account limit (request rate, bandwidth, item size, subscriptions, ...) was exceeded."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.LIMIT_EXCEEDED_ERROR,
            service,
            transport_details,
            message_wrapper=_limit_exceeded_wrapper(message, transport_details),
        )


class NotFoundException(SdkException):
    """The named resource (e.g. the cache) does not exist."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        s = _service_name(service)
        super().__init__(
            message,
            MomentoErrorCode.NOT_FOUND_ERROR,
            service,
            transport_details,
            message_wrapper=(
                f"A {s} with the specified name does not exist. To resolve this error, make sure you have "
                f"created the {s} before attempting to use it"
            ),
        )


class PermissionDeniedException(SdkException):
    """The credentials do not allow this operation."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.PERMISSION_ERROR,
            service,
            transport_details,
            message_wrapper=f"Insufficient permissions to perform an operation on the {_service_name(service)}",
        )


class ServerUnavailableException(SdkException):
    """The server could not handle the request (or could not be reached)."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.SERVER_UNAVAILABLE,
            service,
            transport_details,
            message_wrapper=(
                "The server was unable to handle the request; consider retrying. "
                "If the error persists, please contact us at support@momentohq.com"
            ),
        )


class TimeoutException(SdkException):
    """The configured client timeout elapsed."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.TIMEOUT_ERROR,
            service,
            transport_details,
            message_wrapper=(
                "The client's configured timeout was exceeded; "
                "you may need to use a Configuration with more lenient timeouts"
            ),
        )


class UnknownException(SdkException):
    """Something failed that the SDK could not classify."""

    def __init__(
        self,
        message: str,
        service: Service | None = None,
        transport_details: MomentoErrorTransportDetails | None = None,
    ) -> None:
        super().__init__(
            message,
            MomentoErrorCode.UNKNOWN_ERROR,
            service,
            transport_details,
            message_wrapper="Unknown error has occurred",
        )


class UnknownServiceException(SdkException):
    """The server answered with status UNKNOWN."""

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        # The official Python SDK gives this exception BAD_REQUEST_ERROR, evidently a copy-paste slip: its own
        # enum has UNKNOWN_SERVICE_ERROR for exactly this case, and the JS SDKs use it. We use the intended code.
        super().__init__(
            message,
            MomentoErrorCode.UNKNOWN_SERVICE_ERROR,
            service,
            transport_details,
            message_wrapper=f"Service returned an unknown response; {_SUPPORT}",
        )

"""The exceptions carried by every ``Error`` response variant.

Each subclass fixes its :class:`MomentoErrorCode` and a human-readable ``message_wrapper``; a response's
``Error.message`` is ``f"{message_wrapper}: {message}"``. The wrapper texts mirror the official SDK.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

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


class _CodedException(SdkException):
    """Shared constructor of the concrete exceptions: ``(message, service, transport_details=None)``.

    A subclass declares ``error_code`` and ``_wrapper_template``, whose ``{service}`` placeholder is filled
    with the service's name (``"cache"`` when there is none); it overrides :meth:`_wrapper` if the wrapper
    depends on more than the service.
    """

    error_code: MomentoErrorCode
    _wrapper_template: ClassVar[str]

    def __init__(
        self, message: str, service: Service, transport_details: MomentoErrorTransportDetails | None = None
    ) -> None:
        self._init_coded(message, service, transport_details)

    def _init_coded(
        self, message: str, service: Service | None, transport_details: MomentoErrorTransportDetails | None
    ) -> None:
        wrapper = self._wrapper(message, service, transport_details)
        SdkException.__init__(self, message, self.error_code, service, transport_details, message_wrapper=wrapper)

    @classmethod
    def _wrapper(
        cls, message: str, service: Service | None, transport_details: MomentoErrorTransportDetails | None
    ) -> str:
        return cls._wrapper_template.format(service=_service_name(service))


class AlreadyExistsException(_CodedException):
    """A resource (e.g. a cache) with the requested name already exists."""

    error_code = MomentoErrorCode.ALREADY_EXISTS_ERROR
    _wrapper_template = (
        "A {service} with the specified name already exists. To resolve this error, either delete the "
        "existing {service} and make a new one, or use a different name"
    )


class AuthenticationException(_CodedException):
    """The credentials were rejected."""

    error_code = MomentoErrorCode.AUTHENTICATION_ERROR
    _wrapper_template = "Invalid authentication credentials to connect to {service} service"


class BadRequestException(_CodedException):
    """The server considered the request invalid."""

    error_code = MomentoErrorCode.BAD_REQUEST_ERROR
    _wrapper_template = f"The request was invalid; {_SUPPORT}"


class CancelledException(_CodedException):
    """The request was cancelled."""

    error_code = MomentoErrorCode.CANCELLED_ERROR
    _wrapper_template = f"The request was cancelled by the server; {_SUPPORT}"


class ClientResourceExhaustedException(_CodedException):
    """A client-side resource (memory, concurrent streams) ran out."""

    error_code = MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED
    _wrapper_template = "Client resource (such as memory or number of concurrent streams) exhausted"


class ConnectionException(_CodedException):
    """The connection to the server could not be established."""

    error_code = MomentoErrorCode.CONNECTION_ERROR
    _wrapper_template = f"Connection to the Momento server failed; {_SUPPORT}"


class FailedPreconditionException(_CodedException):
    """The system is not in a state required for the operation."""

    error_code = MomentoErrorCode.FAILED_PRECONDITION_ERROR
    _wrapper_template = "System is not in a state required for the operation's execution"


class InternalServerException(_CodedException):
    """The server failed unexpectedly."""

    error_code = MomentoErrorCode.INTERNAL_SERVER_ERROR
    _wrapper_template = f"An unexpected error occurred while trying to fulfill the request; {_SUPPORT}"


class InvalidArgumentException(_CodedException):
    """An argument was rejected, by the SDK's own validation or by the server."""

    error_code = MomentoErrorCode.INVALID_ARGUMENT_ERROR
    _wrapper_template = "Invalid argument passed to Momento client"


class LimitExceededMessageWrapper(Enum):
    """Wrappers for RESOURCE_EXHAUSTED, chosen from the ``err`` metadata or, failing that, the status details.

    Member names are momento's; ``THROUGHPUT_RATE_LIMIT_EXCEEDED`` and ``ELEMENT_SIZE_LIMIT_EXCEEDED`` are
    aliases kept from earlier versions of this SDK.
    """

    TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED = "Topic subscriptions limit exceeded for this account"
    OPERATIONS_RATE_LIMIT_EXCEEDED = "Request rate limit exceeded for this account"
    THROUGHPUT_LIMIT_EXCEEDED = "Bandwidth limit exceeded for this account"
    REQUEST_SIZE_LIMIT_EXCEEDED = "Request size limit exceeded for this account"
    ITEM_SIZE_LIMIT_EXCEEDED = "Item size limit exceeded for this account"
    ELEMENTS_SIZE_LIMIT_EXCEEDED = "Element size limit exceeded for this account"
    UNKNOWN_LIMIT_EXCEEDED = "Limit exceeded for this account"
    THROUGHPUT_RATE_LIMIT_EXCEEDED = THROUGHPUT_LIMIT_EXCEEDED
    ELEMENT_SIZE_LIMIT_EXCEEDED = ELEMENTS_SIZE_LIMIT_EXCEEDED


LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER: dict[str, str] = {
    "topic_subscriptions_limit_exceeded": LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED.value,
    "operations_rate_limit_exceeded": LimitExceededMessageWrapper.OPERATIONS_RATE_LIMIT_EXCEEDED.value,
    "throughput_rate_limit_exceeded": LimitExceededMessageWrapper.THROUGHPUT_LIMIT_EXCEEDED.value,
    "request_size_limit_exceeded": LimitExceededMessageWrapper.REQUEST_SIZE_LIMIT_EXCEEDED.value,
    "item_size_limit_exceeded": LimitExceededMessageWrapper.ITEM_SIZE_LIMIT_EXCEEDED.value,
    "element_size_limit_exceeded": LimitExceededMessageWrapper.ELEMENTS_SIZE_LIMIT_EXCEEDED.value,
}
"""``err`` metadata value → message wrapper."""

# Fallback when ``err`` is absent or unknown: the first substring found in the lower-cased details wins.
_DETAILS_FALLBACK: tuple[tuple[str, LimitExceededMessageWrapper], ...] = (
    ("subscribe", LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED),
    ("operations", LimitExceededMessageWrapper.OPERATIONS_RATE_LIMIT_EXCEEDED),
    ("throughput", LimitExceededMessageWrapper.THROUGHPUT_LIMIT_EXCEEDED),
    ("request limit", LimitExceededMessageWrapper.REQUEST_SIZE_LIMIT_EXCEEDED),
    ("item size", LimitExceededMessageWrapper.ITEM_SIZE_LIMIT_EXCEEDED),
    ("element size", LimitExceededMessageWrapper.ELEMENTS_SIZE_LIMIT_EXCEEDED),
)


def determineLimitExceededMessageWrapper(  # momento's name
    transport_details: MomentoErrorTransportDetails | None = None,
) -> str:
    """The message wrapper of a RESOURCE_EXHAUSTED error: from its ``err`` metadata if that names a known
    limit, else from keywords in the status details, else the generic "Limit exceeded for this account"."""
    if transport_details is None:
        return LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED.value
    metadata = transport_details.grpc.metadata
    err = metadata.get("err") if metadata else None
    if err is not None and err in LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER:
        return LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER[err]
    lowered = (transport_details.grpc.details or "").lower()
    for needle, wrapper in _DETAILS_FALLBACK:
        if needle in lowered:
            return wrapper.value
    return LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED.value


class LimitExceededException(_CodedException):
    """An account limit (request rate, bandwidth, item size, subscriptions, ...) was exceeded."""

    error_code = MomentoErrorCode.LIMIT_EXCEEDED_ERROR

    @classmethod
    def _wrapper(
        cls, message: str, service: Service | None, transport_details: MomentoErrorTransportDetails | None
    ) -> str:
        return determineLimitExceededMessageWrapper(transport_details)


class NotFoundException(_CodedException):
    """The named resource (e.g. the cache) does not exist."""

    error_code = MomentoErrorCode.NOT_FOUND_ERROR
    _wrapper_template = (
        "A {service} with the specified name does not exist. To resolve this error, make sure you have "
        "created the {service} before attempting to use it"
    )


class PermissionDeniedException(_CodedException):
    """The credentials do not allow this operation."""

    error_code = MomentoErrorCode.PERMISSION_ERROR
    _wrapper_template = "Insufficient permissions to perform an operation on the {service}"


class ServerUnavailableException(_CodedException):
    """The server could not handle the request (or could not be reached)."""

    error_code = MomentoErrorCode.SERVER_UNAVAILABLE
    _wrapper_template = (
        "The server was unable to handle the request; consider retrying. "
        "If the error persists, please contact us at support@momentohq.com"
    )


class TimeoutException(_CodedException):
    """The configured client timeout elapsed."""

    error_code = MomentoErrorCode.TIMEOUT_ERROR
    _wrapper_template = (
        "The client's configured timeout was exceeded; you may need to use a Configuration with more lenient timeouts"
    )


class UnknownException(_CodedException):
    """Something failed that the SDK could not classify."""

    error_code = MomentoErrorCode.UNKNOWN_ERROR
    _wrapper_template = "Unknown error has occurred"

    def __init__(
        self,
        message: str,
        service: Service | None = None,
        transport_details: MomentoErrorTransportDetails | None = None,
    ) -> None:
        # Unlike the others, ``service`` is optional here.
        self._init_coded(message, service, transport_details)


class UnknownServiceException(_CodedException):
    """The server answered with status UNKNOWN."""

    # The official Python SDK gives this exception BAD_REQUEST_ERROR, evidently a copy-paste slip: its own
    # enum has UNKNOWN_SERVICE_ERROR for exactly this case, and the JS SDKs use it. We use the intended code.
    error_code = MomentoErrorCode.UNKNOWN_SERVICE_ERROR
    _wrapper_template = f"Service returned an unknown response; {_SUPPORT}"

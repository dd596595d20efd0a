"""Turn whatever a call raised into the :class:`SdkException` an ``Error`` response carries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from momento_web.errors.error_details import MomentoErrorTransportDetails, MomentoGrpcErrorDetails
from momento_web.errors.exceptions import (
    AlreadyExistsException,
    AuthenticationException,
    BadRequestException,
    CancelledException,
    FailedPreconditionException,
    InternalServerException,
    InvalidArgumentException,
    LimitExceededException,
    NotFoundException,
    PermissionDeniedException,
    SdkException,
    ServerUnavailableException,
    TimeoutException,
    UnknownException,
    UnknownServiceException,
)
from momento_web.internal.services import Service
from momento_web.wire.status import GrpcError, StatusCode

_ExceptionFactory = Callable[[str, Service, MomentoErrorTransportDetails | None], SdkException]

grpc_status_to_exception: dict[StatusCode, _ExceptionFactory] = {
    StatusCode.CANCELLED: CancelledException,
    StatusCode.UNKNOWN: UnknownServiceException,
    StatusCode.INVALID_ARGUMENT: InvalidArgumentException,
    StatusCode.DEADLINE_EXCEEDED: TimeoutException,
    StatusCode.NOT_FOUND: NotFoundException,
    StatusCode.ALREADY_EXISTS: AlreadyExistsException,
    StatusCode.PERMISSION_DENIED: PermissionDeniedException,
    StatusCode.RESOURCE_EXHAUSTED: LimitExceededException,
    StatusCode.FAILED_PRECONDITION: FailedPreconditionException,
    StatusCode.ABORTED: InternalServerException,
    StatusCode.OUT_OF_RANGE: BadRequestException,
    StatusCode.UNIMPLEMENTED: BadRequestException,
    StatusCode.INTERNAL: InternalServerException,
    StatusCode.UNAVAILABLE: ServerUnavailableException,
    StatusCode.DATA_LOSS: InternalServerException,
    StatusCode.UNAUTHENTICATED: AuthenticationException,
}
"""The exception for each non-OK gRPC status (momento's table, keyed by our ``StatusCode``)."""

INTERNAL_SERVER_ERROR_MESSAGE = "Unexpected exception occurred while trying to fulfill the request."
SDK_ERROR_MESSAGE = "SDK Failed to process the request."


def convert_error(
    exception: Exception,
    service: Service,
    transport_metadata: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
) -> SdkException:
    """Map ``exception`` to an :class:`SdkException`.

    * an :class:`SdkException` (e.g. from argument validation) is returned unchanged;
    * a :class:`GrpcError` maps by status code, keeping code, details and metadata in ``transport_details``
      (a locally produced DEADLINE_EXCEEDED becomes :class:`TimeoutException`, UNAVAILABLE
      :class:`ServerUnavailableException`);
    * anything else becomes ``UnknownException("SDK Failed to process the request.")`` with the original
      exception as ``__cause__``.

    ``transport_metadata`` (a mapping or ``(key, value)`` pairs, e.g. response headers) is merged under the
    error's own metadata in ``transport_details``, as momento merges call metadata with trailers.
    """
    if isinstance(exception, SdkException):
        return exception
    if isinstance(exception, GrpcError):
        metadata = dict(exception.metadata)
        if transport_metadata is not None:
            pairs = transport_metadata.items() if isinstance(transport_metadata, Mapping) else transport_metadata
            metadata = {**dict(pairs), **metadata}
        transport_details = MomentoErrorTransportDetails(
            MomentoGrpcErrorDetails(exception.code, exception.details, metadata)
        )
        exception_class = grpc_status_to_exception.get(exception.code)
        if exception_class is None:  # only OK can get here: the enum is closed
            converted: SdkException = InternalServerException(INTERNAL_SERVER_ERROR_MESSAGE, service, transport_details)
        else:
            converted = exception_class(exception.details, service, transport_details)
        converted.__cause__ = exception
        return converted
    unknown = UnknownException(SDK_ERROR_MESSAGE, service)
    unknown.__cause__ = exception
    return unknown

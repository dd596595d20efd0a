"""Turn whatever a call raised into the :class:`SdkException` an ``Error`` response carries."""

from __future__ import annotations

from collections.abc import Callable

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

_GRPC_STATUS_TO_EXCEPTION: dict[StatusCode, _ExceptionFactory] = {
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


def convert_error(exception: Exception, service: Service) -> SdkException:
    """Map ``exception`` to an :class:`SdkException`.

    * an :class:`SdkException` (e.g. from argument validation) is returned unchanged;
    * a :class:`GrpcError` maps by status code, keeping code, details and metadata in ``transport_details``
      (a locally produced DEADLINE_EXCEEDED becomes :class:`TimeoutException`, UNAVAILABLE
      :class:`ServerUnavailableException`);
    * anything else becomes ``UnknownException("SDK Failed to process the request.")`` with the original
      exception as ``__cause__``.
    """
    if isinstance(exception, SdkException):
        return exception
    if isinstance(exception, GrpcError):
        transport_details = MomentoErrorTransportDetails(
            MomentoGrpcErrorDetails(exception.code, exception.details, exception.metadata)
        )
        exception_class = _GRPC_STATUS_TO_EXCEPTION.get(exception.code)
        if exception_class is None:  # only OK can get here: the enum is closed
            converted: SdkException = InternalServerException(
                "Unexpected exception occurred while trying to fulfill the request.", service, transport_details
            )
        else:
            converted = exception_class(exception.details, service, transport_details)
        converted.__cause__ = exception
        return converted
    unknown = UnknownException("SDK Failed to process the request.", service)
    unknown.__cause__ = exception
    return unknown

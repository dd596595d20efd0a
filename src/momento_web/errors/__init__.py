"""Errors reported by the SDK (mirrors ``momento.errors``)."""

from momento_web.errors.error_converter import convert_error
from momento_web.errors.error_details import (
    MomentoErrorCode,
    MomentoErrorTransportDetails,
    MomentoGrpcErrorDetails,
)
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

__all__ = [
    "AlreadyExistsException",
    "AuthenticationException",
    "BadRequestException",
    "CancelledException",
    "FailedPreconditionException",
    "InternalServerException",
    "InvalidArgumentException",
    "LimitExceededException",
    "MomentoErrorCode",
    "MomentoErrorTransportDetails",
    "MomentoGrpcErrorDetails",
    "NotFoundException",
    "PermissionDeniedException",
    "SdkException",
    "ServerUnavailableException",
    "TimeoutException",
    "UnknownException",
    "UnknownServiceException",
    "convert_error",
]

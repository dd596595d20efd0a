from __future__ import annotations

import pytest

import momento_web.errors as errors_pkg
import momento_web.errors.exceptions as exceptions_mod
from momento_web.errors import (
    AlreadyExistsException,
    AuthenticationException,
    BadRequestException,
    CancelledException,
    FailedPreconditionException,
    InternalServerException,
    InvalidArgumentException,
    LimitExceededException,
    MomentoErrorCode,
    MomentoErrorTransportDetails,
    MomentoGrpcErrorDetails,
    NotFoundException,
    PermissionDeniedException,
    SdkException,
    ServerUnavailableException,
    TimeoutException,
    UnknownException,
    UnknownServiceException,
    convert_error,
)
from momento_web.errors.exceptions import (
    LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER,
    ClientResourceExhaustedException,
    ConnectionException,
    LimitExceededMessageWrapper,
)
from momento_web.internal.services import Service
from momento_web.wire.status import GrpcError, StatusCode

SUPPORT = "please contact us at support@momentohq.com"


def test_error_code_names_order_and_values() -> None:
    names = [
        "INVALID_ARGUMENT_ERROR",
        "UNKNOWN_SERVICE_ERROR",
        "ALREADY_EXISTS_ERROR",
        "NOT_FOUND_ERROR",
        "INTERNAL_SERVER_ERROR",
        "PERMISSION_ERROR",
        "AUTHENTICATION_ERROR",
        "CANCELLED_ERROR",
        "LIMIT_EXCEEDED_ERROR",
        "BAD_REQUEST_ERROR",
        "TIMEOUT_ERROR",
        "SERVER_UNAVAILABLE",
        "CLIENT_RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION_ERROR",
        "UNKNOWN_ERROR",
        "CONNECTION_ERROR",
    ]
    assert [member.name for member in MomentoErrorCode] == names
    assert [member.value for member in MomentoErrorCode] == list(range(1, 17))


def test_service_values() -> None:
    assert [(s.name, s.value) for s in Service] == [
        ("CACHE", "cache"),
        ("TOPICS", "topics"),
        ("INDEX", "index"),
        ("STORAGE", "store"),
        ("AUTH", "auth"),
    ]


def test_public_names() -> None:
    expected = {
        "MomentoErrorCode",
        "MomentoErrorTransportDetails",
        "MomentoGrpcErrorDetails",
        "SdkException",
        "AlreadyExistsException",
        "AuthenticationException",
        "BadRequestException",
        "CancelledException",
        "FailedPreconditionException",
        "InternalServerException",
        "InvalidArgumentException",
        "LimitExceededException",
        "NotFoundException",
        "PermissionDeniedException",
        "ServerUnavailableException",
        "TimeoutException",
        "UnknownException",
        "UnknownServiceException",
        "convert_error",
    }
    assert set(errors_pkg.__all__) == expected
    for name in expected - {
        "convert_error",
        "MomentoErrorCode",
        "MomentoErrorTransportDetails",
        "MomentoGrpcErrorDetails",
    }:
        assert getattr(exceptions_mod, name) is getattr(errors_pkg, name)
    for name in (
        "ClientResourceExhaustedException",
        "ConnectionException",
        "LimitExceededMessageWrapper",
        "LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER",
    ):
        assert hasattr(exceptions_mod, name), name


def test_repr_and_str_match_official_shape() -> None:
    exc = InvalidArgumentException("bad", Service.CACHE)
    expected = (
        "InvalidArgumentException(message='bad', error_code=<MomentoErrorCode.INVALID_ARGUMENT_ERROR: 1>, "
        "transport_details=None, message_wrapper='Invalid argument passed to Momento client')"
    )
    assert repr(exc) == expected
    assert str(exc) == expected
    assert exc.message == "bad"
    assert exc.service is Service.CACHE
    assert exc.transport_details is None
    assert isinstance(exc, SdkException)
    assert isinstance(exc, Exception)


def test_repr_includes_transport_details() -> None:
    details = MomentoErrorTransportDetails(MomentoGrpcErrorDetails(StatusCode.NOT_FOUND, "nope", {"err": "x"}))
    text = repr(NotFoundException("nope", Service.CACHE, details))
    assert "transport_details=MomentoErrorTransportDetails(grpc=MomentoGrpcErrorDetails(" in text
    assert "details='nope'" in text
    assert "{'err': 'x'}" in text


def test_sdk_exception_base_constructor() -> None:
    exc = SdkException("m", MomentoErrorCode.UNKNOWN_ERROR, Service.TOPICS, None, "wrap")
    assert (exc.message, exc.error_code, exc.service, exc.message_wrapper) == (
        "m",
        MomentoErrorCode.UNKNOWN_ERROR,
        Service.TOPICS,
        "wrap",
    )
    assert SdkException("m", MomentoErrorCode.UNKNOWN_ERROR).message_wrapper == ""


@pytest.mark.parametrize(
    ("cls", "code", "wrapper"),
    [
        (
            AlreadyExistsException,
            MomentoErrorCode.ALREADY_EXISTS_ERROR,
            "A cache with the specified name already exists. To resolve this error, either delete the existing "
            "cache and make a new one, or use a different name",
        ),
        (
            AuthenticationException,
            MomentoErrorCode.AUTHENTICATION_ERROR,
            "Invalid authentication credentials to connect to cache service",
        ),
        (BadRequestException, MomentoErrorCode.BAD_REQUEST_ERROR, f"The request was invalid; {SUPPORT}"),
        (
            CancelledException,
            MomentoErrorCode.CANCELLED_ERROR,
            f"The request was cancelled by the server; {SUPPORT}",
        ),
        (
            ClientResourceExhaustedException,
            MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED,
            "Client resource (such as memory or number of concurrent streams) exhausted",
        ),
        (
            ConnectionException,
            MomentoErrorCode.CONNECTION_ERROR,
            f"Connection to the Momento server failed; {SUPPORT}",
        ),
        (
            FailedPreconditionException,
            MomentoErrorCode.FAILED_PRECONDITION_ERROR,
            "System is not in a state required for the operation's execution",
        ),
        (
            InternalServerException,
            MomentoErrorCode.INTERNAL_SERVER_ERROR,
            f"An unexpected error occurred while trying to fulfill the request; {SUPPORT}",
        ),
        (
            InvalidArgumentException,
            MomentoErrorCode.INVALID_ARGUMENT_ERROR,
            "Invalid argument passed to Momento client",
        ),
        (
            NotFoundException,
            MomentoErrorCode.NOT_FOUND_ERROR,
            "A cache with the specified name does not exist. To resolve this error, make sure you have created "
            "the cache before attempting to use it",
        ),
        (
            PermissionDeniedException,
            MomentoErrorCode.PERMISSION_ERROR,
            "Insufficient permissions to perform an operation on the cache",
        ),
        (
            ServerUnavailableException,
            MomentoErrorCode.SERVER_UNAVAILABLE,
            f"The server was unable to handle the request; consider retrying. If the error persists, {SUPPORT}",
        ),
        (
            TimeoutException,
            MomentoErrorCode.TIMEOUT_ERROR,
            "The client's configured timeout was exceeded; you may need to use a Configuration with more "
            "lenient timeouts",
        ),
        (UnknownException, MomentoErrorCode.UNKNOWN_ERROR, "Unknown error has occurred"),
        (
            UnknownServiceException,
            MomentoErrorCode.UNKNOWN_SERVICE_ERROR,
            f"Service returned an unknown response; {SUPPORT}",
        ),
    ],
)
def test_wrappers_and_codes(cls: type[SdkException], code: MomentoErrorCode, wrapper: str) -> None:
    exc = cls("detail", Service.CACHE)  # type: ignore[arg-type]
    assert exc.error_code is code
    assert exc.message_wrapper == wrapper
    assert exc.message == "detail"


def test_wrappers_name_the_service() -> None:
    assert NotFoundException("x", Service.TOPICS).message_wrapper.startswith(
        "A topics with the specified name does not exist."
    )
    assert "delete the existing index and" in AlreadyExistsException("x", Service.INDEX).message_wrapper
    assert AuthenticationException("x", Service.AUTH).message_wrapper.endswith("connect to auth service")
    assert PermissionDeniedException("x", Service.TOPICS).message_wrapper.endswith("on the topics")


def test_unknown_exception_service_is_optional() -> None:
    assert UnknownException("x").service is None


def _grpc(code: StatusCode, details: str = "boom", metadata: dict[str, str] | None = None) -> GrpcError:
    return GrpcError(code, details, metadata)


@pytest.mark.parametrize(
    ("status", "cls", "error_code"),
    [
        (StatusCode.CANCELLED, CancelledException, MomentoErrorCode.CANCELLED_ERROR),
        (StatusCode.UNKNOWN, UnknownServiceException, MomentoErrorCode.UNKNOWN_SERVICE_ERROR),
        (StatusCode.INVALID_ARGUMENT, InvalidArgumentException, MomentoErrorCode.INVALID_ARGUMENT_ERROR),
        (StatusCode.DEADLINE_EXCEEDED, TimeoutException, MomentoErrorCode.TIMEOUT_ERROR),
        (StatusCode.NOT_FOUND, NotFoundException, MomentoErrorCode.NOT_FOUND_ERROR),
        (StatusCode.ALREADY_EXISTS, AlreadyExistsException, MomentoErrorCode.ALREADY_EXISTS_ERROR),
        (StatusCode.PERMISSION_DENIED, PermissionDeniedException, MomentoErrorCode.PERMISSION_ERROR),
        (StatusCode.RESOURCE_EXHAUSTED, LimitExceededException, MomentoErrorCode.LIMIT_EXCEEDED_ERROR),
        (StatusCode.FAILED_PRECONDITION, FailedPreconditionException, MomentoErrorCode.FAILED_PRECONDITION_ERROR),
        (StatusCode.ABORTED, InternalServerException, MomentoErrorCode.INTERNAL_SERVER_ERROR),
        (StatusCode.OUT_OF_RANGE, BadRequestException, MomentoErrorCode.BAD_REQUEST_ERROR),
        (StatusCode.UNIMPLEMENTED, BadRequestException, MomentoErrorCode.BAD_REQUEST_ERROR),
        (StatusCode.INTERNAL, InternalServerException, MomentoErrorCode.INTERNAL_SERVER_ERROR),
        (StatusCode.UNAVAILABLE, ServerUnavailableException, MomentoErrorCode.SERVER_UNAVAILABLE),
        (StatusCode.DATA_LOSS, InternalServerException, MomentoErrorCode.INTERNAL_SERVER_ERROR),
        (StatusCode.UNAUTHENTICATED, AuthenticationException, MomentoErrorCode.AUTHENTICATION_ERROR),
    ],
)
def test_convert_every_status(status: StatusCode, cls: type[SdkException], error_code: MomentoErrorCode) -> None:
    source = _grpc(status, "server said no", {"x-meta": "1"})
    converted = convert_error(source, Service.TOPICS)
    assert type(converted) is cls
    assert converted.error_code is error_code
    assert converted.message == "server said no"
    assert converted.service is Service.TOPICS
    assert converted.transport_details is not None
    grpc = converted.transport_details.grpc
    assert grpc.code is status
    assert grpc.details == "server said no"
    assert grpc.metadata == {"x-meta": "1"}
    assert converted.__cause__ is source


def test_convert_ok_status_is_unexpected() -> None:
    converted = convert_error(_grpc(StatusCode.OK, ""), Service.CACHE)
    assert type(converted) is InternalServerException
    assert converted.message == "Unexpected exception occurred while trying to fulfill the request."
    assert converted.transport_details is not None


def test_convert_passes_sdk_exceptions_through() -> None:
    original = InvalidArgumentException("Cache name must not be empty", Service.CACHE)
    assert convert_error(original, Service.TOPICS) is original


@pytest.mark.parametrize("exception", [ValueError("x"), KeyError("k"), RuntimeError(), TypeError("t")])
def test_convert_other_exceptions(exception: Exception) -> None:
    converted = convert_error(exception, Service.CACHE)
    assert type(converted) is UnknownException
    assert converted.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert converted.message == "SDK Failed to process the request."
    assert converted.service is Service.CACHE
    assert converted.transport_details is None
    assert converted.__cause__ is exception


def test_locally_produced_statuses() -> None:
    timeout = convert_error(GrpcError(StatusCode.DEADLINE_EXCEEDED, "deadline exceeded"), Service.CACHE)
    assert isinstance(timeout, TimeoutException)
    unavailable = convert_error(GrpcError(StatusCode.UNAVAILABLE, "connection refused"), Service.CACHE)
    assert isinstance(unavailable, ServerUnavailableException)
    assert unavailable.transport_details is not None
    assert unavailable.transport_details.grpc.metadata == {}


@pytest.mark.parametrize(
    ("err", "wrapper"),
    [
        ("topic_subscriptions_limit_exceeded", "Topic subscriptions limit exceeded for this account"),
        ("operations_rate_limit_exceeded", "Request rate limit exceeded for this account"),
        ("throughput_rate_limit_exceeded", "Bandwidth limit exceeded for this account"),
        ("request_size_limit_exceeded", "Request size limit exceeded for this account"),
        ("item_size_limit_exceeded", "Item size limit exceeded for this account"),
        ("element_size_limit_exceeded", "Element size limit exceeded for this account"),
    ],
)
def test_limit_exceeded_err_metadata(err: str, wrapper: str) -> None:
    # The message points elsewhere on purpose: ``err`` wins.
    converted = convert_error(_grpc(StatusCode.RESOURCE_EXHAUSTED, "too many operations", {"err": err}), Service.CACHE)
    assert isinstance(converted, LimitExceededException)
    assert converted.message_wrapper == wrapper
    assert LIMIT_EXCEEDED_ERROR_TO_MESSAGE_WRAPPER[err] == wrapper


@pytest.mark.parametrize(
    ("message", "wrapper"),
    [
        ("Too many Subscribers", LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED),
        ("cannot subscribe", LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED),
        ("Too many OPERATIONS per second", LimitExceededMessageWrapper.OPERATIONS_RATE_LIMIT_EXCEEDED),
        ("throughput exceeded", LimitExceededMessageWrapper.THROUGHPUT_RATE_LIMIT_EXCEEDED),
        ("exceeded the request limit", LimitExceededMessageWrapper.REQUEST_SIZE_LIMIT_EXCEEDED),
        ("Item size too big", LimitExceededMessageWrapper.ITEM_SIZE_LIMIT_EXCEEDED),
        ("element size too big", LimitExceededMessageWrapper.ELEMENT_SIZE_LIMIT_EXCEEDED),
        ("slow down", LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED),
        ("", LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED),
    ],
)
@pytest.mark.parametrize("metadata", [None, {}, {"err": "some_new_reason"}, {"other": "x"}])
def test_limit_exceeded_message_fallback(
    message: str, wrapper: LimitExceededMessageWrapper, metadata: dict[str, str] | None
) -> None:
    converted = convert_error(_grpc(StatusCode.RESOURCE_EXHAUSTED, message, metadata), Service.TOPICS)
    assert converted.message_wrapper == wrapper.value


def test_limit_exceeded_direct_construction() -> None:
    assert LimitExceededException("x", Service.CACHE).message_wrapper == "Limit exceeded for this account"
    details = MomentoErrorTransportDetails(
        MomentoGrpcErrorDetails(StatusCode.RESOURCE_EXHAUSTED, "x", {"err": "item_size_limit_exceeded"})
    )
    exc = LimitExceededException("x", Service.CACHE, details)
    assert exc.message_wrapper == "Item size limit exceeded for this account"


def test_grpc_error_details_defaults() -> None:
    details = MomentoGrpcErrorDetails(StatusCode.INTERNAL, "d")
    assert details.metadata is None
    assert MomentoErrorTransportDetails(details).grpc is details

"""momento's small public modules and messages, as momento_web has them: credential errors, the root-certificate
file, ``logs``, ``typing``, ``utilities`` and the limit-exceeded message wrappers."""

from __future__ import annotations

import base64
import json
import logging
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from momento_web import logs
from momento_web.auth import CredentialProvider
from momento_web.config import Configurations
from momento_web.errors import InvalidArgumentException, MomentoErrorTransportDetails, MomentoGrpcErrorDetails
from momento_web.errors.error_converter import (
    INTERNAL_SERVER_ERROR_MESSAGE,
    SDK_ERROR_MESSAGE,
    convert_error,
    grpc_status_to_exception,
)
from momento_web.errors.exceptions import (
    LimitExceededException,
    LimitExceededMessageWrapper,
    UnknownServiceException,
    determineLimitExceededMessageWrapper,
)
from momento_web.internal.services import Service
from momento_web.utilities import DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS, str_to_bytes
from momento_web.wire.status import GrpcError, StatusCode


def _jwt(claims: dict[str, object]) -> str:
    def part(document: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256'})}.{part(claims)}.c2ln"


V2_KEY = _jwt({"t": "g", "id": "k"})
LEGACY_KEY = _jwt({"c": "cache.example.com", "cp": "control.example.com"})

# --- credentials -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"api_key_env_var": ""}, "API key environment variable name cannot be empty."),
        ({"endpoint_env_var": ""}, "Endpoint environment variable name cannot be empty."),
        ({"api_key_env_var": "", "endpoint_env_var": ""}, "API key environment variable name cannot be empty."),
    ],
)
def test_empty_environment_variable_names_are_rejected(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        CredentialProvider.from_environment_variables_v2(**arguments)
    assert raised.value.message == message
    assert raised.value.service is Service.AUTH


def test_a_missing_environment_variable_is_a_runtime_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOMENTO_API_KEY", raising=False)
    with pytest.raises(RuntimeError, match=r"^Missing required environment variable MOMENTO_API_KEY$"):
        CredentialProvider.from_environment_variables_v2()


def test_a_legacy_key_in_the_v2_variables_gets_momentos_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOMENTO_API_KEY", LEGACY_KEY)
    monkeypatch.setenv("MOMENTO_ENDPOINT", "cell.example.com")
    with pytest.raises(InvalidArgumentException) as raised:
        CredentialProvider.from_environment_variables_v2()
    assert raised.value.message == (
        "Received an invalid v2 API key. Are you using the correct key? Or did you mean to use "
        "`from_environment_variable()` with a legacy key instead?"
    )


def test_the_v2_variables_give_a_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY", V2_KEY)
    monkeypatch.setenv("MY_ENDPOINT", "cell.example.com")
    provider = CredentialProvider.from_environment_variables_v2("MY_KEY", "MY_ENDPOINT")
    assert (provider.auth_token, provider.cache_endpoint) == (V2_KEY, "cache.cell.example.com")


@pytest.mark.parametrize(
    ("api_key", "endpoint", "message"),
    [
        ("", "cell.example.com", "API key cannot be empty."),
        (V2_KEY, "", "Endpoint cannot be empty."),
        (
            LEGACY_KEY,
            "cell.example.com",
            "Received an invalid v2 API key. Are you using the correct key and the correct CredentialProvider method?",
        ),
        # momento checks the key before anything else about the endpoint
        (
            LEGACY_KEY,
            "https://cell.example.com/",
            "Received an invalid v2 API key. Are you using the correct key and the correct CredentialProvider method?",
        ),
    ],
)
def test_from_api_key_v2_messages(api_key: str, endpoint: str, message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        CredentialProvider.from_api_key_v2(api_key, endpoint)
    assert raised.value.message == message


def test_a_v2_key_given_as_a_disposable_token_is_refused_with_momentos_message() -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        CredentialProvider.from_disposable_token(V2_KEY)
    assert raised.value.message == (
        "Unexpectedly received a v2 API key. Are you using the correct key and the correct CredentialProvider method?"
    )


def test_an_empty_disposable_token_is_refused() -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        CredentialProvider.from_disposable_token("")
    assert raised.value.message == "Disposable token cannot be empty."


# --- root certificates (momento keeps them in the configuration, not the credential provider) -------------------


def test_a_missing_root_certificate_file_names_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pem"
    with pytest.raises(FileNotFoundError) as raised:
        Configurations.Laptop.latest().with_root_certificates_pem(missing)
    assert str(raised.value) == f"Root certificate file not found at path: {missing}"


def test_a_root_certificate_file_is_read(tmp_path: Path) -> None:
    pem = tmp_path / "ca.pem"
    pem.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    configuration = Configurations.Laptop.latest().with_root_certificates_pem(pem)
    grpc_configuration = configuration.get_transport_strategy().get_grpc_configuration()
    assert grpc_configuration.get_root_certificates_pem() == b"-----BEGIN CERTIFICATE-----\n"


# --- logs ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def scratch_level() -> Iterator[str]:
    """A level name no one has registered; removed from :mod:`logging` afterwards."""
    name = "MOMENTOWEBSCRATCH"
    method = name.lower()
    yield name
    for owner in (logging, logging.getLoggerClass()):
        if hasattr(owner, method):
            delattr(owner, method)
    if hasattr(logging, name):
        delattr(logging, name)


def test_add_logging_level_registers_a_level_and_its_methods(
    scratch_level: str, caplog: pytest.LogCaptureFixture
) -> None:
    assert logs.add_logging_level(scratch_level, 3) is True
    assert getattr(logging, scratch_level) == 3
    assert logging.getLevelName(3) == scratch_level
    logger = logging.getLogger("momento_web.tests.scratch")
    with caplog.at_level(1, logger="momento_web.tests.scratch"):
        getattr(logger, scratch_level.lower())("hello %s", "there")
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [(3, "hello there")]


def test_add_logging_level_never_overwrites(scratch_level: str) -> None:
    assert logs.add_logging_level(scratch_level, 3) is True
    with pytest.warns(UserWarning, match=f"^Logging level {scratch_level} or logging method .* already defined"):
        assert logs.add_logging_level(scratch_level, 4) is False
    assert getattr(logging, scratch_level) == 3


def test_trace_is_below_debug() -> None:
    assert logs.TRACE == logging.DEBUG - 5


# --- typing and utilities ------------------------------------------------------------------------------------------


def test_momentos_typing_aliases_mean_the_same() -> None:
    from momento_web import typing as momento_typing

    assert typing.get_args(momento_typing.TLIstValuesOutput) == (list[bytes], list[str])
    assert typing.get_args(momento_typing.TSetElementsOutput) == (set[bytes], set[str])
    assert typing.get_args(momento_typing.TListValuesInputBytes) == (bytes,)
    assert typing.get_args(momento_typing.TSetElementsInputStr) == (str,)
    assert momento_typing.TSortedSetScore is float


def test_utilities() -> None:
    assert DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS == 30
    assert str_to_bytes("ü") == b"\xc3\xbc"


# --- limit exceeded wrappers and the error converter ------------------------------------------------------------


def _details(message: str, metadata: dict[str, str] | None = None) -> MomentoErrorTransportDetails:
    return MomentoErrorTransportDetails(MomentoGrpcErrorDetails(StatusCode.RESOURCE_EXHAUSTED, message, metadata))


@pytest.mark.parametrize(
    ("details", "wrapper"),
    [
        (None, LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED),
        (
            _details("x", {"err": "element_size_limit_exceeded"}),
            LimitExceededMessageWrapper.ELEMENTS_SIZE_LIMIT_EXCEEDED,
        ),
        (_details("too much throughput"), LimitExceededMessageWrapper.THROUGHPUT_LIMIT_EXCEEDED),
        (
            _details("Too many subscribers", {"err": "not_a_reason"}),
            LimitExceededMessageWrapper.TOPIC_SUBSCRIPTIONS_LIMIT_EXCEEDED,
        ),
        (_details("slow down"), LimitExceededMessageWrapper.UNKNOWN_LIMIT_EXCEEDED),
    ],
)
def test_determine_limit_exceeded_message_wrapper(
    details: MomentoErrorTransportDetails | None, wrapper: LimitExceededMessageWrapper
) -> None:
    assert determineLimitExceededMessageWrapper(details) == wrapper.value


def test_the_wrapper_comes_from_the_transport_details_not_the_message() -> None:
    """As in momento: constructed directly, without transport details, the message is not searched."""
    exception = LimitExceededException("Too many subscribers", Service.TOPICS)
    assert exception.message_wrapper == "Limit exceeded for this account"


def test_older_wrapper_names_are_aliases() -> None:
    wrappers = LimitExceededMessageWrapper
    assert wrappers["THROUGHPUT_RATE_LIMIT_EXCEEDED"] is wrappers.THROUGHPUT_LIMIT_EXCEEDED
    assert wrappers["ELEMENT_SIZE_LIMIT_EXCEEDED"] is wrappers.ELEMENTS_SIZE_LIMIT_EXCEEDED


def test_error_converter_names() -> None:
    assert grpc_status_to_exception[StatusCode.UNKNOWN] is UnknownServiceException
    assert StatusCode.OK not in grpc_status_to_exception
    assert len(grpc_status_to_exception) == 16
    assert SDK_ERROR_MESSAGE == "SDK Failed to process the request."
    assert INTERNAL_SERVER_ERROR_MESSAGE == "Unexpected exception occurred while trying to fulfill the request."
    assert convert_error(ValueError("boom"), Service.CACHE).message == SDK_ERROR_MESSAGE


def test_convert_error_merges_transport_metadata_under_the_errors_own() -> None:
    error = GrpcError(StatusCode.RESOURCE_EXHAUSTED, "x", {"err": "item_size_limit_exceeded"})
    converted = convert_error(error, Service.CACHE, [("err", "ignored"), ("x-request", "1")])
    assert converted.transport_details is not None
    assert converted.transport_details.grpc.metadata == {"err": "item_size_limit_exceeded", "x-request": "1"}
    assert converted.message_wrapper == "Item size limit exceeded for this account"


def test_both_subscriptions_share_momentos_base() -> None:
    from momento_web.responses import TopicSubscribe, TopicSubscribeResponse

    assert issubclass(TopicSubscribe.SubscriptionBase, TopicSubscribeResponse)
    assert issubclass(TopicSubscribe.SubscriptionAsync, TopicSubscribe.SubscriptionBase)
    assert issubclass(TopicSubscribe.Subscription, TopicSubscribe.SubscriptionBase)

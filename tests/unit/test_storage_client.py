"""``PreviewStorageClientAsync`` against canned replies: what each call sends (URL, headers, the exact bytes checked
against google.protobuf), how replies and statuses map to responses, and every validation message."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from google.protobuf.message import Message

import momento_web
from momento_web import CredentialProvider, PreviewStorageClientAsync, StorageConfigurations
from momento_web.config.storage_configuration import StorageConfiguration
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.storage import (
    CreateStore,
    DeleteStore,
    ListStores,
    StorageDelete,
    StorageGet,
    StoragePut,
    StorageValue,
    StoreInfo,
)
from momento_web.transport import HttpRequest, HttpResponse
from momento_web.wire.credentials import credential_string
from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
from momento_web.wire.status import StatusCode
from tests.protobuf_oracle import controlclient_pb2 as control_pb
from tests.protobuf_oracle import store_pb2 as pb
from tests.unit.fakes import sent_payload

Call = Callable[[PreviewStorageClientAsync], Awaitable[object]]
LOCAL = CredentialProvider.for_momento_local("127.0.0.1", 8080)


@dataclass
class _Reply:
    body: bytes
    headers: Mapping[str, str]
    status: int = 200

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        yield self.body

    async def aclose(self) -> None:
        pass


@dataclass
class CannedTransport:
    """Answers every request with ``reply`` (a message, sent with OK) or, if ``status`` is set, with that status
    and ``err`` as a trailers-only error; records the requests."""

    reply: Message | None = None
    status: StatusCode | None = None
    err: str | None = None
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        content_type = {"content-type": "application/grpc-web+proto"}
        if self.status is not None:
            extra = {"err": self.err} if self.err else None
            return _Reply(b"", {**content_type, **status_metadata(self.status, "refused", extra)})
        message = b"" if self.reply is None else self.reply.SerializeToString()
        body = encode_frame(message, text=False) + encode_trailers(status_metadata(StatusCode.OK), text=False)
        return _Reply(body, content_type)

    async def aclose(self) -> None:
        pass


def _client(
    transport: CannedTransport,
    credentials: CredentialProvider = LOCAL,
    configuration: StorageConfiguration | None = None,
) -> PreviewStorageClientAsync:
    config = (configuration or StorageConfigurations.Laptop.latest()).with_transport_factory(lambda: transport)
    return PreviewStorageClientAsync(config, credentials)


# --- what goes on the wire --------------------------------------------------------------------------------------

PUT_CASES: list[tuple[Call, Message]] = [
    (lambda c: c.put_int("s", "ключ", 0), pb._StorePutRequest(key="ключ", value=pb._StoreValue(integer_value=0))),
    (lambda c: c.put_int("s", "k", -(2**63)), pb._StorePutRequest(key="k", value={"integer_value": -(2**63)})),
    (lambda c: c.put_double("s", "k", 0.0), pb._StorePutRequest(key="k", value={"double_value": 0.0})),
    (lambda c: c.put_double("s", "k", 3), pb._StorePutRequest(key="k", value={"double_value": 3.0})),
    (lambda c: c.put_string("s", "k", ""), pb._StorePutRequest(key="k", value={"string_value": ""})),
    (lambda c: c.put_bytes("s", "", b""), pb._StorePutRequest(key="", value={"bytes_value": b""})),
    (lambda c: c.put_bytes("s", "k", bytearray(b"\xff")), pb._StorePutRequest(key="k", value={"bytes_value": b"\xff"})),
]  # fmt: skip


@pytest.mark.parametrize(("call", "expected"), PUT_CASES)
async def test_puts_send_the_key_itself_and_the_typed_value_even_when_default(call: Call, expected: Message) -> None:
    transport = CannedTransport(pb._StorePutResponse())
    async with _client(transport) as client:
        assert await call(client) == StoragePut.Success()
    (request,) = transport.requests
    assert request.url == "http://127.0.0.1:8080/store.Store/Put"
    # Byte for byte what google.protobuf encodes: a oneof member at its default value is still sent.
    assert sent_payload(request) == expected.SerializeToString()


async def test_data_calls_name_the_store_in_its_header_and_announce_the_client_once() -> None:
    transport = CannedTransport(pb._StoreGetResponse(value=pb._StoreValue(integer_value=1)))
    token = credential_string("https://example.test", "the-key")
    credentials = CredentialProvider.from_disposable_token(token)
    config = StorageConfigurations.Laptop.latest().with_client_timeout(timedelta(seconds=3))
    async with _client(transport, credentials, config) as client:
        await client.get("first", "k")
        await client.get("first", "k")
        await client.delete("second", "k")
    first, again, second = transport.requests
    assert [request.url for request in transport.requests] == [
        "https://example.test/store.Store/Get",
        "https://example.test/store.Store/Get",
        "https://example.test/store.Store/Delete",
    ]
    assert (first.headers["store"], second.headers["store"]) == ("first", "second")
    for request in transport.requests:
        assert "cache" not in request.headers
        assert request.headers["authorization"] == "the-key"
        assert request.headers["grpc-timeout"] == "3000m"
    assert first.headers["agent"].startswith("python-web:store:")
    assert "agent" not in again.headers
    assert "agent" not in second.headers
    assert pb._StoreDeleteRequest.FromString(sent_payload(second)) == pb._StoreDeleteRequest(key="k")


@pytest.mark.parametrize(
    ("call", "rpc", "expected", "reply", "response"),
    [
        (
            lambda c: c.create_store("s"),
            "CreateStore",
            control_pb._CreateStoreRequest(store_name="s"),
            control_pb._CreateStoreResponse(),
            CreateStore.Success(),
        ),
        (
            lambda c: c.delete_store("s"),
            "DeleteStore",
            control_pb._DeleteStoreRequest(store_name="s"),
            control_pb._DeleteStoreResponse(),
            DeleteStore.Success(),
        ),
        (
            lambda c: c.list_stores(),
            "ListStores",
            control_pb._ListStoresRequest(next_token=""),
            control_pb._ListStoresResponse(store=[{"store_name": "a"}, {"store_name": "b"}], next_token="more"),
            ListStores.Success([StoreInfo("a"), StoreInfo("b")]),
        ),
    ],
    ids=["create", "delete", "list"],
)
async def test_control_calls_go_to_the_control_endpoint_without_a_store_header(
    call: Call, rpc: str, expected: Message, reply: Message, response: object
) -> None:
    transport = CannedTransport(reply)
    async with _client(transport) as client:
        assert await call(client) == response
    (request,) = transport.requests
    assert request.url == f"http://127.0.0.1:8080/control_client.ScsControl/{rpc}"
    assert "store" not in request.headers
    assert request.headers["grpc-timeout"] == "60000m"  # the fixed minute of control calls
    assert sent_payload(request) == expected.SerializeToString()


def test_storage_urls_follow_the_credential() -> None:
    v1 = base64.b64encode(json.dumps({"endpoint": "cell.momentohq.com", "api_key": "k"}).encode()).decode()
    derived = CredentialProvider.from_disposable_token(v1)
    assert derived.storage_endpoint == "storage.cell.momentohq.com"
    assert derived.storage_url == "https://web.storage.cell.momentohq.com"
    overridden = CredentialProvider.from_disposable_token(v1, cache_endpoint="cache.example.test:9001")
    assert overridden.storage_url == "https://cache.example.test:9001"
    assert LOCAL.storage_url == "http://127.0.0.1:8080"
    emulator_token = CredentialProvider.from_disposable_token(credential_string("http://127.0.0.1:9/", "k"))
    assert emulator_token.storage_url == "http://127.0.0.1:9"


# --- replies ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "value"),
    [
        (pb._StoreValue(integer_value=0), StorageValue(0)),
        (pb._StoreValue(double_value=-0.5), StorageValue(-0.5)),
        (pb._StoreValue(string_value=""), StorageValue("")),
        (pb._StoreValue(bytes_value=b"\x00"), StorageValue(b"\x00")),
    ],
    ids=["int", "double", "string", "bytes"],
)
async def test_get_returns_the_value_with_its_type(stored: pb._StoreValue, value: StorageValue) -> None:
    async with _client(CannedTransport(pb._StoreGetResponse(value=stored))) as client:
        response = await client.get("s", "k")
    assert response == StorageGet.Found(value)
    assert isinstance(response, StorageGet.Found)
    assert type(response.value.value) is type(value.value)


@pytest.mark.parametrize("reply", [pb._StoreGetResponse(), pb._StoreGetResponse(value={})], ids=["none", "empty"])
async def test_get_without_a_value_is_an_unknown_error(reply: Message) -> None:
    async with _client(CannedTransport(reply)) as client:
        response = await client.get("s", "k")
    assert isinstance(response, StorageGet.Error)
    assert response.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert response.inner_exception.message == "StorageGet responded with an unknown result"


async def test_a_missing_item_is_not_found_but_a_missing_store_is_an_error() -> None:
    transport = CannedTransport(status=StatusCode.NOT_FOUND, err="item_not_found")
    async with _client(transport) as client:
        assert await client.get("s", "k") == StorageGet.NotFound()
        transport.err = "store_not_found"
        missing_store = await client.get("s", "k")
        transport.err = None
        bare = await client.get("s", "k")
        deleted = await client.delete("s", "k")
    for response in (missing_store, bare, deleted):
        assert isinstance(response, ErrorResponseMixin)
        assert response.error_code is MomentoErrorCode.NOT_FOUND_ERROR
        assert response.message == (
            "A store with the specified name does not exist. To resolve this error, make sure you have created "
            "the store before attempting to use it: refused"
        )


async def test_create_of_an_existing_store_is_store_already_exists() -> None:
    async with _client(CannedTransport(status=StatusCode.ALREADY_EXISTS)) as client:
        assert await client.create_store("s") == CreateStore.StoreAlreadyExists()
        deleted = await client.delete_store("s")
    assert isinstance(deleted, DeleteStore.Error)
    assert deleted.error_code is MomentoErrorCode.ALREADY_EXISTS_ERROR


@pytest.mark.parametrize(
    ("status", "err", "code", "wrapper"),
    [
        (StatusCode.PERMISSION_DENIED, None, MomentoErrorCode.PERMISSION_ERROR, "on the store"),
        (StatusCode.UNAUTHENTICATED, None, MomentoErrorCode.AUTHENTICATION_ERROR, "connect to store service"),
        (StatusCode.RESOURCE_EXHAUSTED, "item_size_limit_exceeded", MomentoErrorCode.LIMIT_EXCEEDED_ERROR, "Item size"),
        (StatusCode.UNAVAILABLE, "server_is_busy", MomentoErrorCode.SERVER_UNAVAILABLE, "consider retrying"),
    ],
)
async def test_other_statuses_are_error_values(status: StatusCode, err: str | None, code: Any, wrapper: str) -> None:
    async with _client(CannedTransport(status=status, err=err)) as client:
        response = await client.put_string("s", "k", "v")
    assert isinstance(response, StoragePut.Error)
    assert response.error_code is code
    assert wrapper in response.message


# --- validation -------------------------------------------------------------------------------------------------

VALIDATION: list[tuple[Call, str]] = [
    (lambda c: c.create_store(""), "Store name must not be empty"),
    (lambda c: c.create_store(1), "Store name must be a string"),  # type: ignore[arg-type]
    (lambda c: c.delete_store(None), "Store name must be a string"),  # type: ignore[arg-type]
    (lambda c: c.get("", "k"), "Store name must not be empty"),
    (lambda c: c.get("s", b"k"), "Unsupported type for key: <class 'bytes'>"),  # type: ignore[arg-type]
    (lambda c: c.delete("s", 1), "Unsupported type for key: <class 'int'>"),  # type: ignore[arg-type]
    (lambda c: c.put_int(b"s", "k", 1), "Store name must be a string"),  # type: ignore[arg-type]
    (lambda c: c.put_int("s", "k", 1.0), "Value must be an integer. Given type: <class 'float'>"),  # type: ignore[arg-type]
    (lambda c: c.put_int("s", "k", True), "Value must be an integer. Given type: <class 'bool'>"),
    (lambda c: c.put_int("s", "k", 2**63), "Value must be a signed 64-bit integer. Given: 9223372036854775808"),
    (lambda c: c.put_int("s", "k", -(2**63) - 1), "Value must be a signed 64-bit integer. Given: -9223372036854775809"),
    (lambda c: c.put_double("s", "k", "1"), "Value must be a float. Given type: <class 'str'>"),  # type: ignore[arg-type]
    (lambda c: c.put_double("s", "k", False), "Value must be a float. Given type: <class 'bool'>"),
    (lambda c: c.put_double("s", "k", 10**400), "Value is too large for a double. Given: " + str(10**400)),
    (lambda c: c.put_string("s", "k", b"v"), "Value must be a string. Given type: <class 'bytes'>"),  # type: ignore[arg-type]
    (lambda c: c.put_bytes("s", "k", "v"), "Value must be bytes. Given type: <class 'str'>"),  # type: ignore[arg-type]
    (lambda c: c.put_bytes("s", 5, b"v"), "Unsupported type for key: <class 'int'>"),  # type: ignore[arg-type]
]  # fmt: skip


@pytest.mark.parametrize(("call", "message"), VALIDATION)
async def test_bad_arguments_are_invalid_argument_errors_and_send_nothing(call: Call, message: str) -> None:
    transport = CannedTransport()
    async with _client(transport) as client:
        response = await call(client)
    assert isinstance(response, ErrorResponseMixin)
    assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert response.inner_exception.message == message
    assert response.message == f"Invalid argument passed to Momento client: {message}"
    assert transport.requests == []


async def test_whitespace_store_names_pass_like_cache_names() -> None:
    # As the official Python SDK does for cache names: only "" is empty (the server decides about the rest).
    transport = CannedTransport(control_pb._CreateStoreResponse())
    async with _client(transport) as client:
        assert await client.create_store(" ") == CreateStore.Success()
    assert len(transport.requests) == 1


# --- values, configurations, the package ------------------------------------------------------------------------


def test_storage_value_accessors_return_only_their_type() -> None:
    Accessed = tuple[int | None, float | None, str | None, bytes | None]
    cases: dict[StorageValue, Accessed] = {
        StorageValue(7): (7, None, None, None),
        StorageValue(7.0): (None, 7.0, None, None),
    }
    cases |= {StorageValue("7"): (None, None, "7", None), StorageValue(b"7"): (None, None, None, b"7")}
    for value, (integer, double, string, raw) in cases.items():
        assert (value.int(), value.double(), value.string(), value.bytes()) == (integer, double, string, raw)
    assert len(cases) == 4  # 7, 7.0, "7" and b"7" are four different values (and hashes that keep them apart)


def test_storage_value_equality_is_by_type_and_value_and_it_matches() -> None:
    assert StorageValue(1) != StorageValue(1.0)
    assert StorageValue(float("nan")) == StorageValue(float("nan"))
    assert hash(StorageValue(float("nan"))) == hash(StorageValue(float("nan")))
    assert StorageValue("a") == StorageValue("a")
    assert StorageValue(b"a") != StorageValue("a")
    assert repr(StorageGet.Found(StorageValue(5))) == "StorageGet.Found(value=StorageValue(5))"
    match StorageValue(42):
        case StorageValue(str()):
            raise AssertionError("not a string")
        case StorageValue(int() as number):
            assert number == 42


@pytest.mark.parametrize("value", [True, None, [1], 1j, bytearray(b"x")])
def test_storage_value_refuses_other_types(value: Any) -> None:
    with pytest.raises(InvalidArgumentException, match=r"must be an int, float, str or bytes\. Given type"):
        StorageValue(value)


def test_configurations() -> None:
    assert StorageConfigurations.Laptop.latest().get_client_timeout() == timedelta(seconds=5)
    assert StorageConfigurations.Browser.latest().get_client_timeout() == timedelta(seconds=10)
    shorter = StorageConfigurations.Browser.latest().with_client_timeout(timedelta(seconds=2))
    assert isinstance(shorter, StorageConfigurations.Browser)
    assert shorter.get_client_timeout() == timedelta(seconds=2)


def test_the_client_is_exported_lazily_from_the_package_root() -> None:
    assert momento_web.PreviewStorageClientAsync.__module__ == "momento_web.storage_client_async"
    assert momento_web.StorageConfigurations is StorageConfigurations
    assert {"PreviewStorageClientAsync", "StorageConfigurations"} <= set(momento_web.__all__)


async def test_a_deleted_item_is_success_and_every_response_is_a_value() -> None:
    async with _client(CannedTransport(pb._StoreDeleteResponse())) as client:
        assert await client.delete("s", "missing") == StorageDelete.Success()

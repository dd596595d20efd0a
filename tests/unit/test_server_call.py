"""The server-call state machine driven with raw request headers and bytes only; its reply pieces checked byte for
byte, and read back by the client-call state machine."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import pytest

from momento_web.wire.client_call import ClientCall, UnaryCall
from momento_web.wire.grpc_web import CallStateError
from momento_web.wire.server_call import (
    NATIVE,
    Part,
    ResponseBody,
    ResponseStart,
    ResponseTrailers,
    ServerCall,
    WireMode,
)
from momento_web.wire.status import GrpcError, StatusCode

TEXT = "application/grpc-web-text"
BINARY = "application/grpc-web+proto"
CORS = ((b"access-control-allow-origin", b"*"), (b"vary", b"Origin"))
OK_BLOCK = b"grpc-status:0\r\ngrpc-message:\r\n"
OK_FRAME = b"\x80" + len(OK_BLOCK).to_bytes(4, "big") + OK_BLOCK
OK_TRAILERS = ((b"grpc-status", b"0"), (b"grpc-message", b""))
LIMIT = 100


def frame(payload: bytes) -> bytes:
    return b"\x00" + len(payload).to_bytes(4, "big") + payload


def call(
    content_type: str | None = BINARY, *, method: str = "POST", te: str | None = None, http_trailers: bool = False
) -> ServerCall:
    headers = {} if content_type is None else {"content-type": content_type}
    if te is not None:
        headers["te"] = te
    return ServerCall(method, headers, http_trailers=http_trailers, max_request_bytes=LIMIT, extra_headers=CORS)


def native() -> ServerCall:
    return call("application/grpc", te="trailers", http_trailers=True)


def refusal(server: ServerCall, body: bytes | None = b"") -> GrpcError:
    def read() -> bytes:
        server.receive_body(body)
        return server.request_message()

    with pytest.raises(GrpcError) as caught:
        read()
    return caught.value


# --- wire mode ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "mode"),
    [
        (TEXT, WireMode(True, TEXT)),
        ("application/grpc-web-text+proto", WireMode(True, "application/grpc-web-text+proto")),
        ("Application/GRPC-Web-Text; charset=utf-8", WireMode(True, TEXT)),
        (BINARY, WireMode(False, BINARY)),
        ("application/grpc-web", WireMode(False, "application/grpc-web")),
    ],
)
def test_grpc_web_reply_mirrors_the_request_content_type(content_type: str, mode: WireMode) -> None:
    server = call(content_type)
    assert server.mode == mode
    assert server.rejected is None
    server.receive_body(b"")


@pytest.mark.parametrize("content_type", ["application/grpc", "application/grpc+proto"])
def test_native_grpc_needs_http_trailers_and_te_trailers(content_type: str) -> None:
    assert call(content_type, te="trailers", http_trailers=True).mode == NATIVE
    for refused in (call(content_type, te="trailers"), call(content_type, http_trailers=True)):
        error = refusal(refused)
        assert error.code is StatusCode.UNIMPLEMENTED
        assert error.details == "native gRPC needs HTTP/2 with trailers (h2c); over HTTP/1.1 use gRPC-web"
        assert refused.mode == WireMode(False, "application/grpc")  # answered in a form the client can read


@pytest.mark.parametrize(
    ("content_type", "code", "details", "fallback"),
    [
        (
            "application/grpc-web+json",
            StatusCode.UNIMPLEMENTED,
            "unsupported gRPC-web codec 'application/grpc-web+json'; use +proto",
            WireMode(False, BINARY),
        ),
        (
            "application/grpc-web-text+json",
            StatusCode.UNIMPLEMENTED,
            "unsupported gRPC-web codec 'application/grpc-web-text+json'; use +proto",
            WireMode(True, TEXT),
        ),
        (
            "application/grpc+json",
            StatusCode.UNIMPLEMENTED,
            "unsupported gRPC codec 'application/grpc+json'; use +proto",
            WireMode(False, "application/grpc"),
        ),
        (
            "text/plain",
            StatusCode.INVALID_ARGUMENT,
            "content-type 'text/plain' is not gRPC (expected application/grpc-web-text, application/grpc-web+proto "
            "or, over HTTP/2, application/grpc)",
            WireMode(False, BINARY),
        ),
        (None, StatusCode.INVALID_ARGUMENT, None, WireMode(False, BINARY)),
    ],
)
def test_unserved_content_types_are_refused_after_the_body(
    content_type: str | None, code: StatusCode, details: str | None, fallback: WireMode
) -> None:
    server = call(content_type)
    assert server.rejected is None  # the body is read first, so the connection stays usable
    assert server.mode == fallback
    error = refusal(server)
    assert error.code is code
    if details is not None:
        assert error.details == details


def test_an_unserved_native_codec_over_http2_is_answered_natively() -> None:
    server = call("application/grpc+json", te="trailers", http_trailers=True)
    assert server.mode == NATIVE
    assert refusal(server).code is StatusCode.UNIMPLEMENTED


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_only_post_is_served(method: str) -> None:
    rejected = call(BINARY, method=method).rejected
    assert rejected is not None
    assert rejected.code is StatusCode.UNIMPLEMENTED
    assert rejected.details == f"method {method} not allowed; use POST"


# --- the request -------------------------------------------------------------------------------------------------


def test_request_body_limit_is_one_frame_base64_encoded_in_text_mode() -> None:
    assert call(BINARY).request_body_limit == LIMIT + 5
    assert call(TEXT).request_body_limit == 140 + 64  # 105 bytes are 140 base64 characters
    assert call("text/plain").request_body_limit == 140 + 64  # read as generously, to be discarded
    assert native().request_body_limit == LIMIT + 5


def test_a_body_over_the_limit_is_resource_exhausted_with_its_err() -> None:
    error = refusal(call(BINARY), None)
    assert error.code is StatusCode.RESOURCE_EXHAUSTED
    assert error.details == f"request exceeds the request limit of {LIMIT} bytes"
    assert error.metadata == {"err": "request_size_limit_exceeded"}


def test_an_unserved_content_type_is_reported_before_the_size() -> None:
    assert refusal(call("text/plain"), None).code is StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("text", [False, True])
def test_request_message_is_the_one_data_frame(text: bool) -> None:
    server = call(TEXT if text else BINARY)
    body = frame(b"\x0a\x03foo")
    server.receive_body(base64.b64encode(body) if text else body)
    assert server.request_message() == b"\x0a\x03foo"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", BINARY),  # no frame
        (frame(b"a") + frame(b"b"), BINARY),  # two frames
        (frame(b"a")[:-1], BINARY),  # cut short
        (b"\x01\x00\x00\x00\x00", BINARY),  # compressed
        (frame(b"x" * (LIMIT + 1)), BINARY),  # a message over the limit
        (b"!!!!", TEXT),  # not base64
    ],
)
def test_a_malformed_request_is_invalid_argument(body: bytes, content_type: str) -> None:
    error = refusal(call(content_type), body)
    assert error.code is StatusCode.INVALID_ARGUMENT
    assert error.details.startswith("malformed gRPC-web request: ")


# --- replies, byte for byte --------------------------------------------------------------------------------------


def test_unary_binary_is_one_body_write_holding_message_and_ok_trailer_frame() -> None:
    assert call(BINARY).unary(b"\x08\x01") == (
        ResponseStart(200, ((b"content-type", BINARY.encode()), *CORS)),
        ResponseBody(frame(b"\x08\x01") + OK_FRAME, more=False),
    )


def test_unary_text_encodes_each_frame_on_its_own() -> None:
    start, body = call(TEXT).unary(b"\x08\x01")
    assert start == ResponseStart(200, ((b"content-type", TEXT.encode()), *CORS))
    assert body == ResponseBody(base64.b64encode(frame(b"\x08\x01")) + base64.b64encode(OK_FRAME), more=False)


def test_unary_native_sends_the_status_in_http_trailers() -> None:
    assert native().unary(b"") == (
        ResponseStart(200, ((b"content-type", b"application/grpc"), *CORS), trailers=True),
        ResponseBody(frame(b""), more=False),
        ResponseTrailers(OK_TRAILERS),
    )


@pytest.mark.parametrize("text", [False, True])
def test_stream_flushes_each_message_then_the_ok_trailer_frame(text: bool) -> None:
    server = call(TEXT if text else BINARY)
    encode = base64.b64encode if text else bytes
    assert server.start() == ResponseStart(200, ((b"content-type", (TEXT if text else BINARY).encode()), *CORS))
    assert server.message(b"a") == ResponseBody(encode(frame(b"a")), more=True)
    assert server.message(b"") == ResponseBody(encode(frame(b"")), more=True)
    assert server.end() == (ResponseBody(encode(OK_FRAME), more=False),)
    assert server.status is StatusCode.OK


def test_stream_ending_with_an_error_puts_status_message_and_metadata_in_the_trailer_frame() -> None:
    server = call(BINARY)
    server.start()
    (body,) = server.end(GrpcError(StatusCode.NOT_FOUND, "Cache not found", {"ERR": "momento_general_err"}))
    block = b"grpc-status:5\r\ngrpc-message:Cache%20not%20found\r\nerr:momento_general_err\r\n"
    assert body == ResponseBody(b"\x80" + len(block).to_bytes(4, "big") + block, more=False)
    assert server.status is StatusCode.NOT_FOUND


def test_native_stream_ends_with_an_empty_body_then_trailers() -> None:
    server = native()
    assert server.start().trailers is True
    assert server.message(b"a") == ResponseBody(frame(b"a"), more=True)  # native frames are never base64
    assert server.end() == (ResponseBody(b"", more=False), ResponseTrailers(OK_TRAILERS))
    error_call = native()
    error_call.start()
    assert error_call.end(GrpcError(StatusCode.INTERNAL, "boom", {"err": "x"})) == (
        ResponseBody(b"", more=False),
        ResponseTrailers(((b"grpc-status", b"13"), (b"grpc-message", b"boom"), (b"err", b"x"))),
    )


@pytest.mark.parametrize("content_type", [TEXT, BINARY])
def test_trailers_only_puts_the_status_in_the_headers_of_an_empty_body(content_type: str) -> None:
    server = call(content_type)
    error = GrpcError(StatusCode.RESOURCE_EXHAUSTED, "too big", {"err": "request_size_limit_exceeded"})
    assert server.trailers_only(error) == (
        ResponseStart(
            200,
            (
                (b"content-type", content_type.encode()),
                (b"grpc-status", b"8"),
                (b"grpc-message", b"too%20big"),
                (b"err", b"request_size_limit_exceeded"),
                (b"content-length", b"0"),
                *CORS,
            ),
        ),
        ResponseBody(b"", more=False),
    )
    assert server.status is StatusCode.RESOURCE_EXHAUSTED


def test_trailers_only_in_native_mode_is_headers_empty_body_trailers() -> None:
    parts = native().trailers_only(GrpcError(StatusCode.NOT_FOUND, "no"))
    assert parts == (
        ResponseStart(200, ((b"content-type", b"application/grpc"), *CORS), trailers=True),
        ResponseBody(b"", more=False),
        ResponseTrailers(((b"grpc-status", b"5"), (b"grpc-message", b"no"))),
    )
    start = parts[0]
    assert isinstance(start, ResponseStart)
    assert not any(name == b"grpc-status" for name, _ in start.headers)


def test_non_ascii_status_text_is_percent_encoded_and_metadata_replaced() -> None:
    (start, _) = call(BINARY).trailers_only(GrpcError(StatusCode.INTERNAL, "café", {"note": "naïve"}))
    assert isinstance(start, ResponseStart)
    assert (b"grpc-message", b"caf%C3%A9") in start.headers
    assert (b"note", b"na?ve") in start.headers


def test_reply_steps_out_of_order_are_the_callers_bug() -> None:
    server = call(BINARY)
    with pytest.raises(CallStateError):
        server.message(b"a")
    with pytest.raises(CallStateError):
        server.end()
    server.start()
    for step in (server.start, lambda: server.unary(b""), lambda: server.trailers_only(GrpcError(StatusCode.ABORTED))):
        with pytest.raises(CallStateError):
            step()
    server.end()
    with pytest.raises(CallStateError):
        server.end()
    with pytest.raises(CallStateError):
        server.message(b"late")


# --- the client reads what the server writes ---------------------------------------------------------------------


def _read(parts: Sequence[Part], client: ClientCall) -> list[bytes]:
    start = parts[0]
    assert isinstance(start, ResponseStart)
    headers = {name.decode(): value.decode() for name, value in start.headers}
    payloads: list[bytes] = []
    if client.receive_headers(start.status, headers):
        for part in parts[1:]:
            if isinstance(part, ResponseBody):
                payloads += [message.data for message in client.receive_data(part.data)]
        client.receive_end()
    client.raise_for_status()
    return payloads


@pytest.mark.parametrize("content_type", [TEXT, BINARY])
def test_the_client_call_reads_every_grpc_web_reply(content_type: str) -> None:
    unary = UnaryCall()
    _read(call(content_type).unary(b"\x08\x01"), unary)
    assert unary.result() == b"\x08\x01"

    server = call(content_type)
    parts = [server.start(), server.message(b"a"), server.message(b"b"), *server.end()]
    assert _read(parts, ClientCall()) == [b"a", b"b"]

    server = call(content_type)
    parts = [server.start(), server.message(b"a"), *server.end(GrpcError(StatusCode.ABORTED, "late", {"err": "e"}))]
    client = ClientCall()
    with pytest.raises(GrpcError) as caught:
        _read(parts, client)
    assert (caught.value.code, caught.value.details, caught.value.metadata["err"]) == (StatusCode.ABORTED, "late", "e")

    with pytest.raises(GrpcError) as caught:
        _read(call(content_type).trailers_only(GrpcError(StatusCode.NOT_FOUND, "gone (100%)")), UnaryCall())
    assert (caught.value.code, caught.value.details) == (StatusCode.NOT_FOUND, "gone (100%)")

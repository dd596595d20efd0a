"""The client-call state machine driven with raw HTTP statuses, headers and body bytes only (no I/O)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

import pytest

from momento_web.wire.client_call import ClientCall, UnaryCall, request_headers
from momento_web.wire.grpc_web import CallStateError, encode_frame, encode_trailers
from momento_web.wire.status import GrpcError, StatusCode

TEXT = "application/grpc-web-text"
BINARY = "application/grpc-web+proto"
OK_BLOCK = b"grpc-status:0\r\ngrpc-message:\r\n"
OK = b"\x80" + len(OK_BLOCK).to_bytes(4, "big") + OK_BLOCK  # the trailer frame, spelled out
NOT_FOUND = encode_trailers({"grpc-status": "5", "grpc-message": "Cache%20not%20found", "err": "momento_general_err"})


def frame(payload: bytes) -> bytes:
    return b"\x00" + len(payload).to_bytes(4, "big") + payload


def drive(
    call: ClientCall, chunks: Sequence[bytes], *, headers: Mapping[str, str] | None = None, status: int = 200
) -> list[bytes]:
    """What a pump does: headers, each chunk until the status arrives, the end of the body; the payloads seen."""
    payloads: list[bytes] = []
    if call.receive_headers(status, {"content-type": BINARY} if headers is None else headers):
        for chunk in chunks:
            payloads += [message.data for message in call.receive_data(chunk)]
            if call.finished:
                break
        else:
            call.receive_end()
    call.raise_for_status()
    return payloads


def unary(chunks: Sequence[bytes], *, headers: Mapping[str, str] | None = None, status: int = 200) -> bytes:
    call = UnaryCall()
    drive(call, chunks, headers=headers, status=status)
    return call.result()


def failure(
    chunks: Sequence[bytes], *, stream: bool = False, headers: Mapping[str, str] | None = None, status: int = 200
) -> GrpcError:
    def run() -> object:
        if stream:
            return drive(ClientCall(), chunks, headers=headers, status=status)
        return unary(chunks, headers=headers, status=status)

    with pytest.raises(GrpcError) as caught:
        run()
    return caught.value


# --- request ---------------------------------------------------------------------------------------------------


def test_request_headers_name_the_wire_mode_then_metadata_then_the_deadline() -> None:
    headers = request_headers(text=True, timeout=1.5, metadata={"authorization": "key"})
    assert list(headers.items()) == [
        ("content-type", TEXT),
        ("accept", TEXT),
        ("x-grpc-web", "1"),
        ("authorization", "key"),
        ("grpc-timeout", "1500m"),
    ]
    assert request_headers(text=False) == {"content-type": BINARY, "accept": BINARY, "x-grpc-web": "1"}


# --- success ---------------------------------------------------------------------------------------------------


def test_binary_unary_reply_in_one_chunk() -> None:
    assert unary([frame(b"\x08\x01") + OK]) == b"\x08\x01"


def test_empty_message_is_a_message() -> None:
    assert unary([frame(b"") + OK]) == b""


@pytest.mark.parametrize("text", [False, True])
def test_chunk_boundaries_anywhere(text: bool) -> None:
    body = encode_frame(b"first", text=text) + encode_frame(b"", text=text) + encode_frame(b"x" * 300, text=text)
    body += encode_trailers({"grpc-status": "0"}, text=text)
    headers = {"content-type": TEXT if text else BINARY}
    for cut in range(len(body) + 1):
        assert drive(ClientCall(), [body[:cut], body[cut:]], headers=headers) == [b"first", b"", b"x" * 300]
    one_by_one = [body[i : i + 1] for i in range(len(body))]
    assert drive(ClientCall(), one_by_one, headers=headers) == [b"first", b"", b"x" * 300]


def test_text_mode_with_padding_in_the_middle_of_the_body() -> None:
    body = base64.b64encode(frame(b"ab")) + base64.b64encode(frame(b"c")) + base64.b64encode(OK)
    assert body.index(b"=") < len(body) - 4  # padding mid-body, as independently encoded frames give
    assert drive(ClientCall(), [body], headers={"content-type": TEXT}) == [b"ab", b"c"]


@pytest.mark.parametrize(
    "content_type",
    [
        TEXT,
        "application/grpc-web-text+proto",
        "Application/GRPC-Web-Text; charset=utf-8",
        BINARY,
        "application/grpc-web",
        "application/grpc-web+proto; q=1",
    ],
)
def test_every_grpc_web_content_type_is_read_in_its_mode(content_type: str) -> None:
    body = frame(b"hi") + OK
    if "text" in content_type.lower():
        body = base64.b64encode(body)
    assert unary([body], headers={"content-type": content_type}) == b"hi"


def test_messages_arrive_before_the_status_and_the_call_finishes_with_it() -> None:
    call = ClientCall()
    assert call.receive_headers(200, {"content-type": BINARY})
    assert [m.data for m in call.receive_data(frame(b"a") + frame(b"b")[:3])] == [b"a"]
    assert not call.finished
    assert [m.data for m in call.receive_data(frame(b"b")[3:] + OK)] == [b"b"]
    assert call.finished
    call.raise_for_status()
    call.receive_end()  # the end of the body after the status is fine


def test_trailers_only_ok_finishes_a_stream_without_messages() -> None:
    call = ClientCall()
    assert call.receive_headers(200, {"content-type": TEXT, "grpc-status": "0"}) is False
    assert call.finished
    call.raise_for_status()


def test_status_zero_spelled_otherwise_is_still_ok() -> None:
    call = ClientCall()
    assert not call.receive_headers(200, {"grpc-status": "00"})
    call.raise_for_status()


# --- the server's error status ---------------------------------------------------------------------------------


def test_trailers_only_error_carries_code_message_and_metadata() -> None:
    headers = {"content-type": TEXT, "grpc-status": "8", "grpc-message": "too%20many", "err": "limit"}
    error = failure([], headers=headers)
    assert error.code is StatusCode.RESOURCE_EXHAUSTED
    assert error.details == "too many"
    assert error.metadata["err"] == "limit"


def test_trailers_only_is_recognised_before_the_content_type() -> None:
    assert failure([], headers={"grpc-status": "5"}).code is StatusCode.NOT_FOUND


def test_error_in_the_trailer_frame_with_its_metadata() -> None:
    error = failure([NOT_FOUND])
    assert error.code is StatusCode.NOT_FOUND
    assert error.details == "Cache not found"
    assert error.metadata == {"grpc-status": "5", "grpc-message": "Cache%20not%20found", "err": "momento_general_err"}


def test_a_stream_gets_the_messages_before_an_error_in_the_same_chunk() -> None:
    call = ClientCall()
    call.receive_headers(200, {"content-type": BINARY})
    assert [m.data for m in call.receive_data(frame(b"a") + frame(b"b") + NOT_FOUND)] == [b"a", b"b"]
    assert call.finished
    with pytest.raises(GrpcError) as caught:
        call.raise_for_status()
    assert caught.value.code is StatusCode.NOT_FOUND


def test_a_unary_error_status_wins_over_the_message_count() -> None:
    assert failure([frame(b"a") + frame(b"b") + NOT_FOUND]).code is StatusCode.NOT_FOUND


def test_unrecognised_status_is_unknown() -> None:
    assert failure([], headers={"grpc-status": "99"}).code is StatusCode.UNKNOWN
    assert failure([encode_trailers({"grpc-status": "x"})]).code is StatusCode.UNKNOWN


# --- HTTP and content type -------------------------------------------------------------------------------------

HTTP_STATUSES = {
    400: StatusCode.INVALID_ARGUMENT,
    401: StatusCode.UNAUTHENTICATED,
    403: StatusCode.PERMISSION_DENIED,
    404: StatusCode.UNIMPLEMENTED,  # not NOT_FOUND, which Momento clients read as "cache not found"
    409: StatusCode.ABORTED,
    412: StatusCode.FAILED_PRECONDITION,
    429: StatusCode.RESOURCE_EXHAUSTED,
    499: StatusCode.CANCELLED,
    501: StatusCode.UNIMPLEMENTED,
    502: StatusCode.UNAVAILABLE,
    503: StatusCode.UNAVAILABLE,
    504: StatusCode.DEADLINE_EXCEEDED,
    201: StatusCode.UNKNOWN,
    302: StatusCode.UNKNOWN,
    418: StatusCode.UNKNOWN,
    500: StatusCode.UNKNOWN,
}


@pytest.mark.parametrize(("http_status", "code"), HTTP_STATUSES.items())
def test_http_status_becomes_a_grpc_status(http_status: int, code: StatusCode) -> None:
    # Even with gRPC headers: a non-200 answer is not a gRPC response.
    error = failure([OK], status=http_status, headers={"content-type": BINARY, "grpc-status": "0"})
    assert error.code is code
    assert error.details == f"HTTP status {http_status} from a gRPC-web endpoint"


@pytest.mark.parametrize("content_type", ["text/html", "application/grpc", "application/json", None])
def test_a_foreign_content_type_is_unknown(content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    error = failure([b"<html>"], headers=headers)
    assert error.code is StatusCode.UNKNOWN
    assert error.details == f"unexpected response content-type {content_type or ''!r}"


# --- broken bodies ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chunks", "text"),
    [
        ([frame(b"abc")[:-1]], False),  # the body ends inside a frame
        ([b"\x00\x00"], False),  # ... inside a frame header
        ([base64.b64encode(frame(b"abc") + OK)[:-1]], True),  # ... inside a base64 quantum
    ],
)
def test_a_body_cut_inside_a_frame_is_internal(chunks: list[bytes], text: bool) -> None:
    error = failure(chunks, headers={"content-type": TEXT if text else BINARY})
    assert error.code is StatusCode.INTERNAL
    assert error.details.startswith("malformed gRPC-web response: ")


@pytest.mark.parametrize(
    ("chunks", "text"),
    [
        ([b"\x01\x00\x00\x00\x00"], False),  # compressed flag
        ([b"\x40\x00\x00\x00\x00"], False),  # unknown flag
        ([b"\x00\xff\xff\xff\xff"], False),  # a frame larger than the limit
        ([b"\x80\x00\x00\x00\x05nocol"], False),  # a trailer line without a colon
        ([b"\x80\x00\x00\x00\x03\xc3\xa9\n"], False),  # a non-ASCII trailer block
        ([OK + frame(b"late")], False),  # data after the trailer frame
        ([b"!!!!"], True),  # not base64
    ],
)
def test_malformed_bytes_are_internal(chunks: list[bytes], text: bool) -> None:
    error = failure(chunks, stream=True, headers={"content-type": TEXT if text else BINARY})
    assert error.code is StatusCode.INTERNAL


@pytest.mark.parametrize("chunks", [[], [b""], [frame(b"a")], [frame(b"a"), frame(b"b")]])
def test_a_body_ending_without_a_status_is_unavailable(chunks: list[bytes]) -> None:
    for stream in (False, True):
        error = failure(chunks, stream=stream)
        assert error.code is StatusCode.UNAVAILABLE
        assert error.details == "response ended without a gRPC status"


# --- unary ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chunks", "headers", "count"),
    [
        ([OK], None, 0),
        ([], {"content-type": BINARY, "grpc-status": "0"}, 0),  # trailers-only OK
        ([frame(b"a") + frame(b"b") + OK], None, 2),
        ([frame(b"a"), frame(b"b"), OK], None, 2),
    ],
)
def test_unary_needs_exactly_one_message(chunks: list[bytes], headers: dict[str, str] | None, count: int) -> None:
    error = failure(chunks, headers=headers)
    assert error.code is StatusCode.UNKNOWN
    assert error.details == f"expected one response message, got {count}"


def test_the_same_replies_are_fine_for_a_stream() -> None:
    assert drive(ClientCall(), [OK]) == []
    assert drive(ClientCall(), [frame(b"a") + frame(b"b") + OK]) == [b"a", b"b"]


# --- misuse -----------------------------------------------------------------------------------------------------


def test_out_of_order_steps_are_the_callers_bug() -> None:
    call = UnaryCall()
    with pytest.raises(CallStateError):
        call.receive_data(OK)
    with pytest.raises(CallStateError):
        call.receive_end()
    with pytest.raises(CallStateError):
        call.result()
    call.receive_headers(200, {"content-type": BINARY})
    with pytest.raises(CallStateError):
        call.receive_headers(200, {"content-type": BINARY})
    call.receive_data(frame(b"a") + OK)
    with pytest.raises(CallStateError):
        call.receive_data(b"")  # nothing is read after the status
    assert call.result() == b"a"

"""The sans-I/O gRPC-web codec, fed bytes directly: the vectors are Momento's wire facts as written in
docs/protocol/grpc-web.md and docs/protocol/test-vectors.md."""

from __future__ import annotations

import base64

import pytest

from momento_web.wire.grpc_web import (
    Base64Decoder,
    FrameDecoder,
    Message,
    ProtocolError,
    ResponseDecoder,
    Trailers,
    decode_request,
    encode_frame,
    encode_trailers,
    format_grpc_timeout,
    parse_grpc_timeout,
    parse_trailer_block,
    status_metadata,
)
from momento_web.wire.status import StatusCode

OK_TRAILER_TEXT = b"gAAAAB5ncnBjLXN0YXR1czowDQpncnBjLW1lc3NhZ2U6DQo="
NOT_FOUND_TRAILER_TEXT = (
    b"gAAAAEpncnBjLXN0YXR1czo1DQpncnBjLW1lc3NhZ2U6Q2FjaGUlMjBub3QlMjBmb3VuZA0KZXJyOm1vbWVudG9fZ2VuZXJhbF9lcnINCg=="
)


@pytest.mark.parametrize(
    ("payload", "text_body"),
    [
        (bytes.fromhex("0a03666f6f"), b"AAAAAAUKA2Zvbw=="),  # _GetRequest{cache_key:"foo"}
        (bytes.fromhex("0a03666f6f120362617218e0d403"), b"AAAAAA4KA2ZvbxIDYmFyGODUAw=="),  # _SetRequest
        (b"", b"AAAAAAA="),  # empty message
        (bytes.fromhex("0a0763616368652d61"), b"AAAAAAkKB2NhY2hlLWE="),  # W1 CreateCache
    ],
)
def test_request_encoding_matches_captured_vectors(payload: bytes, text_body: bytes) -> None:
    assert encode_frame(payload, text=True) == text_body
    assert encode_frame(payload) == base64.b64decode(text_body)
    assert decode_request(text_body, text=True) == payload
    assert decode_request(base64.b64decode(text_body), text=False) == payload


def test_ok_trailer_encoding_matches_vector() -> None:
    assert encode_trailers({"grpc-status": "0", "grpc-message": ""}, text=True) == OK_TRAILER_TEXT


def test_status_metadata_percent_encodes_message() -> None:
    metadata = status_metadata(StatusCode.NOT_FOUND, "Cache not found", {"ERR": "momento_general_err"})
    assert metadata == {"grpc-status": "5", "grpc-message": "Cache%20not%20found", "err": "momento_general_err"}
    assert encode_trailers(metadata, text=True) == NOT_FOUND_TRAILER_TEXT


def test_text_response_with_padding_mid_stream_decodes_every_frame() -> None:
    body = b"AAAAAAcIAhIDYmFy" + b"AAAAAAA=" + NOT_FOUND_TRAILER_TEXT
    decoder = ResponseDecoder(text=True)
    events = decoder.feed(body)
    decoder.end()
    assert events[0] == Message(bytes.fromhex("08021203626172"))
    assert events[1] == Message(b"")
    trailers = events[2]
    assert isinstance(trailers, Trailers)
    assert trailers.status is StatusCode.NOT_FOUND
    assert trailers.message == "Cache not found"
    assert trailers.metadata["err"] == "momento_general_err"
    assert decoder.finished


@pytest.mark.parametrize("step", [1, 2, 3, 5, 7])
def test_text_response_split_at_every_offset(step: int) -> None:
    body = b"AAAAAAIaAA==" + b"AAAAABEKDwgBEgQKAmhpGgNwdWIgBw==" + OK_TRAILER_TEXT
    decoder = ResponseDecoder(text=True)
    events = []
    for i in range(0, len(body), step):
        events += decoder.feed(body[i : i + step])
    decoder.end()
    assert [type(e) for e in events] == [Message, Message, Trailers]
    assert events[0] == Message(bytes.fromhex("1a00"))
    assert events[1] == Message(bytes.fromhex("0a0f080112040a0268691a037075622007"))


def test_binary_frames_split_byte_by_byte() -> None:
    body = encode_frame(b"hello") + encode_frame(b"") + encode_trailers({"grpc-status": "0"})
    decoder = FrameDecoder()
    events = []
    for byte in body:
        events += decoder.feed(bytes([byte]))
    decoder.end()
    assert events == [Message(b"hello"), Message(b""), Trailers({"grpc-status": "0"})]


def test_base64_decoder_ignores_whitespace_and_keeps_partial_quanta() -> None:
    decoder = Base64Decoder()
    assert decoder.feed(b"AAAA\r\nAA") == b"\x00\x00\x00"
    assert decoder.feed(b"U=") == b"\x00\x05"
    decoder.end()


@pytest.mark.parametrize(
    ("body", "text"),
    [
        (b"AAAA$AAA", True),  # not base64
        (b"A===", True),  # impossible quantum
        (b"AAAAAAUKA2Zvbw", True),  # ends inside a quantum
        (b"\x01\x00\x00\x00\x00", False),  # compressed flag
        (b"\x00\x00\x00\x00\x05ab", False),  # truncated frame
        (b"\x00\x00", False),  # truncated header
        (b"\x00\xff\xff\xff\xff", False),  # absurd declared length
    ],
)
def test_malformed_bodies_raise_protocol_error(body: bytes, text: bool) -> None:
    def decode_all() -> None:  # the error may surface on feed() or only at end()
        decoder = ResponseDecoder(text=text)
        decoder.feed(body)
        decoder.end()

    with pytest.raises(ProtocolError):
        decode_all()


def test_data_after_trailer_is_an_error() -> None:
    decoder = FrameDecoder()
    with pytest.raises(ProtocolError, match="after the trailer"):
        decoder.feed(encode_trailers({"grpc-status": "0"}) + encode_frame(b"x"))


@pytest.mark.parametrize(
    "body",
    [b"", encode_frame(b"a") + encode_frame(b"b"), encode_trailers({"grpc-status": "0"})],
)
def test_request_must_be_exactly_one_data_frame(body: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_request(body, text=False)


def test_trailer_block_parsing_is_lenient_about_case_and_spacing() -> None:
    assert parse_trailer_block(b"Grpc-Status: 3\r\ngrpc-message:bad%20key\r\n\r\n") == {
        "grpc-status": "3",
        "grpc-message": "bad%20key",
    }
    with pytest.raises(ProtocolError):
        parse_trailer_block(b"no colon here\r\n")
    with pytest.raises(ProtocolError):
        parse_trailer_block("grpc-message:caf\u00e9\r\n".encode())


def test_unknown_status_values_become_unknown() -> None:
    assert Trailers({"grpc-status": "99"}).status is StatusCode.UNKNOWN
    assert Trailers({}).status is StatusCode.UNKNOWN


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("5000m", 5.0), ("15S", 15.0), ("1M", 60.0), ("2H", 7200.0), ("1500u", 0.0015), ("10n", 1e-8)],
)
def test_grpc_timeout_parses_every_unit(value: str, seconds: float) -> None:
    assert parse_grpc_timeout(value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["", "5", "m", "123456789m", "5x", "-1m"])
def test_malformed_grpc_timeout_is_rejected(value: str) -> None:
    with pytest.raises(ProtocolError):
        parse_grpc_timeout(value)


def test_grpc_timeout_formatting_rounds_up_and_fits_eight_digits() -> None:
    assert format_grpc_timeout(5) == "5000m"
    assert format_grpc_timeout(0.0001) == "1m"
    assert format_grpc_timeout(10**6) == "1000000S"
    assert parse_grpc_timeout(format_grpc_timeout(123.4567)) >= 123.4567

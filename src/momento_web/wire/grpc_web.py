"""gRPC-web framing without I/O, in the manner of h11: bytes go in, events come out.

The same functions serve both ends of a call. The SDK encodes a request frame and feeds response chunks to a
:class:`ResponseDecoder`; the emulator decodes a request body with :func:`decode_request` and writes response
frames with :func:`encode_frame`. Text mode (``application/grpc-web-text``) base64-encodes every frame on its
own, so a text body may carry ``=`` padding in the middle; :class:`Base64Decoder` handles that.
"""

from __future__ import annotations

import binascii
import math
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from momento_web.wire.status import StatusCode

CONTENT_TYPE_TEXT = "application/grpc-web-text"
CONTENT_TYPE_BINARY = "application/grpc-web+proto"

DATA_FLAG = 0x00
TRAILER_FLAG = 0x80
_HEADER_LENGTH = 5
_FRAME_HEADER = struct.Struct(">BI")  # flag, payload length
# A peer announcing a larger frame is broken or hostile; fail instead of waiting for gigabytes.
DEFAULT_MAX_FRAME_LENGTH = 64 * 1024 * 1024

_WHITESPACE = re.compile(rb"\s+")


class ProtocolError(ValueError):
    """The bytes are not valid gRPC-web: bad base64, an unknown frame flag, a truncated frame, …"""


class CallStateError(RuntimeError):
    """A call's state machine was driven out of order (a bug in the code that drives it, not in the peer)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One DATA frame: a serialized protobuf message (possibly empty)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class Trailers:
    """The trailer frame, or the headers of a trailers-only response. Names are lower-case."""

    metadata: Mapping[str, str]

    @property
    def status(self) -> StatusCode:
        return StatusCode.from_wire(self.metadata.get("grpc-status", ""))

    @property
    def message(self) -> str:
        message = self.metadata.get("grpc-message", "")
        if "%" not in message:
            return message
        from urllib.parse import unquote  # here: urllib.parse costs a page ~40 ms to import (bench/README.md)

        return unquote(message)


Event = Message | Trailers


def is_text_content_type(content_type: str) -> bool:
    return content_type.lower().startswith(CONTENT_TYPE_TEXT)


def is_grpc_web_content_type(content_type: str) -> bool:
    """True for every gRPC-web content type (text and binary), matched by prefix as grpc-web does."""
    return content_type.lower().startswith("application/grpc-web")


# --- encoding -------------------------------------------------------------------------------------------------


def encode_frame(payload: bytes, *, flag: int = DATA_FLAG, text: bool = False) -> bytes:
    """One frame; in text mode base64-encoded on its own (padding included)."""
    frame = bytes((flag,)) + len(payload).to_bytes(4, "big") + payload
    return binascii.b2a_base64(frame, newline=False) if text else frame


def encode_trailers(metadata: Mapping[str, str], *, text: bool = False) -> bytes:
    block = "".join(f"{name.lower()}:{value}\r\n" for name, value in metadata.items())
    return encode_frame(block.encode("ascii"), flag=TRAILER_FLAG, text=text)


def status_metadata(code: StatusCode, message: str = "", extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Trailer (or trailers-only header) entries for a status; ``grpc-message`` is percent-encoded."""
    from urllib.parse import quote  # here, not at the top: the SDK only decodes, and a page pays for imports

    # Spaces and non-ASCII are percent-encoded, as the gRPC spec asks; readable punctuation stays.
    metadata = {"grpc-status": str(int(code)), "grpc-message": quote(message, safe="!#$&'()*+,/:;=?@[]~")}
    if extra:
        metadata.update({name.lower(): value for name, value in extra.items()})
    return metadata


# --- decoding -------------------------------------------------------------------------------------------------


class Base64Decoder:
    """Incremental base64 decoding that tolerates padding between independently encoded chunks.

    ``base64.b64decode`` on such a concatenation silently stops at the first ``=``; this decoder splits the
    input after every padded quantum instead, and keeps a partial quantum for the next call.
    """

    __slots__ = ("_rest",)

    def __init__(self) -> None:
        self._rest = b""

    def feed(self, chunk: bytes) -> bytes:
        data = self._rest + chunk if self._rest else chunk
        if b"\n" in data or b"\r" in data or b" " in data or b"\t" in data:
            data = _WHITESPACE.sub(b"", data)
        usable = len(data) - len(data) % 4
        self._rest = data[usable:]
        decoded: list[bytes] = []
        start = 0
        with memoryview(data) as view:  # decode slices in place: no copy of the (possibly large) input
            while start < usable:
                pad = data.find(b"=", start, usable)
                end = usable if pad < 0 else (pad // 4 + 1) * 4
                try:
                    decoded.append(binascii.a2b_base64(view[start:end], strict_mode=True))
                except binascii.Error as exc:
                    raise ProtocolError(f"invalid base64 in gRPC-web text body: {exc}") from None
                start = end
        return decoded[0] if len(decoded) == 1 else b"".join(decoded)

    def end(self) -> None:
        if self._rest:
            raise ProtocolError("gRPC-web text body ended inside a base64 quantum")


class FrameDecoder:
    """Incremental parser of binary gRPC-web frames; frames may be split across chunks arbitrarily."""

    __slots__ = ("_buffer", "_finished", "_max_frame_length")

    def __init__(self, max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH) -> None:
        self._buffer = bytearray()
        self._finished = False
        self._max_frame_length = max_frame_length

    @property
    def finished(self) -> bool:
        """True once the trailer frame has been read."""
        return self._finished

    def feed(self, data: bytes) -> list[Event]:
        if not data:
            return []
        if self._finished:
            raise ProtocolError("data after the trailer frame")
        buffer = self._buffer
        # Usually a chunk starts with a frame: read it in place and keep only an incomplete tail.
        source: bytes | bytearray = data
        if buffer:
            buffer += data
            source = buffer
        events: list[Event] = []
        offset = 0
        size = len(source)
        # Slicing bytes is the one copy of a payload; a bytearray slice would be a second, so those go through a view.
        sliceable = source is data and type(data) is bytes
        unpack = _FRAME_HEADER.unpack_from
        while size - offset >= _HEADER_LENGTH:
            flag, length = unpack(source, offset)
            if flag != DATA_FLAG and flag != TRAILER_FLAG:
                raise ProtocolError(f"unsupported gRPC-web frame flag 0x{flag:02x} (compression is not supported)")
            if length > self._max_frame_length:
                raise ProtocolError(f"frame of {length} bytes exceeds the limit of {self._max_frame_length}")
            start = offset + _HEADER_LENGTH
            end = start + length
            if size < end:
                break
            if sliceable:
                payload = data[start:end]
            else:
                with memoryview(source) as view:
                    payload = bytes(view[start:end])
            offset = end
            if flag == DATA_FLAG:
                events.append(Message(payload))
                continue
            events.append(Trailers(parse_trailer_block(payload)))
            self._finished = True
            if offset != size:
                raise ProtocolError("data after the trailer frame")
        if source is buffer:
            del buffer[:offset]
        elif offset < size:
            buffer += data[offset:]
        return events

    def end(self) -> None:
        if self._buffer:
            raise ProtocolError(f"body ended inside a frame ({len(self._buffer)} bytes left over)")


class ResponseDecoder:
    """Turns response body chunks (text or binary mode) into :class:`Message` and :class:`Trailers` events."""

    __slots__ = ("_base64", "_frames")

    def __init__(self, *, text: bool, max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH) -> None:
        self._base64 = Base64Decoder() if text else None
        self._frames = FrameDecoder(max_frame_length)

    @property
    def finished(self) -> bool:
        return self._frames.finished

    def feed(self, chunk: bytes) -> list[Event]:
        if self._base64 is not None:
            chunk = self._base64.feed(chunk)
        return self._frames.feed(chunk)

    def end(self) -> None:
        """Call at end of body: raises :class:`ProtocolError` if it stopped part-way through a frame."""
        if self._base64 is not None:
            self._base64.end()
        self._frames.end()


# A server ends most calls with one of a few trailer blocks (status OK above all): remember how small ones parse.
_KNOWN_BLOCKS: dict[bytes, tuple[tuple[str, str], ...]] = {}
_KNOWN_BLOCKS_LIMIT = 32
_KNOWN_BLOCK_MAX_LENGTH = 256


def parse_trailer_block(block: bytes) -> dict[str, str]:
    """Parse ``name:value\\r\\n`` lines; names are lower-cased, names and values trimmed."""
    cacheable = type(block) is bytes and len(block) <= _KNOWN_BLOCK_MAX_LENGTH
    if cacheable:
        known = _KNOWN_BLOCKS.get(block)
        if known is not None:
            return dict(known)  # a dict of its own for every caller
    metadata = _parse_trailer_block(block)
    if cacheable:
        if len(_KNOWN_BLOCKS) >= _KNOWN_BLOCKS_LIMIT:
            _KNOWN_BLOCKS.clear()
        _KNOWN_BLOCKS[block] = tuple(metadata.items())
    return metadata


def _parse_trailer_block(block: bytes) -> dict[str, str]:
    try:
        text = block.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError("trailer frame is not ASCII") from None
    metadata: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ProtocolError(f"malformed trailer line {line!r}")
        metadata[name.strip().lower()] = value.strip()
    return metadata


def decode_request(body: bytes, *, text: bool, max_frame_length: int = DEFAULT_MAX_FRAME_LENGTH) -> bytes:
    """The message of a unary or server-streaming request: exactly one DATA frame, nothing else."""
    decoder = ResponseDecoder(text=text, max_frame_length=max_frame_length)
    events = decoder.feed(body)
    decoder.end()
    if len(events) != 1 or not isinstance(events[0], Message):
        raise ProtocolError(f"expected exactly one DATA frame in the request, got {len(events)} frame(s)")
    return events[0].data


# --- deadlines ------------------------------------------------------------------------------------------------

_TIMEOUT = re.compile(r"^(\d{1,8})([HMSmun])$")
_UNIT_SECONDS = {"H": 3600.0, "M": 60.0, "S": 1.0, "m": 1e-3, "u": 1e-6, "n": 1e-9}


def format_grpc_timeout(seconds: float) -> str:
    """A ``grpc-timeout`` value: whole milliseconds rounded up, in a coarser unit when 8 digits won't do."""
    millis = max(1, math.ceil(seconds * 1000))
    if millis < 10**8:
        return f"{millis}m"
    for unit, scale in (("S", 1), ("M", 60), ("H", 3600)):
        value = math.ceil(seconds / scale)
        if value < 10**8:
            return f"{value}{unit}"
    return "99999999H"


def parse_grpc_timeout(value: str) -> float:
    """Seconds from a ``grpc-timeout`` value in any unit (``H M S m u n``)."""
    match = _TIMEOUT.match(value.strip())
    if match is None:
        raise ProtocolError(f"malformed grpc-timeout {value!r}")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]

"""The server's side of one gRPC call, without I/O, in the manner of h11.

A :class:`ServerCall` is built from the request's method and headers. It decides the wire mode, which mirrors the
request: ``application/grpc-web-text`` (``+proto``) is text mode, ``application/grpc-web`` (``+proto``) binary
mode, and ``application/grpc`` native gRPC, possible only over HTTP/2 when the client sent ``te: trailers``.
It then reads the request body (its size limit, its one frame) and hands out, for every step of the reply, the
exact HTTP pieces to send: :class:`ResponseStart`, :class:`ResponseBody` and :class:`ResponseTrailers`.

gRPC-web carries the status in a trailer frame at the end of the body or, before any message, in the response
headers of an empty body (trailers-only). Native gRPC carries it in HTTP trailers; as a server cannot send a
trailers-only response there, an early error is headers, an empty body, then trailers. See docs/protocol/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from momento_web.wire.grpc_web import (
    CONTENT_TYPE_BINARY,
    CallStateError,
    ProtocolError,
    decode_request,
    encode_frame,
    encode_trailers,
    is_grpc_web_content_type,
    is_text_content_type,
    status_metadata,
)
from momento_web.wire.status import GrpcError, StatusCode

CONTENT_TYPE_NATIVE = "application/grpc"

HeaderList = tuple[tuple[bytes, bytes], ...]

_FRAME_HEADER = 5


@dataclass(frozen=True, slots=True)
class WireMode:
    text: bool
    content_type: str  # of the reply
    native: bool = False  # status in HTTP trailers, not in a trailer frame


NATIVE = WireMode(False, CONTENT_TYPE_NATIVE, native=True)


@dataclass(frozen=True, slots=True)
class ResponseStart:
    """The status line and headers; ``trailers``: HTTP trailers will follow the body."""

    status: int
    headers: HeaderList
    trailers: bool = False


@dataclass(frozen=True, slots=True)
class ResponseBody:
    """Body bytes; ``more``: more body follows (each piece is flushed to the client as it is sent)."""

    data: bytes
    more: bool


@dataclass(frozen=True, slots=True)
class ResponseTrailers:
    headers: HeaderList


Part = ResponseStart | ResponseBody | ResponseTrailers


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def request_mode(content_type: str, *, native_possible: bool) -> WireMode:
    """How to read the request and write the reply; raises GrpcError for content types we do not serve."""
    media = _media(content_type)
    if media in ("application/grpc-web-text", "application/grpc-web-text+proto"):
        return WireMode(True, media)
    if media in ("application/grpc-web", "application/grpc-web+proto"):
        return WireMode(False, media)
    if is_grpc_web_content_type(media):
        raise GrpcError(StatusCode.UNIMPLEMENTED, f"unsupported gRPC-web codec {media!r}; use +proto")
    if media in (CONTENT_TYPE_NATIVE, "application/grpc+proto"):
        if not native_possible:
            raise GrpcError(
                StatusCode.UNIMPLEMENTED, "native gRPC needs HTTP/2 with trailers (h2c); over HTTP/1.1 use gRPC-web"
            )
        return NATIVE
    if media.startswith(CONTENT_TYPE_NATIVE):
        raise GrpcError(StatusCode.UNIMPLEMENTED, f"unsupported gRPC codec {media!r}; use +proto")
    raise GrpcError(
        StatusCode.INVALID_ARGUMENT,
        f"content-type {media!r} is not gRPC (expected application/grpc-web-text, application/grpc-web+proto "
        "or, over HTTP/2, application/grpc)",
    )


def fallback_mode(content_type: str, *, native_possible: bool) -> WireMode:
    """Reply mode for a request whose own content type is unusable: as close to what it asked for as possible."""
    media = _media(content_type)
    if is_text_content_type(media):
        return WireMode(True, "application/grpc-web-text")
    if media.startswith(CONTENT_TYPE_NATIVE) and not is_grpc_web_content_type(media):
        return NATIVE if native_possible else WireMode(False, CONTENT_TYPE_NATIVE)
    return WireMode(False, CONTENT_TYPE_BINARY)


def _header_list(metadata: Mapping[str, str]) -> HeaderList:
    # Metadata is ASCII by spec; anything else is replaced rather than refused, so an error can always be sent.
    return tuple((name.encode("ascii"), value.encode("ascii", errors="replace")) for name, value in metadata.items())


def _error_metadata(error: GrpcError) -> dict[str, str]:
    return status_metadata(error.code, error.details, error.metadata)


# Every successful reply ends with the same status: encoded once per wire mode, not per reply.
_OK_TRAILER_FRAME = {text: encode_trailers(status_metadata(StatusCode.OK), text=text) for text in (False, True)}
_OK_TRAILERS = ResponseTrailers(_header_list(status_metadata(StatusCode.OK)))
_END = ResponseBody(b"", more=False)

# Reply steps, in the order they may come.
_IDLE, _STREAMING, _DONE = range(3)


class ServerCall:
    """One call as the server sees it: request reading, then the reply's pieces step by step.

    ``http_trailers``: the server can send HTTP trailers (HTTP/2). ``extra_headers`` (e.g. CORS) are added to the
    response headers of every reply. ``max_request_bytes`` bounds the request message.
    """

    __slots__ = ("_body", "_extra_headers", "_mode_error", "_state", "max_request_bytes", "mode", "rejected", "status")

    def __init__(
        self,
        method: str,
        headers: Mapping[str, str],
        *,
        http_trailers: bool,
        max_request_bytes: int,
        extra_headers: Sequence[tuple[bytes, bytes]] = (),
    ) -> None:
        content_type = headers.get("content-type", "")
        # HTTP trailers need the server's support and a client that asked for them.
        native_possible = http_trailers and "trailers" in headers.get("te", "")
        self._mode_error: GrpcError | None = None
        try:
            self.mode = request_mode(content_type, native_possible=native_possible)
        except GrpcError as error:
            self.mode, self._mode_error = fallback_mode(content_type, native_possible=native_possible), error
        self.rejected: GrpcError | None = None  # an error to answer at once, without reading the request body
        if method != "POST":
            self.rejected = GrpcError(StatusCode.UNIMPLEMENTED, f"method {method} not allowed; use POST")
        self.max_request_bytes = max_request_bytes
        self.status = StatusCode.OK  # of the reply, once sent
        self._extra_headers = tuple(extra_headers)
        self._body = b""
        self._state = _IDLE

    # --- the request ---------------------------------------------------------------------------------------------

    @property
    def request_body_limit(self) -> int:
        """How many body bytes to accept: one frame of ``max_request_bytes``, base64-encoded in text mode."""
        framed = self.max_request_bytes + _FRAME_HEADER
        # Text mode carries base64: 4 characters per 3 bytes (plus a little room for line breaks). A request whose
        # content type we refuse is read as generously, since it is only read to be discarded.
        if self.mode.text or self._mode_error is not None:
            return -(-framed // 3) * 4 + 64
        return framed

    def receive_body(self, body: bytes | None) -> None:
        """The whole request body, or None if it was longer than :attr:`request_body_limit` (and discarded).

        Raises :class:`GrpcError` if the call cannot go on: its content type is not served, or it is too large.
        """
        if self._mode_error is not None:
            raise self._mode_error
        if body is None:
            raise GrpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"request exceeds the request limit of {self.max_request_bytes} bytes",
                {"err": "request_size_limit_exceeded"},
            )
        self._body = body

    def request_message(self) -> bytes:
        """The serialized request message: the body's one DATA frame. Raises GrpcError (INVALID_ARGUMENT)."""
        try:
            return decode_request(self._body, text=self.mode.text, max_frame_length=self.max_request_bytes)
        except ProtocolError as exc:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, f"malformed gRPC-web request: {exc}") from None

    # --- the reply -----------------------------------------------------------------------------------------------

    def trailers_only(self, error: GrpcError) -> tuple[Part, ...]:
        """An error before any message: the status in the response headers of an empty body."""
        self._advance(_IDLE, _DONE)
        self.status = error.code
        trailers = _header_list(_error_metadata(error))
        if self.mode.native:  # headers, then the status as trailers (ASGI has no trailers-only response)
            return self._start(), _END, ResponseTrailers(trailers)
        headers = (self._content_type(), *trailers, (b"content-length", b"0"), *self._extra_headers)
        return ResponseStart(200, headers), _END

    def start(self) -> ResponseStart:
        """The response headers of a reply whose messages follow (a stream)."""
        self._advance(_IDLE, _STREAMING)
        return self._start()

    def message(self, payload: bytes) -> ResponseBody:
        """One message of a stream."""
        if self._state != _STREAMING:
            raise CallStateError("a message outside a started reply")
        return ResponseBody(encode_frame(payload, text=self.mode.text), more=True)

    def end(self, error: GrpcError | None = None) -> tuple[Part, ...]:
        """The end of a started reply, with status OK or ``error``."""
        self._advance(_STREAMING, _DONE)
        if error is not None:
            self.status = error.code
        if self.mode.native:
            return _END, _OK_TRAILERS if error is None else ResponseTrailers(_header_list(_error_metadata(error)))
        if error is None:
            return (ResponseBody(_OK_TRAILER_FRAME[self.mode.text], more=False),)
        return (ResponseBody(encode_trailers(_error_metadata(error), text=self.mode.text), more=False),)

    def unary(self, payload: bytes) -> tuple[Part, ...]:
        """A whole successful unary reply. In gRPC-web the message and the trailer frame are one body piece, so a
        client reads the whole reply in one chunk."""
        self._advance(_IDLE, _DONE)
        if self.mode.native:
            return self._start(), ResponseBody(encode_frame(payload), more=False), _OK_TRAILERS
        text = self.mode.text
        return self._start(), ResponseBody(encode_frame(payload, text=text) + _OK_TRAILER_FRAME[text], more=False)

    def _start(self) -> ResponseStart:
        return ResponseStart(200, (self._content_type(), *self._extra_headers), trailers=self.mode.native)

    def _content_type(self) -> tuple[bytes, bytes]:
        return b"content-type", self.mode.content_type.encode("ascii")

    def _advance(self, expected: int, then: int) -> None:
        if self._state != expected:
            raise CallStateError("reply steps out of order")
        self._state = then

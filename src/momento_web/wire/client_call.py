"""The client's side of one gRPC-web call, without I/O, in the manner of h11.

The request is static headers (:func:`request_headers`, built once per channel) and one frame
(:func:`~momento_web.wire.grpc_web.encode_frame` of the serialized message). The response goes through a
:class:`ClientCall` (a server stream) or a :class:`UnaryCall`: :meth:`~ClientCall.receive_headers` takes the HTTP
status and headers, :meth:`~ClientCall.receive_data` every body chunk (split anywhere) and returns the messages
it completes, :meth:`~ClientCall.receive_end` the end of the body. Once :attr:`~ClientCall.finished` is true the
status has arrived and nothing more needs reading; :meth:`~ClientCall.raise_for_status` (:meth:`UnaryCall.result`
for a unary call) then raises the server's error status. Every other failure raises
:class:`~momento_web.wire.status.GrpcError` from the step that finds it: an HTTP error status, a foreign content
type, malformed bytes (INTERNAL), a body that ends without a status (UNAVAILABLE).

A call is used once and by one caller; feeding it anything after it has raised or finished is a bug of the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from momento_web.wire.grpc_web import (
    CONTENT_TYPE_BINARY,
    CONTENT_TYPE_TEXT,
    CallStateError,
    Message,
    ProtocolError,
    ResponseDecoder,
    Trailers,
    format_grpc_timeout,
    is_grpc_web_content_type,
    is_text_content_type,
)
from momento_web.wire.status import GrpcError, StatusCode

# How grpc-web reads a non-200 HTTP status. 404 differs on purpose: grpc-web says NOT_FOUND, which Momento
# clients report as "cache not found"; a 404 really means the URL is not a gRPC-web endpoint.
_HTTP_STATUS = {
    400: StatusCode.INVALID_ARGUMENT,
    401: StatusCode.UNAUTHENTICATED,
    403: StatusCode.PERMISSION_DENIED,
    404: StatusCode.UNIMPLEMENTED,
    409: StatusCode.ABORTED,
    412: StatusCode.FAILED_PRECONDITION,
    429: StatusCode.RESOURCE_EXHAUSTED,
    499: StatusCode.CANCELLED,
    501: StatusCode.UNIMPLEMENTED,
    502: StatusCode.UNAVAILABLE,
    503: StatusCode.UNAVAILABLE,
    504: StatusCode.DEADLINE_EXCEEDED,
}
# The content types servers actually send, answered without lower-casing and prefix tests: True for text mode.
_KNOWN_CONTENT_TYPES = {
    CONTENT_TYPE_TEXT: True,
    CONTENT_TYPE_TEXT + "+proto": True,
    CONTENT_TYPE_BINARY: False,
    "application/grpc-web": False,
}


def request_headers(
    *, text: bool, timeout: float | None = None, metadata: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The headers every request of a channel carries: wire mode, ``metadata``, and the deadline if there is one.

    Build them once: a channel's calls all share one timeout, so its ``grpc-timeout`` never changes.
    """
    content_type = CONTENT_TYPE_TEXT if text else CONTENT_TYPE_BINARY
    headers = {"content-type": content_type, "accept": content_type, "x-grpc-web": "1"}
    headers.update(metadata or {})
    if timeout is not None:
        headers["grpc-timeout"] = format_grpc_timeout(timeout)
    return headers


class ClientCall:
    """The response of a server-streaming call: the messages the server sends, then its status."""

    __slots__ = ("_decoder", "_trailers")

    def __init__(self) -> None:
        self._decoder: ResponseDecoder | None = None
        self._trailers: Trailers | None = None

    @property
    def finished(self) -> bool:
        """True once the status has arrived: read nothing more, and ask :meth:`raise_for_status`."""
        return self._trailers is not None

    def receive_headers(self, status: int, headers: Mapping[str, str]) -> bool:
        """The HTTP status and response headers (lower-case names); False if they were the whole response.

        Raises :class:`GrpcError` for a non-200 HTTP status or a content type that is not gRPC-web. Headers that
        carry ``grpc-status`` (trailers-only) finish the call at once, with that status.
        """
        if self._decoder is not None or self._trailers is not None:
            raise CallStateError("response headers received twice")
        if status != 200:
            code = _HTTP_STATUS.get(status, StatusCode.UNKNOWN)
            raise GrpcError(code, f"HTTP status {status} from a gRPC-web endpoint")
        if "grpc-status" in headers:  # trailers-only: the status is all there is
            self._trailers = Trailers(headers)
            return False
        content_type = headers.get("content-type", "")
        text = _KNOWN_CONTENT_TYPES.get(content_type)
        if text is None:
            if not is_grpc_web_content_type(content_type):
                raise GrpcError(StatusCode.UNKNOWN, f"unexpected response content-type {content_type!r}")
            text = is_text_content_type(content_type)
        self._decoder = ResponseDecoder(text=text)
        return True

    def receive_data(self, chunk: bytes) -> list[Message]:
        """The messages ``chunk`` completes, in order; the call is :attr:`finished` once it completes the status.

        The status is not raised here, so that the messages before an error status still reach the caller.
        Raises :class:`GrpcError` (INTERNAL) for bytes that are not gRPC-web.
        """
        decoder = self._decoder
        if decoder is None or self._trailers is not None:
            raise CallStateError("body data outside the response body")
        try:
            events = decoder.feed(chunk)
        except ProtocolError as exc:
            raise _malformed(exc) from None
        # The trailer frame can only come last (the decoder refuses anything after it).
        if events and type(events[-1]) is Trailers:
            self._trailers = cast(Trailers, events.pop())
        return cast("list[Message]", events)

    def receive_end(self) -> None:
        """The body has ended. Raises :class:`GrpcError` unless the status has arrived: INTERNAL if the body
        stopped inside a frame, UNAVAILABLE if it just stopped (a connection cut short, a proxy's empty reply)."""
        if self._trailers is not None:
            return
        decoder = self._decoder
        if decoder is None:
            raise CallStateError("end of body before the response headers")
        try:
            decoder.end()
        except ProtocolError as exc:
            raise _malformed(exc) from None
        raise GrpcError(StatusCode.UNAVAILABLE, "response ended without a gRPC status")

    def raise_for_status(self) -> None:
        """Raises :class:`GrpcError` with the server's status, message and metadata unless the status is OK."""
        trailers = self._trailers
        if trailers is None:
            raise CallStateError("the status has not arrived")
        if trailers.metadata.get("grpc-status") == "0":  # the common case, without parsing it into a StatusCode
            return
        status = trailers.status
        if status is not StatusCode.OK:
            raise GrpcError(status, trailers.message, trailers.metadata)


class UnaryCall(ClientCall):
    """The response of a unary call: exactly one message, then status OK (see :meth:`result`)."""

    __slots__ = ("_count", "_payload")

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._payload = b""

    def receive_data(self, chunk: bytes) -> list[Message]:
        messages = ClientCall.receive_data(self, chunk)
        if messages:
            if not self._count:
                self._payload = messages[0].data
            self._count += len(messages)
        return messages

    def result(self) -> bytes:
        """The serialized response message, once the call has :attr:`finished`.

        Raises :class:`GrpcError`: the server's status if it is not OK, else UNKNOWN unless exactly one message
        came before it.
        """
        self.raise_for_status()
        if self._count != 1:
            raise GrpcError(StatusCode.UNKNOWN, f"expected one response message, got {self._count}")
        return self._payload


def _malformed(exc: ProtocolError) -> GrpcError:
    return GrpcError(StatusCode.INTERNAL, f"malformed gRPC-web response: {exc}")

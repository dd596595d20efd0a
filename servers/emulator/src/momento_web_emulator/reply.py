"""How the emulator writes a gRPC reply: the wire mode a request asks for, and the writer for each mode.

gRPC-web (HTTP/1.1 or HTTP/2) carries the status in a trailer frame at the end of the body, or, before any message,
in the response headers of an empty body (trailers-only). Native gRPC (HTTP/2, ``application/grpc``) carries it
in real HTTP trailers, which ASGI offers as the ``http.response.trailers`` extension. Replies mirror the request:
``application/grpc-web-text`` (``+proto``) is text mode, ``application/grpc-web`` and ``+proto`` binary mode.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from momento_web.wire.grpc_web import (
    CONTENT_TYPE_BINARY,
    encode_frame,
    encode_trailers,
    is_grpc_web_content_type,
    is_text_content_type,
    status_metadata,
)
from momento_web.wire.status import GrpcError, StatusCode

Send = Callable[[dict[str, Any]], Awaitable[None]]
Headers = Sequence[tuple[bytes, bytes]]

CONTENT_TYPE_NATIVE = "application/grpc"


@dataclass(frozen=True, slots=True)
class WireMode:
    text: bool
    content_type: str  # of the reply
    native: bool = False  # status in HTTP trailers, not in a trailer frame


NATIVE = WireMode(False, CONTENT_TYPE_NATIVE, native=True)


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _native_possible(scope: Mapping[str, Any], headers: Mapping[str, str]) -> bool:
    # HTTP trailers need the server's extension (HTTP/2) and a client that asked for them (`te: trailers`).
    return "http.response.trailers" in scope.get("extensions", {}) and "trailers" in headers.get("te", "")


def request_mode(content_type: str, scope: Mapping[str, Any], headers: Mapping[str, str]) -> WireMode:
    """How to read the request and write the reply; raises GrpcError for content types we do not serve."""
    media = _media(content_type)
    if media in ("application/grpc-web-text", "application/grpc-web-text+proto"):
        return WireMode(True, media)
    if media in ("application/grpc-web", "application/grpc-web+proto"):
        return WireMode(False, media)
    if is_grpc_web_content_type(media):
        raise GrpcError(StatusCode.UNIMPLEMENTED, f"unsupported gRPC-web codec {media!r}; use +proto")
    if media in (CONTENT_TYPE_NATIVE, "application/grpc+proto"):
        if not _native_possible(scope, headers):
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


def fallback_mode(content_type: str, scope: Mapping[str, Any], headers: Mapping[str, str]) -> WireMode:
    """Reply mode for a request whose own content type is unusable: as close to what it asked for as possible."""
    media = _media(content_type)
    if is_text_content_type(media):
        return WireMode(True, "application/grpc-web-text")
    if media.startswith(CONTENT_TYPE_NATIVE) and not is_grpc_web_content_type(media):
        return NATIVE if _native_possible(scope, headers) else WireMode(False, CONTENT_TYPE_NATIVE)
    return WireMode(False, CONTENT_TYPE_BINARY)


def _header_value(value: str) -> bytes:
    return value.encode("ascii", errors="replace")


def _header_list(metadata: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("ascii"), _header_value(value)) for name, value in metadata.items()]


def _error_metadata(error: GrpcError) -> dict[str, str]:
    return status_metadata(error.code, error.details, error.metadata)


# Every successful reply ends with the same status: encoded once per wire mode, not per reply.
_OK_TRAILER_FRAME = {text: encode_trailers(status_metadata(StatusCode.OK), text=text) for text in (False, True)}
_OK_TRAILERS = _header_list(status_metadata(StatusCode.OK))


class Reply:
    """Writes one response. A stream's messages are sent (and so flushed) one by one; in gRPC-web a unary reply's
    message and trailer frame go in one write, so that a client reads the whole reply in one chunk."""

    def __init__(self, send: Send, mode: WireMode, extra_headers: Headers) -> None:
        self._send = send
        self._mode = mode
        self._extra_headers = extra_headers
        self.status = StatusCode.OK

    async def trailers_only(self, error: GrpcError) -> None:
        self.status = error.code
        if self._mode.native:  # headers, then the status as trailers (ASGI has no trailers-only response)
            await self.start()
            await self._finish(b"", _header_list(_error_metadata(error)))
            return
        headers = [
            (b"content-type", self._mode.content_type.encode("ascii")),
            *_header_list(_error_metadata(error)),
            (b"content-length", b"0"),
            *self._extra_headers,
        ]
        await self._send({"type": "http.response.start", "status": 200, "headers": headers})
        await self._send({"type": "http.response.body", "body": b"", "more_body": False})

    async def start(self) -> None:
        headers = [(b"content-type", self._mode.content_type.encode("ascii")), *self._extra_headers]
        await self._send(
            {"type": "http.response.start", "status": 200, "headers": headers, "trailers": self._mode.native}
        )

    async def unary(self, payload: bytes) -> None:
        await self.start()
        text = self._mode.text
        if self._mode.native:
            await self._finish(encode_frame(payload), _OK_TRAILERS)
        else:
            await self._finish(encode_frame(payload, text=text) + _OK_TRAILER_FRAME[text])

    async def message(self, payload: bytes) -> None:
        body = encode_frame(payload, text=self._mode.text)
        await self._send({"type": "http.response.body", "body": body, "more_body": True})

    async def end(self, error: GrpcError | None = None) -> None:
        if error is not None:
            self.status = error.code
        if self._mode.native:
            await self._finish(b"", _OK_TRAILERS if error is None else _header_list(_error_metadata(error)))
        elif error is None:
            await self._finish(_OK_TRAILER_FRAME[self._mode.text])
        else:
            await self._finish(encode_trailers(_error_metadata(error), text=self._mode.text))

    async def _finish(self, body: bytes, trailers: Headers | None = None) -> None:
        await self._send({"type": "http.response.body", "body": body, "more_body": False})
        if trailers is not None:
            await self._send({"type": "http.response.trailers", "headers": list(trailers), "more_trailers": False})

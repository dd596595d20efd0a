"""Transports that answer every request with canned gRPC-web replies (one message, or a server stream) and
record what was sent."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field

from momento_web.transport import HttpRequest, HttpResponse
from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
from momento_web.wire.status import StatusCode


@dataclass
class _Reply:
    body: bytes
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=lambda: {"content-type": "application/grpc-web+proto"})

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        yield self.body

    async def aclose(self) -> None:
        pass


@dataclass
class RecordingTransport:
    """Answers every request with ``reply`` (a serialized message) and records what was sent."""

    reply: bytes = b""
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        trailers = encode_trailers(status_metadata(StatusCode.OK), text=False)
        return _Reply(b"".join(encode_frame(message, text=False) for message in self._messages()) + trailers)

    async def aclose(self) -> None:
        pass

    def _messages(self) -> Sequence[bytes]:
        return [self.reply]


@dataclass
class StreamingTransport(RecordingTransport):
    """Answers every request with the server stream ``replies`` (serialized messages, possibly none)."""

    replies: Sequence[bytes] = ()

    def _messages(self) -> Sequence[bytes]:
        return self.replies


def sent_payload(request: HttpRequest) -> bytes:
    """The request's protobuf payload (text mode: base64 of one frame)."""
    frame = base64.b64decode(request.body)
    assert frame[0] == 0
    assert int.from_bytes(frame[1:5], "big") == len(frame) - 5
    return frame[5:]

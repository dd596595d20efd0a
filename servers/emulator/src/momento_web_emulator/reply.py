"""How the emulator writes a gRPC reply: the pieces a :class:`~momento_web.wire.server_call.ServerCall` hands out
(wire mode, headers, frames, trailers), sent as ASGI events. HTTP trailers are the ``http.response.trailers``
extension.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from momento_web.wire.server_call import Part, ResponseBody, ResponseStart, ServerCall
from momento_web.wire.status import GrpcError, StatusCode

Send = Callable[[dict[str, Any]], Awaitable[None]]


def _event(part: Part) -> dict[str, Any]:
    if isinstance(part, ResponseBody):
        return {"type": "http.response.body", "body": part.data, "more_body": part.more}
    if isinstance(part, ResponseStart):
        return {
            "type": "http.response.start",
            "status": part.status,
            "headers": list(part.headers),
            "trailers": part.trailers,
        }
    return {"type": "http.response.trailers", "headers": list(part.headers), "more_trailers": False}


class Reply:
    """Writes one response. A stream's messages are sent (and so flushed) one by one; in gRPC-web a unary reply's
    message and trailer frame go in one write, so that a client reads the whole reply in one chunk."""

    __slots__ = ("_call", "_send")

    def __init__(self, send: Send, call: ServerCall) -> None:
        self._send = send
        self._call = call

    @property
    def status(self) -> StatusCode:
        return self._call.status

    async def trailers_only(self, error: GrpcError) -> None:
        await self._write(self._call.trailers_only(error))

    async def start(self) -> None:
        await self._send(_event(self._call.start()))

    async def unary(self, payload: bytes) -> None:
        await self._write(self._call.unary(payload))

    async def message(self, payload: bytes) -> None:
        await self._send(_event(self._call.message(payload)))

    async def end(self, error: GrpcError | None = None) -> None:
        await self._write(self._call.end(error))

    async def _write(self, parts: tuple[Part, ...]) -> None:
        for part in parts:
            await self._send(_event(part))

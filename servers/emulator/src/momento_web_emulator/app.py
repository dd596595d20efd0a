"""ASGI application: gRPC-web (text and binary) with CORS, and native gRPC over HTTP/2 (h2c), in front of a
:class:`Dispatcher`.

The protocol's rules (wire modes, request size and framing, how each reply step looks) are the sans-I/O
:class:`~momento_web.wire.server_call.ServerCall`; this module reads the request, runs the call and lets ``reply.py``
send what the call produces. Status is always carried the gRPC way (HTTP 200). Other gRPC codecs get UNIMPLEMENTED,
native gRPC over HTTP/1.1 too; any other content type (or none) is INVALID_ARGUMENT.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import Any

from momento_web.wire.server_call import ServerCall
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator import cors
from momento_web_emulator.dispatch import Call, Dispatcher
from momento_web_emulator.reply import Reply

logger = logging.getLogger(__name__)

Scope = Mapping[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
BackgroundTask = Callable[[], Coroutine[Any, Any, None]]
HttpHandler = Callable[[Scope, Receive, Send], Awaitable[None]]
# Plain-HTTP test hooks live here; a gRPC path always has a dot in its first segment, so none can collide.
ADMIN_PATH_PREFIX = "/_test_admin/"

DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024
# An oversized body is read and discarded (so the connection stays usable) up to this many times the limit.
_DRAIN_FACTOR = 8


def _request_headers(scope: Scope) -> dict[str, str]:
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").lower()
        try:  # metadata is ASCII by spec; UTF-8 keeps a non-ASCII `cache` header matching its cache name
            value = raw_value.decode("utf-8")
        except UnicodeDecodeError:
            value = raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


class EmulatorApp:
    """The ASGI entry point. ``background`` coroutines run from lifespan startup to shutdown (e.g. expiry)."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        background: Sequence[BackgroundTask] = (),
        admin: HttpHandler | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.max_request_bytes = max_request_bytes
        self._background = background
        self._admin = admin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    # --- lifespan --------------------------------------------------------------------------------------------

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        tasks: list[asyncio.Task[None]] = []
        while True:
            event = await receive()
            if event["type"] == "lifespan.startup":
                tasks = [asyncio.create_task(factory()) for factory in self._background]
                await send({"type": "lifespan.startup.complete"})
            elif event["type"] == "lifespan.shutdown":
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await send({"type": "lifespan.shutdown.complete"})
                return

    # --- HTTP ------------------------------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _request_headers(scope)
        method = scope.get("method", "")
        path = scope.get("path", "")
        if self._admin is not None and path.startswith(ADMIN_PATH_PREFIX):
            await self._admin(scope, receive, send)
            return
        if method == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": cors.preflight_headers(headers)})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        started = time.perf_counter()
        wire = ServerCall(
            method,
            headers,
            http_trailers="http.response.trailers" in scope.get("extensions", {}),
            max_request_bytes=self.max_request_bytes,
            extra_headers=cors.response_headers(headers),
        )
        reply = Reply(send, wire)
        if wire.rejected is not None:
            await reply.trailers_only(wire.rejected)
        else:
            try:
                await self._grpc(path, headers, wire, receive, reply)
            except _Disconnected:
                logger.debug("%s %s: client went away", method, path)
                return
        logger.debug("%s %s -> %s (%.1f ms)", method, path, reply.status.name, (time.perf_counter() - started) * 1000)

    async def _grpc(
        self, path: str, headers: Mapping[str, str], wire: ServerCall, receive: Receive, reply: Reply
    ) -> None:
        body = await self._read_body(receive, wire.request_body_limit)
        try:
            wire.receive_body(body)  # refuses a content type we do not serve, or a body over the limit
            call = self.dispatcher.start(path, headers)
            payload = wire.request_message()
        except GrpcError as error:
            await reply.trailers_only(error)
            return
        except Exception:
            logger.exception("failed to start %s", path)
            await reply.trailers_only(GrpcError(StatusCode.INTERNAL, "internal error in the emulator"))
            return
        if call.server_streaming:
            await _cancel_on_disconnect(_respond(call, payload, reply), receive)
        else:
            await _respond(call, payload, reply)

    async def _read_body(self, receive: Receive, limit: int) -> bytes | None:
        """The request body, or None if it is longer than ``limit`` (then it has been read and discarded)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            event = await receive()
            if event["type"] == "http.disconnect":
                raise _Disconnected
            chunk = event.get("body", b"")
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
            else:
                chunks.clear()
                if size > limit * _DRAIN_FACTOR:
                    return None  # stop reading; the server will close this connection after replying
            if not event.get("more_body", False):
                return b"".join(chunks) if size <= limit else None


class _Disconnected(Exception):
    pass


async def _respond(call: Call, payload: bytes, reply: Reply) -> None:
    messages = call.run(payload)
    try:
        try:
            first = await anext(messages)
        except StopAsyncIteration:
            await reply.start()  # a stream with no messages: headers, then OK trailers
            await reply.end()
            return
        except GrpcError as error:
            await reply.trailers_only(error)
            return
        if not call.server_streaming:  # the one message of a unary handler
            await reply.unary(first)
            return
        await reply.start()
        await reply.message(first)
        try:
            async for data in messages:
                await reply.message(data)
        except GrpcError as error:
            await reply.end(error)
            return
        await reply.end()
    finally:
        await messages.aclose()


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _cancel_on_disconnect(work: Coroutine[Any, Any, None], receive: Receive) -> None:
    """Run ``work`` but cancel it when the client goes away (ends long-lived streams quietly)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_wait_for_disconnect(receive))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        task.cancel()
        watcher.cancel()
        # asyncio.wait never raises the tasks' exceptions; our own cancellation still propagates from here.
        await asyncio.wait({task, watcher})
    if not watcher.cancelled():
        watcher.exception()  # retrieved, so asyncio does not warn about it
    if task.cancelled():
        raise _Disconnected
    task.result()

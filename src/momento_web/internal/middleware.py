"""Runs a client's middlewares (:mod:`momento_web.config.middleware`) around each request a channel sends.

As in momento: each middleware makes a handler per request (per attempt, when a call is retried); the request hooks
run in the configuration's order, the response hooks in reverse; a hook that raises is logged and its input is kept.
Async clients run the ``aio`` middlewares and sync clients the ``synchronous`` ones, whose hooks are plain calls
made from the same async pipeline. Metadata is the request's gRPC metadata: the headers that are not the gRPC-web
protocol's own (``authorization``, ``cache``, ``agent``…); what a middleware adds there is sent as headers
(docs/protocol/retries-and-middleware.md#middlewares).
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from momento_web.config.middleware import aio, synchronous
from momento_web.config.middleware.aio.middleware_metadata import Metadata
from momento_web.config.middleware.models import (
    CONNECTION_ID_KEY,
    MiddlewareMessage,
    MiddlewareRequestHandlerContext,
    MiddlewareStatus,
)
from momento_web.wire.protobuf import Message
from momento_web.wire.status import StatusCode

logger = logging.getLogger("momento_web")

T = TypeVar("T")
MessageT = TypeVar("MessageT", bound=Message)

# Headers of the gRPC-web protocol itself, not metadata: the channel sets them, middlewares do not see them.
PROTOCOL_HEADERS = frozenset({"content-type", "accept", "x-grpc-web", "grpc-timeout"})
# Response headers that belong to HTTP or carry the status, not to the server's metadata.
_NOT_RESPONSE_METADATA = frozenset(
    {"content-type", "content-length", "transfer-encoding", "connection", "keep-alive", "date", "server", "vary"}
)

Pairs = Iterable[tuple[str, str | bytes]]


class ClientMiddlewares:
    """The middlewares of one client, split by flavour; ``selected`` is the flavour its requests run."""

    __slots__ = ("_aio", "_sync", "selected", "synchronous")

    def __init__(self, middlewares: Sequence[object]) -> None:
        self._aio = [m for m in middlewares if isinstance(m, aio.Middleware)]
        self._sync = [m for m in middlewares if isinstance(m, synchronous.Middleware)]
        self.synchronous = False
        self.selected: list[Any] = self._aio

    def use_synchronous(self) -> None:
        """Run the synchronous middlewares instead of the async ones (a sync client running the async core)."""
        self.synchronous = True
        self.selected = self._sync


class ChannelMiddlewares:
    """The middlewares as one channel runs them: its context names the channel (``connectionID``)."""

    __slots__ = ("_client", "_context")

    def __init__(self, client: ClientMiddlewares) -> None:
        self._client = client
        self._context: MiddlewareRequestHandlerContext | None = None

    @property
    def context(self) -> MiddlewareRequestHandlerContext:
        if self._context is None:
            import uuid  # here: clients without middlewares never need it

            self._context = MiddlewareRequestHandlerContext({CONNECTION_ID_KEY: str(uuid.uuid4())})
        return self._context

    async def start(self) -> MiddlewareCall | None:
        """Handlers for a new request, or None if the client runs no middleware of its flavour."""
        middlewares = self._client.selected
        if not middlewares:
            return None
        context = self.context
        handlers = [await _resolve(middleware.on_new_request(context)) for middleware in middlewares]
        return MiddlewareCall(handlers, synchronous=self._client.synchronous)


class MiddlewareCall:
    """The handlers of one request, and the hooks the channel calls as the request goes out and comes back."""

    __slots__ = ("_handlers", "_reversed", "_synchronous")

    def __init__(self, handlers: list[Any], *, synchronous: bool) -> None:
        self._handlers = handlers
        self._reversed = handlers[::-1]
        self._synchronous = synchronous

    async def on_request(self, headers: Mapping[str, str], message: MessageT) -> tuple[dict[str, str], MessageT]:
        """The headers and message to send instead of ``headers`` and ``message``."""
        protocol = {key: value for key, value in headers.items() if key in PROTOCOL_HEADERS}
        pairs: list[tuple[str, str | bytes]] = [(k, v) for k, v in headers.items() if k not in PROTOCOL_HEADERS]
        metadata = await self._apply(self._handlers, "on_request_metadata", self._wrap(pairs))
        protocol.update(_as_headers(metadata.grpc_metadata or ()))
        body = await self._apply(self._handlers, "on_request_body", MiddlewareMessage(message))
        return protocol, body.grpc_message  # type: ignore[return-value]  # a middleware may swap the message

    async def on_response_metadata(self, headers: Mapping[str, str] | None) -> None:
        """The response's headers (None: no response arrived, as for a server that could not be reached)."""
        pairs = [] if headers is None else _response_metadata(headers)
        await self._apply(self._reversed, "on_response_metadata", self._wrap(pairs))

    async def on_response_body(self, message: MessageT) -> MessageT:
        body = await self._apply(self._reversed, "on_response_body", MiddlewareMessage(message))
        return body.grpc_message  # type: ignore[return-value]

    async def on_response_status(self, code: StatusCode) -> None:
        """How the request ended; a middleware may observe it, not change it."""
        await self._apply(self._reversed, "on_response_status", MiddlewareStatus(code))

    def _wrap(self, pairs: list[tuple[str, str | bytes]]) -> Any:
        if self._synchronous:
            return synchronous.MiddlewareMetadata(pairs)
        return aio.MiddlewareMetadata(Metadata(*pairs))

    @staticmethod
    async def _apply(handlers: list[Any], hook: str, value: T) -> T:
        for handler in handlers:
            where = f"{type(handler).__name__}.{hook}"
            try:
                result = await _resolve(getattr(handler, hook)(value))
            except Exception as exc:
                logger.exception("Error in middleware method %s: %s", where, exc)
                continue
            if isinstance(result, type(value)):
                value = result
            else:
                logger.error("middleware method %s returned %r instead of a %s: ignored", where, result, type(value))
        return value


async def _resolve(result: T) -> T:
    """A hook's result: awaited if the hook is async, as is if it is a plain (synchronous) call."""
    if isinstance(result, Awaitable):
        return await result  # type: ignore[no-any-return]
    return result


def _as_headers(pairs: Pairs) -> dict[str, str]:
    """Metadata pairs as request headers: names lower-case, repeated names joined, binary values base64."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        if isinstance(value, bytes):
            text = base64.b64encode(value).decode("ascii") if key.endswith("-bin") else value.decode("latin-1")
        else:
            text = str(value)
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers


def _response_metadata(headers: Mapping[str, str]) -> list[tuple[str, str | bytes]]:
    pairs: list[tuple[str, str | bytes]] = []
    for key, value in headers.items():
        if key in _NOT_RESPONSE_METADATA or key.startswith(("grpc-", "access-control-")):
            continue
        if key.endswith("-bin"):
            try:
                pairs.append((key, base64.b64decode(value + "=" * (-len(value) % 4))))
                continue
            except (binascii.Error, ValueError):
                pass
        pairs.append((key, value))
    return pairs

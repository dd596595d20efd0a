"""What a service handler sees: the call context, and the table entries that bind a path to a handler.

A service exposes a list of :class:`Rpc` built with :func:`unary` or :func:`server_streaming`, e.g.::

    unary("/cache_client.Scs/Get", cacheclient._GetRequest, self.get)

where ``async def get(self, request, ctx) -> cacheclient._GetResponse`` (message classes from
``momento_web._messages``). Handlers raise :class:`~momento_web.wire.status.GrpcError` (or a store error the
dispatcher translates) to fail the call. Nothing here knows about HTTP or framing, so the same table serves
gRPC-web and native gRPC.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.auth import Principal

RequestT = TypeVar("RequestT", bound=Message)


@dataclass(frozen=True, slots=True)
class CallContext:
    """Per-call information. ``metadata`` holds the request headers (lower-case) minus ``authorization``."""

    rpc: str
    metadata: Mapping[str, str]
    principal: Principal
    deadline: float | None = None  # time.monotonic() value, from grpc-timeout

    @property
    def cache_name(self) -> str | None:
        """The ``cache`` header (data RPCs name their cache there, not in the message)."""
        return self.metadata.get("cache")

    def require_cache_name(self) -> str:
        name = self.cache_name
        if name is None or not name.strip():
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "missing cache header: data calls must send `cache`")
        return name

    def time_remaining(self) -> float | None:
        """Seconds left before the client's deadline (may be negative); None without a deadline."""
        return None if self.deadline is None else self.deadline - time.monotonic()


StreamHandler = Callable[[Any, CallContext], AsyncIterator[Message]]


@dataclass(frozen=True, slots=True)
class Rpc:
    """One route. ``handler`` is normalised to a stream; a unary handler yields exactly one message."""

    path: str
    request_type: type[Message]
    handler: StreamHandler
    server_streaming: bool


def unary(
    path: str, request_type: type[RequestT], handler: Callable[[RequestT, CallContext], Awaitable[Message]]
) -> Rpc:
    async def stream(request: RequestT, ctx: CallContext) -> AsyncIterator[Message]:
        yield await handler(request, ctx)

    return Rpc(path, request_type, stream, server_streaming=False)


def server_streaming(
    path: str, request_type: type[RequestT], handler: Callable[[RequestT, CallContext], AsyncIterator[Message]]
) -> Rpc:
    return Rpc(path, request_type, handler, server_streaming=True)

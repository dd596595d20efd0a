"""Transport-neutral call handling: route, deadline, authentication, fault injection, request decoding,
authorization, handler, error mapping.

A transport (``app.py``: gRPC-web, and native gRPC over h2c) calls :meth:`Dispatcher.start` with the
path and request headers, unframes the request body itself, then iterates :meth:`Call.run`. Every failure is a
:class:`GrpcError`; whether it arrives before the first message decides between a trailers-only response and a
status in the trailer frame, which is the transport's business.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, Callable, Iterable, Mapping
from dataclasses import dataclass

from momento_web.wire.grpc_web import ProtocolError, parse_grpc_timeout
from momento_web.wire.protobuf import DecodeError, Message
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.auth import Authenticator
from momento_web_emulator.faults import FaultInjector, Plan
from momento_web_emulator.request_elements import exceeds
from momento_web_emulator.rpc import CallContext, Rpc

logger = logging.getLogger(__name__)

ErrorTranslator = Callable[[Exception], GrpcError | None]
# Far above what a client sends in one call, far below what 8 MiB of empty elements would cost to decode.
DEFAULT_MAX_REQUEST_ELEMENTS = 250_000
# Raises GrpcError (PERMISSION_DENIED) unless the call's principal may make this request.
Authorize = Callable[[CallContext, Message], None]


def _no_translation(error: Exception) -> GrpcError | None:
    return None


def _allow_all(ctx: CallContext, request: Message) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Call:
    rpc: Rpc
    context: CallContext
    translate: ErrorTranslator
    authorize: Authorize = _allow_all
    injector: FaultInjector | None = None  # waits (latency, outage, delay) and injected errors
    faults: Plan | None = None  # what the injector planned for this call
    max_request_elements: int | None = None  # refused before decoding beyond this (request_elements.py)

    @property
    def server_streaming(self) -> bool:
        return self.rpc.server_streaming

    async def run(self, payload: bytes) -> AsyncGenerator[bytes, None]:
        """Serialized response messages; raises GrpcError (before or after the first one)."""
        plan = self.faults
        if self.injector is not None:
            await self.injector.before(plan, self.context.deadline)
        limit = self.max_request_elements
        if limit is not None and exceeds(self.rpc.request_type, payload, limit):
            raise GrpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"Request size limit exceeded: a request may hold at most {limit} elements (--max-request-elements)",
                {"err": "request_size_limit_exceeded"},
            )
        try:
            request = self.rpc.request_type.FromString(payload)
        except DecodeError as exc:  # every way FromString rejects bytes (truncated, corrupt, invalid UTF-8)
            raise GrpcError(StatusCode.INVALID_ARGUMENT, f"malformed request message: {exc}") from None
        self.authorize(self.context, request)
        breaking = plan is not None and plan.stream_error is not None and self.rpc.server_streaming
        limit = plan.stream_message_limit if plan is not None and breaking else None
        sent = 0
        if limit == 0:
            self._break_stream()
        stream = self.rpc.handler(request, self.context)
        try:
            async for response in stream:
                yield response.SerializeToString()
                if self.rpc.server_streaming:
                    sent += 1
                    if sent == limit:
                        self._break_stream()
                    # Give the loop a turn between stream messages. Once a client is gone the server drops what
                    # is sent to it without ever suspending the sender, so without this a stream would pump its
                    # whole backlog into the void before the disconnect could cancel it (each dropped frame kept
                    # alive meanwhile by the re-raised connection error's ever longer traceback).
                    await asyncio.sleep(0)
        except GrpcError:
            raise
        except Exception as exc:
            translated = self.translate(exc)
            if translated is not None:
                raise translated from None
            logger.exception("handler of %s failed", self.rpc.path)
            raise GrpcError(StatusCode.INTERNAL, "internal error in the emulator (see its log)") from None
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:  # a stream broken early must still release what its handler holds
                await close()

    def _break_stream(self) -> None:
        plan = self.faults
        if plan is None or plan.stream_error is None:
            return
        if plan.counters is not None:
            plan.counters.stream_errors += 1
        raise plan.stream_error


class Dispatcher:
    def __init__(
        self,
        rpcs: Iterable[Rpc],
        authenticator: Authenticator,
        *,
        translate: ErrorTranslator = _no_translation,
        authorize: Authorize = _allow_all,
        faults: FaultInjector | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_request_elements: int | None = None,
    ) -> None:
        self._routes: dict[str, Rpc] = {}
        for rpc in rpcs:
            if rpc.path in self._routes:
                raise ValueError(f"duplicate route {rpc.path}")
            self._routes[rpc.path] = rpc
        self.authenticator = authenticator
        self._translate = translate
        self._authorize = authorize
        self.faults = faults
        self._clock = clock
        self.max_request_elements = max_request_elements

    @property
    def paths(self) -> list[str]:
        return sorted(self._routes)

    def start(self, path: str, headers: Mapping[str, str]) -> Call:
        """Resolve a call from its path and lower-case request headers; raises GrpcError."""
        rpc = self._routes.get(path)
        if rpc is None:
            raise GrpcError(StatusCode.UNIMPLEMENTED, f"unknown method {path}")
        deadline = None
        timeout = headers.get("grpc-timeout")
        if timeout is not None:
            try:
                deadline = self._clock() + parse_grpc_timeout(timeout)
            except ProtocolError as exc:
                raise GrpcError(StatusCode.INVALID_ARGUMENT, str(exc)) from None
        principal = self.authenticator.authenticate(headers.get("authorization"), path)
        metadata = {name: value for name, value in headers.items() if name != "authorization"}
        plan = self.faults.plan(path, metadata) if self.faults is not None else None
        context = CallContext(path, metadata, principal, deadline)
        return Call(rpc, context, self._translate, self._authorize, self.faults, plan, self.max_request_elements)

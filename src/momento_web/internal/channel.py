"""gRPC calls over gRPC-web on top of any :class:`~momento_web.transport.AsyncTransport`.

The channel is the I/O pump around the sans-I/O call state machines of :mod:`momento_web.wire.client_call`: it
owns the per-client request headers (built once), sends each request through the transport, feeds the response
to the call and parses the messages it yields. The protocol's rules (HTTP status, trailers, content type,
malformed bytes, message count) live in the state machine; deadlines and connection failures, which are I/O,
live here. Every failure ends as one :class:`~momento_web.wire.status.GrpcError`.

Around each request it runs what the client's configuration adds: its middlewares (:mod:`.middleware`) and its
retry strategy (:mod:`momento_web.retry`). As in momento, the retries are outside the middlewares (every attempt is
a request they see) and every attempt gets the whole client timeout (a strategy may give retries a shorter one). A
channel without either sends each call straight through, with nothing allocated for them
(docs/protocol/retries-and-middleware.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from momento_web.internal.deadlines import SharedDeadlines
from momento_web.transport.base import AsyncTransport, HttpRequest, HttpResponse, TransportError
from momento_web.wire.client_call import ClientCall, UnaryCall, request_headers
from momento_web.wire.grpc_web import encode_frame, format_grpc_timeout
from momento_web.wire.protobuf import DecodeError
from momento_web.wire.protobuf import Message as ProtoMessage
from momento_web.wire.status import GrpcError, StatusCode

if TYPE_CHECKING:
    from momento_web.internal.middleware import ChannelMiddlewares, ClientMiddlewares, MiddlewareCall
    from momento_web.retry import RetryableProps, RetryStrategy

ResponseT = TypeVar("ResponseT", bound=ProtoMessage)

# Bounds the header cache for clients that address unbounded numbers of caches.
_MAX_CACHED_HEADER_SETS = 64


class ClientClosedError(Exception):
    """A call on a channel whose client has been closed."""

    def __init__(self) -> None:
        super().__init__("The client has been closed: create a new client to make calls")


class GrpcWebChannel:
    """Calls methods on one base URL (``https://web.cache.example.com``, ``http://127.0.0.1:8080``)."""

    def __init__(
        self,
        base_url: str,
        transport: AsyncTransport,
        *,
        text: bool = True,
        timeout: float | None = None,
        metadata: Mapping[str, str] | None = None,
        first_call_metadata: Mapping[str, str] | None = None,
        middlewares: ClientMiddlewares | None = None,
        retry_strategy: RetryStrategy | None = None,
    ) -> None:
        """``middlewares`` (the client's, shared by its channels) and ``retry_strategy`` run around every call."""
        self._base_url = base_url.rstrip("/")
        self._transport = transport
        self._text = text
        self._timeout = timeout
        self._headers = request_headers(text=text, timeout=timeout, metadata=metadata)
        self._first_call_metadata = dict(first_call_metadata or {})
        self._cache_headers: dict[str, dict[str, str]] = {}
        self._deadlines = SharedDeadlines(timeout) if timeout is not None else None
        self._no_deadline = contextlib.nullcontext()  # reusable: one for every call of a channel without timeout
        self._middlewares: ChannelMiddlewares | None = None
        if middlewares is not None:
            from momento_web.internal.middleware import ChannelMiddlewares  # only clients with middlewares load it

            self._middlewares = ChannelMiddlewares(middlewares)
        self._retry_strategy = retry_strategy
        self._closed = False
        # One check on the hot path: False once anything must run around a call (or the client is closed).
        self._plain = middlewares is None and retry_strategy is None

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Refuse every later call with :class:`ClientClosedError` (the client releases the transport)."""
        self._closed = True
        self._plain = False

    async def unary(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> ResponseT:
        """One request, one response message; raises :class:`GrpcError` for every failure."""
        if not self._plain:
            return await self._unary_intercepted(path, request, response_type, cache)
        # The hot path: what _unary_attempt does without middlewares, inline (no second coroutine per call).
        http_request = self._request(path, request, cache)
        call = UnaryCall()
        try:
            async with self._deadlines.bound() if self._deadlines is not None else self._no_deadline:
                response = await self._send(http_request)
                try:
                    if call.receive_headers(response.status, response.headers):
                        await _read_body(response, call)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise _deadline_exceeded(self._timeout) from None
        return _parse(response_type, call.result())

    def server_stream(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> AsyncGenerator[ResponseT, None]:
        """Response messages as they arrive; closing the iterator aborts the request.

        The channel's timeout bounds the whole stream (a batch); a channel without one (a topic
        subscription) streams for as long as the server sends. A retry strategy may send the request again only
        while no message has been delivered.
        """
        if self._plain:
            return self._stream(path, request, response_type, cache, None)
        return self._stream_intercepted(path, request, response_type, cache)

    async def _stream(
        self,
        path: str,
        request: ProtoMessage,
        response_type: type[ResponseT],
        cache: str | None,
        hooks: MiddlewareCall | None,
    ) -> AsyncGenerator[ResponseT, None]:
        """One attempt of a server-streaming call, with the middlewares' ``hooks`` if any."""
        if hooks is None:
            http_request = self._request(path, request, cache)
        else:
            http_request = await self._hooked_request(path, request, cache, hooks)
        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        answered = False  # whether the middlewares have seen the response's headers
        try:
            try:
                async with asyncio.timeout_at(deadline):
                    response = await self._send(http_request)
            except TimeoutError:
                raise _deadline_exceeded(self._timeout) from None
            if hooks is not None:
                answered = True
                await hooks.on_response_metadata(response.headers)
            call = ClientCall()
            chunks: AsyncIterator[bytes] | None = None
            try:
                if call.receive_headers(response.status, response.headers):
                    chunks = response.aiter_bytes()
                while chunks is not None and not call.finished:
                    # A per-read deadline, not one around the generator: a timeout must never fire in the consumer.
                    try:
                        async with asyncio.timeout_at(deadline):
                            chunk = await anext(chunks, None)
                    except TimeoutError:
                        raise _deadline_exceeded(self._timeout) from None
                    except TransportError as exc:
                        raise _connection_lost(exc) from exc
                    if chunk is None:
                        call.receive_end()  # raises: the body ended before the status
                        break
                    for message in call.receive_data(chunk):
                        parsed = _parse(response_type, message.data)
                        yield parsed if hooks is None else await hooks.on_response_body(parsed)
                call.raise_for_status()
            finally:
                if isinstance(chunks, AsyncGenerator):
                    await chunks.aclose()
                await response.aclose()
        except GrpcError as error:
            if hooks is not None:
                await _hooks_end(hooks, answered, error.code)
            raise
        except (GeneratorExit, asyncio.CancelledError):  # closed early or cancelled: the request was aborted
            if hooks is not None:
                await _hooks_end(hooks, answered, StatusCode.CANCELLED)
            raise
        if hooks is not None:
            await hooks.on_response_status(StatusCode.OK)

    async def _stream_intercepted(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], cache: str | None
    ) -> AsyncGenerator[ResponseT, None]:
        """A server stream through the middlewares, retried while nothing has been delivered."""
        if self._closed:
            raise ClientClosedError
        retry = self._retry_strategy
        started = time.monotonic()
        attempt = 1
        while True:
            hooks = None if self._middlewares is None else await self._middlewares.start()
            stream = self._stream(path, request, response_type, cache, hooks)
            delivered = False
            try:
                async for message in stream:
                    delivered = True
                    yield message
                return
            except GrpcError as error:
                if retry is None or delivered:
                    raise
                delay = retry.determine_when_to_retry(_props(error, path, attempt, self._overall_deadline(started)))
                if delay is None:
                    raise
            finally:
                await stream.aclose()
            attempt += 1
            await self._before_retry(delay)

    async def _unary_intercepted(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], cache: str | None
    ) -> ResponseT:
        """A unary call through the middlewares and the retry strategy (or refused: the client is closed)."""
        if self._closed:
            raise ClientClosedError
        retry = self._retry_strategy
        if retry is None:
            return await self._unary_attempt(path, request, response_type, cache, None)
        started = time.monotonic()
        attempt, attempt_timeout = 1, None
        while True:
            try:
                return await self._unary_attempt(path, request, response_type, cache, attempt_timeout)
            except GrpcError as error:
                overall_deadline = self._overall_deadline(started)
                delay = retry.determine_when_to_retry(_props(error, path, attempt, overall_deadline))
                if delay is None:
                    raise
            attempt += 1
            await self._before_retry(delay)
            if overall_deadline is not None:
                milliseconds = retry.calculate_retry_deadline(overall_deadline)
                attempt_timeout = None if milliseconds is None else milliseconds / 1000

    async def _unary_attempt(
        self,
        path: str,
        request: ProtoMessage,
        response_type: type[ResponseT],
        cache: str | None,
        attempt_timeout: float | None,
    ) -> ResponseT:
        """One request of a unary call; ``attempt_timeout`` replaces the channel's for a retry with its own."""
        timeout = attempt_timeout
        if timeout is not None and timeout <= 0:
            raise _deadline_exceeded(timeout)
        hooks = None if self._middlewares is None else await self._middlewares.start()
        if hooks is None:
            http_request = self._request(path, request, cache)
        else:
            http_request = await self._hooked_request(path, request, cache, hooks)
        if timeout is not None:
            http_request = HttpRequest(
                http_request.url,
                {**http_request.headers, "grpc-timeout": format_grpc_timeout(timeout)},
                http_request.body,
            )
        call = UnaryCall()
        answered = False
        try:
            try:
                async with self._attempt_deadline(timeout):
                    response = await self._send(http_request)
                    try:
                        if hooks is not None:
                            answered = True
                            await hooks.on_response_metadata(response.headers)
                        if call.receive_headers(response.status, response.headers):
                            await _read_body(response, call)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise _deadline_exceeded(self._timeout if timeout is None else timeout) from None
            reply = _parse(response_type, call.result())
        except GrpcError as error:
            if hooks is not None:
                await _hooks_end(hooks, answered, error.code)
            raise
        except asyncio.CancelledError:
            if hooks is not None:
                await _hooks_end(hooks, answered, StatusCode.CANCELLED)
            raise
        if hooks is not None:
            reply = await hooks.on_response_body(reply)
            await hooks.on_response_status(StatusCode.OK)
        return reply

    def _attempt_deadline(self, timeout: float | None) -> AbstractAsyncContextManager[object]:
        if timeout is not None:
            return asyncio.timeout(timeout)
        return self._deadlines.bound() if self._deadlines is not None else self._no_deadline

    def _overall_deadline(self, started: float) -> datetime | None:
        """When the first attempt's timeout ran out, as momento's strategies expect it (None: no timeout)."""
        if self._timeout is None:
            return None
        return datetime.now() + timedelta(seconds=started + self._timeout - time.monotonic())

    async def _before_retry(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if self._closed:  # closed while waiting
            raise ClientClosedError

    def _request(self, path: str, request: ProtoMessage, cache: str | None) -> HttpRequest:
        body = encode_frame(request.SerializeToString(), text=self._text)
        return HttpRequest(self._base_url + path, self._call_headers(cache), body)

    async def _hooked_request(
        self, path: str, request: ProtoMessage, cache: str | None, hooks: MiddlewareCall
    ) -> HttpRequest:
        """The request as the middlewares leave it: they may change its metadata and its message."""
        headers, request = await hooks.on_request(self._call_headers(cache), request)
        body = encode_frame(request.SerializeToString(), text=self._text)
        return HttpRequest(self._base_url + path, headers, body)

    def _call_headers(self, cache: str | None) -> dict[str, str]:
        headers = self._headers if cache is None else self._headers_for_cache(cache)
        if self._first_call_metadata:
            headers = {**headers, **self._first_call_metadata}
            self._first_call_metadata = {}
        return headers

    def _headers_for_cache(self, cache: str) -> dict[str, str]:
        headers = self._cache_headers.get(cache)
        if headers is None:
            if len(self._cache_headers) >= _MAX_CACHED_HEADER_SETS:
                self._cache_headers.clear()
            headers = self._cache_headers[cache] = {**self._headers, "cache": cache}
        return headers

    async def _send(self, request: HttpRequest) -> HttpResponse:
        try:
            return await self._transport.handle_async_request(request)
        except TransportError as exc:
            raise GrpcError(StatusCode.UNAVAILABLE, f"could not reach {self._base_url}: {exc}") from exc


def _props(error: GrpcError, path: str, attempt: int, overall_deadline: datetime | None) -> RetryableProps:
    """What a retry strategy is told about a failed attempt (the retry classes load with the first one)."""
    from momento_web.retry.retryable_props import RetryableProps

    return RetryableProps(error.code, path, attempt, overall_deadline)


async def _hooks_end(hooks: MiddlewareCall, answered: bool, code: StatusCode) -> None:
    """Tell the middlewares how a failed request ended (first that no response came, if none did)."""
    if not answered:
        await hooks.on_response_metadata(None)
    await hooks.on_response_status(code)


async def _read_body(response: HttpResponse, call: ClientCall) -> None:
    """Feed ``call`` the body until it has its status (a unary call keeps its message itself)."""
    chunks = response.aiter_bytes()
    try:
        async for chunk in chunks:
            call.receive_data(chunk)
            if call.finished:
                return
        call.receive_end()
    except TransportError as exc:
        raise _connection_lost(exc) from exc
    finally:
        # Closed here, not by the garbage collector: its finalizer would cost an extra event-loop task per call.
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()


def _parse(response_type: type[ResponseT], payload: bytes) -> ResponseT:
    try:
        return response_type.FromString(payload)
    except DecodeError as exc:
        raise GrpcError(StatusCode.INTERNAL, f"could not decode {response_type.__name__}: {exc}") from None


def _connection_lost(exc: TransportError) -> GrpcError:
    return GrpcError(StatusCode.UNAVAILABLE, f"connection lost while reading the response: {exc}")


def _deadline_exceeded(timeout: float | None) -> GrpcError:
    return GrpcError(StatusCode.DEADLINE_EXCEEDED, f"no response within the client timeout of {timeout:g} s")

"""gRPC calls over gRPC-web on top of any :class:`~momento_web.transport.AsyncTransport`.

The channel is the I/O pump around the sans-I/O call state machines of :mod:`momento_web.wire.client_call`: it
owns the per-client request headers (built once), sends each request through the transport, feeds the response
to the call and parses the messages it yields. The protocol's rules (HTTP status, trailers, content type,
malformed bytes, message count) live in the state machine; deadlines and connection failures, which are I/O,
live here. Every failure ends as one :class:`~momento_web.wire.status.GrpcError`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from typing import TypeVar

from momento_web.internal.deadlines import SharedDeadlines
from momento_web.transport.base import AsyncTransport, HttpRequest, HttpResponse, TransportError
from momento_web.wire.client_call import ClientCall, UnaryCall, request_headers
from momento_web.wire.grpc_web import encode_frame
from momento_web.wire.protobuf import DecodeError
from momento_web.wire.protobuf import Message as ProtoMessage
from momento_web.wire.status import GrpcError, StatusCode

ResponseT = TypeVar("ResponseT", bound=ProtoMessage)

# Bounds the header cache for clients that address unbounded numbers of caches.
_MAX_CACHED_HEADER_SETS = 64


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
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._transport = transport
        self._text = text
        self._timeout = timeout
        self._headers = request_headers(text=text, timeout=timeout, metadata=metadata)
        self._first_call_metadata = dict(first_call_metadata or {})
        self._cache_headers: dict[str, dict[str, str]] = {}
        self._deadlines = SharedDeadlines(timeout) if timeout is not None else None
        self._no_deadline = contextlib.nullcontext()  # reusable: one for every call of a channel without timeout

    @property
    def base_url(self) -> str:
        return self._base_url

    async def unary(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> ResponseT:
        """One request, one response message; raises :class:`GrpcError` for every failure."""
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

    async def server_stream(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> AsyncGenerator[ResponseT, None]:
        """Response messages as they arrive; closing the iterator aborts the request.

        The channel's timeout bounds the whole stream (a batch); a channel without one (a topic
        subscription) streams for as long as the server sends.
        """
        http_request = self._request(path, request, cache)
        loop = asyncio.get_running_loop()
        deadline = None if self._timeout is None else loop.time() + self._timeout
        try:
            async with asyncio.timeout_at(deadline):
                response = await self._send(http_request)
        except TimeoutError:
            raise _deadline_exceeded(self._timeout) from None
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
                    yield _parse(response_type, message.data)
            call.raise_for_status()
        finally:
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()
            await response.aclose()

    def _request(self, path: str, request: ProtoMessage, cache: str | None) -> HttpRequest:
        headers = self._headers if cache is None else self._headers_for_cache(cache)
        if self._first_call_metadata:
            headers = {**headers, **self._first_call_metadata}
            self._first_call_metadata = {}
        body = encode_frame(request.SerializeToString(), text=self._text)
        return HttpRequest(self._base_url + path, headers, body)

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

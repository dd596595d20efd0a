"""gRPC calls over gRPC-web on top of any :class:`~momento_web.transport.AsyncTransport`.

The channel owns the per-client request headers (built once), turns protobuf messages into request bodies with
the sans-I/O codec, and turns every way a call can fail (HTTP status, trailers, malformed bytes, timeout,
connection failure) into one :class:`~momento_web.wire.status.GrpcError`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Mapping
from typing import TypeVar

from momento_web.internal.deadlines import SharedDeadlines
from momento_web.transport.base import AsyncTransport, HttpRequest, HttpResponse, TransportError
from momento_web.wire.grpc_web import (
    CONTENT_TYPE_BINARY,
    CONTENT_TYPE_TEXT,
    Message,
    ProtocolError,
    ResponseDecoder,
    Trailers,
    encode_frame,
    format_grpc_timeout,
    is_grpc_web_content_type,
    is_text_content_type,
)
from momento_web.wire.protobuf import DecodeError
from momento_web.wire.protobuf import Message as ProtoMessage
from momento_web.wire.status import GrpcError, StatusCode

ResponseT = TypeVar("ResponseT", bound=ProtoMessage)

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
        content_type = CONTENT_TYPE_TEXT if text else CONTENT_TYPE_BINARY
        self._base_url = base_url.rstrip("/")
        self._transport = transport
        self._text = text
        self._timeout = timeout
        self._headers: dict[str, str] = {"content-type": content_type, "accept": content_type, "x-grpc-web": "1"}
        self._headers.update(metadata or {})
        if timeout is not None:
            # The deadline is the same for every call, so its header is too.
            self._headers["grpc-timeout"] = format_grpc_timeout(timeout)
        self._first_call_metadata = dict(first_call_metadata or {})
        self._cache_headers: dict[str, dict[str, str]] = {}
        self._deadlines = SharedDeadlines(timeout) if timeout is not None else None

    @property
    def base_url(self) -> str:
        return self._base_url

    async def unary(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> ResponseT:
        """One request, one response message; raises :class:`GrpcError` for every failure."""
        http_request = self._request(path, request, cache)
        try:
            async with self._deadlines.bound() if self._deadlines is not None else contextlib.nullcontext():
                response = await self._send(http_request)
                try:
                    payloads = [payload async for payload in _payloads(response)]
                finally:
                    await response.aclose()
        except TimeoutError:
            raise _deadline_exceeded(self._timeout) from None
        if len(payloads) != 1:
            raise GrpcError(StatusCode.UNKNOWN, f"expected one response message, got {len(payloads)}")
        return _parse(response_type, payloads[0])

    async def server_stream(
        self, path: str, request: ProtoMessage, response_type: type[ResponseT], *, cache: str | None = None
    ) -> AsyncIterator[ResponseT]:
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
        payloads = _payloads(response)
        try:
            while True:
                # A per-read deadline, not one around the generator: a timeout must never fire in the consumer.
                try:
                    async with asyncio.timeout_at(deadline):
                        payload = await anext(payloads)
                except StopAsyncIteration:
                    return
                except TimeoutError:
                    raise _deadline_exceeded(self._timeout) from None
                yield _parse(response_type, payload)
        finally:
            await payloads.aclose()
            await response.aclose()

    def _request(self, path: str, request: ProtoMessage, cache: str | None) -> HttpRequest:
        headers = self._headers if cache is None else self._headers_for_cache(cache)
        if self._first_call_metadata:
            headers = {**headers, **self._first_call_metadata}
            self._first_call_metadata = {}
        body = encode_frame(request.SerializeToString(), text=self._text)
        return HttpRequest(self._base_url + path, headers, body, self._timeout)

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


async def _payloads(response: HttpResponse) -> AsyncGenerator[bytes, None]:
    """The DATA payloads of a response; raises :class:`GrpcError` for a non-OK or malformed response."""
    if response.status != 200:
        code = _HTTP_STATUS.get(response.status, StatusCode.UNKNOWN)
        raise GrpcError(code, f"HTTP status {response.status} from a gRPC-web endpoint")
    headers = response.headers
    if "grpc-status" in headers:  # trailers-only: the status is all there is
        _raise_for_status(Trailers(headers))
        return
    content_type = headers.get("content-type", "")
    if not is_grpc_web_content_type(content_type):
        raise GrpcError(StatusCode.UNKNOWN, f"unexpected response content-type {content_type!r}")
    decoder = ResponseDecoder(text=is_text_content_type(content_type))
    chunks = response.aiter_bytes()
    try:
        async for chunk in chunks:
            for event in decoder.feed(chunk):
                if isinstance(event, Message):
                    yield event.data
                else:
                    _raise_for_status(event)
                    return
        decoder.end()
    except ProtocolError as exc:
        raise GrpcError(StatusCode.INTERNAL, f"malformed gRPC-web response: {exc}") from None
    except TransportError as exc:
        raise GrpcError(StatusCode.UNAVAILABLE, f"connection lost while reading the response: {exc}") from exc
    finally:
        # Closed here, not by the garbage collector: its finalizer would cost an extra event-loop task per call.
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()
    raise GrpcError(StatusCode.UNAVAILABLE, "response ended without a gRPC status")


def _raise_for_status(trailers: Trailers) -> None:
    if trailers.status is not StatusCode.OK:
        raise GrpcError(trailers.status, trailers.message, trailers.metadata)


def _parse(response_type: type[ResponseT], payload: bytes) -> ResponseT:
    try:
        return response_type.FromString(payload)
    except DecodeError as exc:
        raise GrpcError(StatusCode.INTERNAL, f"could not decode {response_type.__name__}: {exc}") from None


def _deadline_exceeded(timeout: float | None) -> GrpcError:
    return GrpcError(StatusCode.DEADLINE_EXCEEDED, f"no response within the client timeout of {timeout:g} s")

"""The one seam between the SDK and the network (httpx's ``handle_async_request`` idea).

A transport performs one HTTP POST and streams the response body back. It knows nothing of gRPC: the channel
builds the request with the sans-I/O codec and interprets the bytes. Deadlines are the caller's too: cancelling the
task that waits for or reads a response, or closing the response, must abort the underlying request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class HttpRequest:
    url: str
    headers: Mapping[str, str]
    body: bytes


class HttpResponse(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]:
        """Response headers with lower-case names."""
        ...

    def aiter_bytes(self) -> AsyncIterator[bytes]:
        """Body chunks as they arrive, of arbitrary sizes."""
        ...

    async def aclose(self) -> None:
        """Release the response; aborts the request if the body was not read to the end."""
        ...


class TransportError(Exception):
    """The request could not be completed: connection refused or reset, DNS failure, CORS rejection."""


class AsyncTransport(Protocol):
    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        """Send the request and return once the response headers have arrived (or later, e.g. with the first
        body chunk). Raises :class:`TransportError` if there is no response."""
        ...

    async def aclose(self) -> None:
        """Release pooled connections. The transport is not used afterwards."""
        ...


TransportFactory = Callable[[], AsyncTransport]

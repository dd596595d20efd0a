"""CPython transport: httpx with streaming responses and one connection pool per transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx  # noqa: TID251  the one SDK module that may: only CPython has httpx, and this is its transport

from momento_web.transport.base import HttpRequest, HttpResponse, TransportError


class HttpxTransport:
    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        # Deadlines are enforced by the caller for the whole exchange, so httpx's own timeouts are off.
        self._client = client or httpx.AsyncClient(
            timeout=None,  # noqa: S113  deliberately: see above
            limits=httpx.Limits(max_keepalive_connections=20),
        )

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        http_request = self._client.build_request("POST", request.url, headers=request.headers, content=request.body)
        try:
            response = await self._client.send(http_request, stream=True)
        except httpx.HTTPError as exc:
            raise TransportError(str(exc) or type(exc).__name__) from exc
        return _HttpxResponse(response)

    async def aclose(self) -> None:
        await self._client.aclose()


class _HttpxResponse:
    __slots__ = ("_headers", "_response")

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self._headers: Mapping[str, str] = response.headers  # case-insensitive already

    @property
    def status(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_raw():
                yield chunk
        except httpx.HTTPError as exc:
            raise TransportError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        await self._response.aclose()

"""Pyodide transport: the browser's ``fetch`` with a streaming body reader and an ``AbortController``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import js
from pyodide.ffi import JsException, jsnull, to_js

from momento_web.transport.base import HttpRequest, HttpResponse, TransportError


class FetchTransport:
    """Requests go through the page's ``fetch``: the browser pools connections and applies CORS."""

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        controller = js.AbortController.new()
        options = to_js(
            {
                "method": "POST",
                "mode": "cors",
                "headers": dict(request.headers),
                "body": to_js(request.body),
                "signal": controller.signal,
            },
            # Plain JS objects, not Maps: fetch ignores a Map of headers.
            dict_converter=js.Object.fromEntries,
        )
        try:
            response = await js.fetch(request.url, options)
        except JsException as exc:
            raise TransportError(f"fetch failed: {exc}") from None
        except BaseException:
            controller.abort()  # cancelled by a timeout or the caller: stop the request too
            raise
        return _FetchResponse(response, controller)

    async def aclose(self) -> None:
        """Nothing to release: the browser owns the connections."""


class _FetchResponse:
    __slots__ = ("_controller", "_done", "_headers", "_response")

    def __init__(self, response: Any, controller: Any) -> None:
        self._response = response
        self._controller = controller
        self._done = False
        # Only CORS-exposed headers are visible; that includes grpc-status for trailers-only responses.
        self._headers: Mapping[str, str] = {str(name): str(value) for name, value in response.headers.entries()}

    @property
    def status(self) -> int:
        return int(self._response.status)

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        body = self._response.body
        if body is None or body is jsnull:  # JS null is not None in Pyodide
            self._done = True
            return
        reader = body.getReader()
        try:
            while True:
                chunk = await reader.read()
                if chunk.done:
                    self._done = True
                    return
                yield chunk.value.to_bytes()
        except JsException as exc:
            raise TransportError(f"reading the response failed: {exc}") from None
        finally:
            reader.releaseLock()

    async def aclose(self) -> None:
        if not self._done:
            self._done = True
            self._controller.abort()

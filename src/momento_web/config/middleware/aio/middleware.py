"""Async middlewares (mirrors ``momento.config.middleware.aio.middleware``).

A middleware makes one handler per request; the client awaits the handler's hooks in the order of the
configuration's middlewares for the request, and in reverse order for the response.
"""

from __future__ import annotations

import abc

from momento_web.config.middleware.aio.middleware_metadata import MiddlewareMetadata
from momento_web.config.middleware.models import MiddlewareMessage, MiddlewareRequestHandlerContext, MiddlewareStatus


class MiddlewareRequestHandler(abc.ABC):
    """The hooks of one request. Each returns what it was given, or a changed copy to use instead; an exception is
    logged and the value it was given is used."""

    @abc.abstractmethod
    async def on_request_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata: ...

    @abc.abstractmethod
    async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage: ...

    @abc.abstractmethod
    async def on_response_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata: ...

    @abc.abstractmethod
    async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage: ...

    @abc.abstractmethod
    async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus: ...


class Middleware(abc.ABC):
    @abc.abstractmethod
    async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> MiddlewareRequestHandler:
        """A handler for one request (every attempt of a retried call is a request of its own)."""

    def close(self) -> None:
        """Optional: release what the middleware holds."""
        return None

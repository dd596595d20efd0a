"""Middlewares see and may change every request and response of a client (mirrors ``momento.config.middleware``).

``Configuration.add_middleware(m)`` / ``with_middlewares([...])`` install them. Async clients run the
:mod:`.aio` ones, sync clients the :mod:`.synchronous` ones, as in momento.
"""

from momento_web.config.middleware.aio import Middleware as AsyncMiddleware
from momento_web.config.middleware.models import (
    MiddlewareMessage,
    MiddlewareRequestHandlerContext,
    MiddlewareStatus,
)
from momento_web.config.middleware.synchronous import Middleware as SyncMiddleware

Middleware = SyncMiddleware | AsyncMiddleware

__all__ = [
    "Middleware",
    "MiddlewareMessage",
    "MiddlewareRequestHandlerContext",
    "MiddlewareStatus",
]

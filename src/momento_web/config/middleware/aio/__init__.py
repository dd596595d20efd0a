"""Async middlewares, for ``CacheClientAsync``, ``TopicClientAsync`` and ``AuthClientAsync``
(mirrors ``momento.config.middleware.aio``)."""

from momento_web.config.middleware.aio.middleware import Middleware, MiddlewareRequestHandler
from momento_web.config.middleware.aio.middleware_metadata import Metadata, MiddlewareMetadata

__all__ = ["Metadata", "Middleware", "MiddlewareMetadata", "MiddlewareRequestHandler"]

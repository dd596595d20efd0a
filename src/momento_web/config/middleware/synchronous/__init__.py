"""Synchronous middlewares, for ``CacheClient``, ``TopicClient`` and ``AuthClient``
(mirrors ``momento.config.middleware.synchronous``)."""

from momento_web.config.middleware.synchronous.middleware import Middleware, MiddlewareRequestHandler
from momento_web.config.middleware.synchronous.middleware_metadata import MiddlewareMetadata

__all__ = ["Middleware", "MiddlewareMetadata", "MiddlewareRequestHandler"]

"""HTTP transports behind one small interface: browser ``fetch`` in Pyodide, httpx on CPython."""

from momento_web.transport.base import (
    AsyncTransport,
    HttpRequest,
    HttpResponse,
    TransportError,
    TransportFactory,
    TransportTimeout,
)

__all__ = [
    "AsyncTransport",
    "HttpRequest",
    "HttpResponse",
    "TransportError",
    "TransportFactory",
    "TransportTimeout",
]

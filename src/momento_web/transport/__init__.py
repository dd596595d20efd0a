"""HTTP transports behind one small interface: browser ``fetch`` in Pyodide, httpx on CPython."""

import sys

from momento_web.transport.base import (
    AsyncTransport,
    HttpRequest,
    HttpResponse,
    TransportError,
    TransportFactory,
)


def default_transport() -> AsyncTransport:
    """``fetch`` inside Pyodide, httpx elsewhere (imported lazily: httpx is not in the browser's closure)."""
    if sys.platform == "emscripten":
        from momento_web.transport.fetch_transport import FetchTransport

        return FetchTransport()
    from momento_web.transport.httpx_transport import HttpxTransport

    return HttpxTransport()


__all__ = [
    "AsyncTransport",
    "HttpRequest",
    "HttpResponse",
    "TransportError",
    "TransportFactory",
    "default_transport",
]

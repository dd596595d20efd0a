"""Static file server for the assembled ``web/`` directory.

``python -m http.server`` relies on the platform MIME database, which on a bare machine may not know
``.mjs`` or ``.wasm``; browsers refuse ES modules served as ``application/octet-stream`` and Pyodide
needs ``application/wasm`` for streaming compilation. This server pins those types and disables caching
so a rebuilt wheel is always picked up.

Usage: ``python scripts/serve.py [--dir web] [--bind 127.0.0.1] [--port 8000]``
"""

from __future__ import annotations

import argparse
import functools
import logging
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LOG = logging.getLogger("serve")

MIME_TYPES: dict[str, str] = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".tar": "application/x-tar",
    ".toml": "text/plain",
    ".py": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class StaticHandler(SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with fixed MIME types, no caching and quiet logging."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        LOG.debug("%s - %s", self.address_string(), format % args)


def make_server(directory: Path, bind: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """Create (but do not start) a threaded static server for ``directory``."""
    handler = functools.partial(StaticHandler, directory=str(directory))
    server = ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent.parent / "web")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(name)s: %(message)s")
    server = make_server(args.dir, args.bind, args.port)
    LOG.info("serving %s on http://%s:%d/", args.dir, args.bind, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

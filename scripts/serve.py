"""Static file server for the web apps: ``web/`` (their sources) with the built site ``dist/web/`` laid over it.

``python -m http.server`` relies on the platform MIME database, which on a bare machine may not know
``.mjs`` or ``.wasm``; browsers refuse ES modules served as ``application/octet-stream`` and Pyodide
needs ``application/wasm`` for streaming compilation. This server pins those types and disables caching
so a rebuilt wheel is always picked up.

Usage: ``python scripts/serve.py [--dir web --dir dist/web] [--bind 127.0.0.1] [--port 8000]`` (the first
``--dir`` holding a path serves it).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence
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


ROOT = Path(__file__).resolve().parent.parent
#: Sources first, then what ./build.sh assembled (Pyodide, PyScript, wheels): the two never share a path.
DEFAULT_ROOTS = (ROOT / "web", ROOT / "dist" / "web")


class StaticHandler(SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` with fixed MIME types, no caching, quiet logging and layered roots."""

    roots: Sequence[Path] = DEFAULT_ROOTS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        # The first root that has the path serves it; a path none has resolves in the first (and is a 404 there).
        for root in self.roots:
            self.directory = str(root)
            candidate = super().translate_path(path)
            if Path(candidate).exists():
                return candidate
        self.directory = str(self.roots[0])
        return super().translate_path(path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        LOG.debug("%s - %s", self.address_string(), format % args)


class StaticServer(ThreadingHTTPServer):
    # A page's first load opens many connections at once: more than the default backlog of 5 (dropped ones are
    # retried after 1, 2, 4 ... s).
    request_queue_size = 64
    daemon_threads = True


def make_server(roots: Sequence[Path], bind: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """Create (but do not start) a threaded static server for ``roots`` laid over each other."""
    handler = type("Handler", (StaticHandler,), {"roots": tuple(roots)})
    return StaticServer((bind, port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, action="append", help="a root; repeat to lay roots over each other")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(name)s: %(message)s")
    roots = args.dir or DEFAULT_ROOTS
    server = make_server(roots, args.bind, args.port)
    LOG.info("serving %s on http://%s:%d/", " + ".join(map(str, roots)), args.bind, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

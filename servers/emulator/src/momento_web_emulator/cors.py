"""CORS headers for browser gRPC-web clients (docs/protocol/endpoints-and-headers.md, CORS)."""

from __future__ import annotations

import re
from collections.abc import Mapping

Headers = list[tuple[bytes, bytes]]

# `*` in Allow-Headers never covers `authorization` (Fetch spec), so every header a client may send is named.
ALLOWED_HEADERS: tuple[str, ...] = (
    "authorization",
    "agent",
    "runtime-version",
    "cache",
    "read-concern",
    "grpc-timeout",
    "content-type",
    "accept",
    "x-grpc-web",
    "x-user-agent",
    "store",
    "request-id",
    "return-error",
    "error-rpcs",
    "error-count",
    "delay-rpcs",
    "delay-ms",
    "delay-count",
    "stream-error-rpcs",
    "stream-error",
    "stream-error-message-limit",
)
EXPOSED_HEADERS = "grpc-status, grpc-message, grpc-status-details-bin, err, retry_disposition"
ALLOWED_METHODS = "POST, OPTIONS"
MAX_AGE_SECONDS = 600

_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")


def _allow_origin(origin: str | None) -> Headers:
    # Echo a concrete origin (harmless, and what credentialed requests would need); `*` otherwise.
    if origin and origin != "null" and _is_header_safe(origin):
        return [(b"access-control-allow-origin", origin.encode("ascii"))]
    return [(b"access-control-allow-origin", b"*")]


def _is_header_safe(value: str) -> bool:
    return value.isascii() and value.isprintable()


def response_headers(request_headers: Mapping[str, str]) -> Headers:
    """Added to every non-preflight response, including trailers-only errors."""
    return [
        *_allow_origin(request_headers.get("origin")),
        (b"access-control-expose-headers", EXPOSED_HEADERS.encode("ascii")),
        (b"vary", b"Origin"),
    ]


def preflight_headers(request_headers: Mapping[str, str]) -> Headers:
    """Headers of the ``204`` answer to an ``OPTIONS`` preflight."""
    allowed = list(ALLOWED_HEADERS)
    requested = request_headers.get("access-control-request-headers", "")
    for name in (part.strip().lower() for part in requested.split(",")):
        if name and _TOKEN.fullmatch(name) and name not in allowed:
            allowed.append(name)
    headers = [
        *_allow_origin(request_headers.get("origin")),
        (b"access-control-allow-methods", ALLOWED_METHODS.encode("ascii")),
        (b"access-control-allow-headers", ", ".join(allowed).encode("ascii")),
        (b"access-control-max-age", str(MAX_AGE_SECONDS).encode("ascii")),
        # The answer depends on these request headers, so shared caches must not reuse it across them.
        (b"vary", b"Origin, Access-Control-Request-Headers, Access-Control-Request-Private-Network"),
    ]
    if request_headers.get("access-control-request-private-network", "").strip().lower() == "true":
        headers.append((b"access-control-allow-private-network", b"true"))
    return headers

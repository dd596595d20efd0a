"""The Starlette app: ``POST /token`` and ``GET /health``, JSON in and out, CORS outermost.

``POST /token`` runs, in order: origin check (403) → per-client rate limit (429 + Retry-After) → body parse (400)
→ policy (403) → mint (502 when Momento refuses) → ``{"authToken", "expiresAt", "scope"}``. Every error is
``{"error": <code>, "message": <text>}``. Tokens are never logged: a vend is logged by its scope only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from momento_web_vending.config import Settings
from momento_web_vending.cors import cors_middleware
from momento_web_vending.minter import Minter, MintFailed
from momento_web_vending.policy import BadRequest, PolicyViolation, parse_request
from momento_web_vending.rate_limit import RateLimiter

logger = logging.getLogger("momento_web_vending")

MAX_BODY_BYTES = 4096
_NO_STORE = {"Cache-Control": "no-store"}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status, headers={**_NO_STORE, **(headers or {})})


async def _read_json(request: Request) -> Any:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise BadRequest(f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("the body is not valid JSON") from None


def create_app(settings: Settings, minter: Minter, *, clock: Callable[[], float] = time.monotonic) -> Starlette:
    """``minter`` is closed when the app shuts down; ``clock`` drives the rate limiter (tests pass a fake one)."""
    limiter = RateLimiter(settings.rate_limit, clock)

    async def token(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is not None and not settings.origins.allows(origin):
            return error(403, "origin_not_allowed", f"origin {origin!r} may not ask for tokens")
        client = request.client.host if request.client else "unknown"
        wait = limiter.acquire(client)
        if wait > 0:
            retry = str(math.ceil(wait))
            return error(429, "rate_limited", f"too many requests; retry in {retry} s", {"Retry-After": retry})
        try:
            grant = settings.policy.decide(parse_request(await _read_json(request)))
        except BadRequest as exc:
            return error(400, "bad_request", str(exc))
        except PolicyViolation as exc:
            logger.info("refused %s: %s", client, exc)
            return error(403, "forbidden", str(exc))
        try:
            minted = await minter.mint(grant)
        except MintFailed as exc:
            return error(502, "mint_failed", str(exc))
        scope = grant.as_json()
        logger.info(
            "vended a token to %s (id %r): %s, expires at %d", client, grant.client_id, scope, minted.expires_at
        )
        return JSONResponse(
            {"authToken": minted.auth_token, "expiresAt": minted.expires_at, "scope": scope}, headers=_NO_STORE
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=_NO_STORE)

    async def http_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):  # registered for HTTPException only
            raise exc
        code = "not_found" if exc.status_code == 404 else "http_error"
        return error(exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await minter.aclose()

    return Starlette(
        routes=[Route("/token", token, methods=["POST"]), Route("/health", health, methods=["GET"])],
        middleware=[cors_middleware(settings.origins)],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )

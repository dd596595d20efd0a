"""The Starlette app: ``POST /token`` and ``GET /health``, JSON in and out, CORS outermost.

``POST /token`` runs, in order: origin check (403) → per-client rate limit (429 + Retry-After) → body parse (400)
→ policy (403) → mint (502 when Momento refuses) → ``{"authToken", "expiresAt", "scope"}``. Every error is
``{"error": <code>, "message": <text>}``. Tokens are never logged: a vend is logged by its scope only.

``POST /vector/upsert`` and ``POST /vector/search`` make a page's vector index calls with this server's key (no
token can grant an index: see :mod:`.indexes`): origin check → their own rate limit → body (400) → index policy
(403) → the call (400 for Momento's INVALID_ARGUMENT, else 502 with the error code) → the answer. Without an
indexer or allowed indexes they answer 403.
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
from momento_web_vending.indexer import IndexCallFailed, Indexer
from momento_web_vending.indexes import parse_search, parse_upsert
from momento_web_vending.minter import Minter, MintFailed
from momento_web_vending.policy import BadRequest, PolicyViolation, parse_request
from momento_web_vending.rate_limit import RateLimiter

logger = logging.getLogger("momento_web_vending")

MAX_BODY_BYTES = 4096
MAX_VECTOR_BODY_BYTES = 1 << 20  # an upsert carries its vectors: ~100 items of 1024 dimensions as JSON
_NO_STORE = {"Cache-Control": "no-store"}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status, headers={**_NO_STORE, **(headers or {})})


async def _read_json(request: Request, limit: int = MAX_BODY_BYTES) -> Any:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(f"the body is larger than {limit} bytes")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("the body is not valid JSON") from None


def create_app(
    settings: Settings,
    minter: Minter,
    *,
    indexer: Indexer | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Starlette:
    """``minter`` and ``indexer`` are closed when the app shuts down; ``clock`` drives the rate limiters (tests
    pass a fake one)."""
    limiter = RateLimiter(settings.rate_limit, clock)
    vector_limiter = RateLimiter(settings.vector_rate_limit, clock)  # searched as a person types: its own budget
    index_policy = settings.indexes

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

    def refused(request: Request) -> Response | None:
        """The origin check and rate limit of the vector routes: their refusal, or None."""
        origin = request.headers.get("origin")
        if origin is not None and not settings.origins.allows(origin):
            return error(403, "origin_not_allowed", f"origin {origin!r} may not use indexes")
        wait = vector_limiter.acquire(request.client.host if request.client else "unknown")
        if wait > 0:
            retry = str(math.ceil(wait))
            return error(429, "rate_limited", f"too many requests; retry in {retry} s", {"Retry-After": retry})
        return None

    async def upsert(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        if indexer is None or not index_policy.names:
            return error(403, "forbidden", "this vending machine serves no vector index")
        try:
            parsed = parse_upsert(await _read_json(request, MAX_VECTOR_BODY_BYTES))
            index_policy.check_upsert(parsed)
            done = await indexer.upsert(parsed, index_policy.max_items)
        except BadRequest as exc:
            return error(400, "bad_request", str(exc))
        except PolicyViolation as exc:
            return error(403, "forbidden", str(exc))
        except IndexCallFailed as exc:
            return _momento_error(exc)
        logger.info("upserted %d item(s) into index %r (%d in all)", done.upserted, parsed.index, done.item_count)
        body = {"index": parsed.index, "created": done.created, "upserted": done.upserted, "itemCount": done.item_count}
        return JSONResponse(body, headers=_NO_STORE)

    async def search(request: Request) -> Response:
        if (refusal := refused(request)) is not None:
            return refusal
        if indexer is None or not index_policy.names:
            return error(403, "forbidden", "this vending machine serves no vector index")
        try:
            parsed = index_policy.check_search(parse_search(await _read_json(request, MAX_VECTOR_BODY_BYTES)))
            hits = await indexer.search(parsed)
        except BadRequest as exc:
            return error(400, "bad_request", str(exc))
        except PolicyViolation as exc:
            return error(403, "forbidden", str(exc))
        except IndexCallFailed as exc:
            return _momento_error(exc)
        logger.debug("searched index %r: %d hit(s)", parsed.index, len(hits))
        answer = [{"id": hit.id, "score": hit.score, "metadata": hit.metadata} for hit in hits]
        return JSONResponse({"hits": answer}, headers=_NO_STORE)

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
            if indexer is not None:
                await indexer.aclose()

    return Starlette(
        routes=[
            Route("/token", token, methods=["POST"]),
            Route("/vector/upsert", upsert, methods=["POST"]),
            Route("/vector/search", search, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ],
        middleware=[cors_middleware(settings.origins)],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
    )


def _momento_error(exc: IndexCallFailed) -> Response:
    """Momento's refusal of a page's arguments is the page's error (400); anything else is upstream's (502)."""
    status, code = (400, "bad_request") if exc.code == "INVALID_ARGUMENT_ERROR" else (502, "momento_error")
    return JSONResponse(
        {"error": code, "code": exc.code, "message": f"Momento answered {exc.code}: {exc.message}"},
        status,
        headers=_NO_STORE,
    )

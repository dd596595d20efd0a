"""Assembling the emulator (store, services, auth, ASGI app) and serving it with hypercorn."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

from momento_web.emulator.admin import AdminApi
from momento_web.emulator.app import DEFAULT_MAX_REQUEST_BYTES, EmulatorApp
from momento_web.emulator.auth import Authenticator
from momento_web.emulator.dispatch import Dispatcher
from momento_web.emulator.issuer import TokenIssuer
from momento_web.emulator.permissions import authorize
from momento_web.emulator.services import build_rpcs, translate_error
from momento_web.emulator.store import CacheLimits, MemoryLimits, Store, TopicLimits
from momento_web.emulator.topics import TopicRegistry, TopicSettings

logger = logging.getLogger("momento_web.emulator")


@dataclass(frozen=True, slots=True)
class EmulatorSettings:
    host: str = "127.0.0.1"
    port: int = 8080  # momento-local parity; 0 picks a free port
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    sweep_interval: float = 1.0  # seconds between sweeps of expired items
    topics: TopicSettings = field(default_factory=TopicSettings)
    max_subscriptions: int = TopicLimits().max_subscription_count  # per cache; advertised by ListCaches too
    enable_test_admin: bool = False  # plain-HTTP test hooks under /_test_admin/ (emulator/admin.py)
    auth: bool = False  # strict mode: only tokens signed by this emulator (emulator/auth.py)
    auth_secret: str | None = None  # HS256 secret for its tokens; None: random per start
    token_endpoint: str | None = None  # base URL put in minted tokens; None: http://<host>:<port>
    memory: MemoryLimits = field(default_factory=MemoryLimits)  # item/byte bounds of the store


def create_app(
    settings: EmulatorSettings | None = None,
    *,
    store: Store | None = None,
    authenticator: Authenticator | None = None,
    issuer: TokenIssuer | None = None,
) -> EmulatorApp:
    settings = settings or EmulatorSettings()
    if store is None:
        store = Store(
            topic_limits=TopicLimits(max_subscription_count=settings.max_subscriptions),
            memory_limits=settings.memory,
            cache_limits=CacheLimits(max_item_size_kb=settings.memory.max_item_bytes // 1024),
        )
    issuer = issuer or issuer_for(settings)
    authenticator = authenticator or issuer.authenticator
    topics = TopicRegistry(store, settings.topics)
    dispatcher = Dispatcher(
        build_rpcs(store, topics, issuer=issuer), authenticator, translate=translate_error, authorize=authorize
    )

    async def sweep_forever() -> None:
        while True:
            await asyncio.sleep(settings.sweep_interval)
            dropped = store.sweep()
            if dropped:
                logger.debug("expired %d item(s)", dropped)

    admin = AdminApi(topics) if settings.enable_test_admin else None
    return EmulatorApp(
        dispatcher, max_request_bytes=settings.max_request_bytes, background=[sweep_forever], admin=admin
    )


def issuer_for(settings: EmulatorSettings) -> TokenIssuer:
    """The token issuer (and authenticator) for ``settings``: strict with ``auth``, open otherwise."""
    endpoint = settings.token_endpoint or base_url(settings.host, settings.port)
    return TokenIssuer.create(strict=settings.auth, endpoint=endpoint, secret=settings.auth_secret)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; binding before serving lets us report the real port when ``port`` is 0."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections made from now on wait in the backlog until hypercorn accepts them
    except BaseException:
        sock.close()
        raise
    return sock


def endpoint_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return base_url(host, port)


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def serve(
    app: EmulatorApp,
    sock: socket.socket,
    shutdown_trigger: Callable[[], Awaitable[None]],
    *,
    graceful_timeout: float = 2.0,
) -> None:
    """Serve ``app`` on the listening ``sock`` until ``shutdown_trigger`` returns; takes ownership of ``sock``."""
    from hypercorn.asyncio import serve as hypercorn_serve  # optional dependency (extra `emulator`)
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"fd://{sock.detach()}"]
    config.accesslog = None
    # hypercorn's own INFO lines ("Running on …") would duplicate ours; keep its warnings and errors.
    server_logger = logging.getLogger("momento_web.emulator.hypercorn")
    server_logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    config.errorlog = server_logger
    config.graceful_timeout = graceful_timeout
    # The app is plain ASGI 3; hypercorn's TypedDict-based signature is stricter than ours.
    await hypercorn_serve(cast(Any, app), config, shutdown_trigger=shutdown_trigger)

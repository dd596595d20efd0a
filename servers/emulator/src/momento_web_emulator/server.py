"""Assembling the emulator: store, services, auth and the ASGI app (served by :mod:`momento_web_serving`)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
from dataclasses import dataclass, field
from pathlib import Path

from momento_web_serving import base_url

from momento_web_emulator.admin import AdminApi
from momento_web_emulator.app import DEFAULT_MAX_REQUEST_BYTES, EmulatorApp
from momento_web_emulator.auth import Authenticator
from momento_web_emulator.dispatch import DEFAULT_MAX_REQUEST_ELEMENTS, Dispatcher
from momento_web_emulator.faults import DEFAULT_MAX_SESSIONS, FaultInjector, FaultSpec, Outage
from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.permissions import authorize
from momento_web_emulator.services import build_rpcs, translate_error
from momento_web_emulator.storage import StorageLimits, StoreRegistry, open_stores
from momento_web_emulator.store import CacheLimits, MemoryLimits, Store, TopicLimits
from momento_web_emulator.topics import TopicRegistry, TopicSettings
from momento_web_emulator.vector_indexes import VectorIndexes, VectorLimits, open_vector_indexes

logger = logging.getLogger("momento_web_emulator")


@dataclass(frozen=True, slots=True)
class EmulatorSettings:
    host: str = "127.0.0.1"
    port: int = 8080  # momento-local parity; 0 picks a free port
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    max_request_elements: int = DEFAULT_MAX_REQUEST_ELEMENTS  # values of repeated fields in one request
    sweep_interval: float = 1.0  # seconds between sweeps of expired items
    topics: TopicSettings = field(default_factory=TopicSettings)
    max_subscriptions: int = TopicLimits().max_subscription_count  # per cache; advertised by ListCaches too
    enable_test_admin: bool = False  # plain-HTTP test hooks under /_test_admin/ (emulator/admin.py)
    test_admin_port: int | None = None  # the hooks on a port of their own too (momento-local's /block, /unblock)
    auth: bool = False  # strict mode: only tokens signed by this emulator (emulator/auth.py)
    auth_secret: str | None = None  # HS256 secret for its tokens; None: random per start
    token_endpoint: str | None = None  # base URL put in minted tokens; None: default_token_endpoint
    memory: MemoryLimits = field(default_factory=MemoryLimits)  # item/byte bounds of the store
    faults: FaultSpec = field(default_factory=FaultSpec)  # momento-local's global fault flags (emulator/faults.py)
    latency: float = 0.0  # seconds of simulated network latency before every call is answered
    max_fault_sessions: int = DEFAULT_MAX_SESSIONS  # request-ids whose fault counters are kept
    data_dir: Path | None = None  # what survives restarts (stores, vector indexes); None: memory only
    storage: StorageLimits = field(default_factory=StorageLimits)  # bounds of the stores (Momento Storage)
    vectors: VectorLimits = field(default_factory=VectorLimits)  # bounds of the vector indexes


@dataclass(frozen=True, slots=True)
class Emulator:
    """The ASGI app, and its test admin (None without ``enable_test_admin``) for a port of its own."""

    app: EmulatorApp
    admin: AdminApi | None


def create_app(
    settings: EmulatorSettings | None = None,
    *,
    store: Store | None = None,
    authenticator: Authenticator | None = None,
    issuer: TokenIssuer | None = None,
    stores: StoreRegistry | None = None,
    vector_indexes: VectorIndexes | None = None,
) -> EmulatorApp:
    """The emulator's ASGI app (see :func:`build`)."""
    return build(
        settings, store=store, authenticator=authenticator, issuer=issuer, stores=stores, vector_indexes=vector_indexes
    ).app


def build(
    settings: EmulatorSettings | None = None,
    *,
    store: Store | None = None,
    authenticator: Authenticator | None = None,
    issuer: TokenIssuer | None = None,
    stores: StoreRegistry | None = None,
    vector_indexes: VectorIndexes | None = None,
) -> Emulator:
    """``stores`` None: opened from ``settings.data_dir`` (raises JournalError if its file cannot be used);
    ``vector_indexes`` None likewise (VectorJournalError)."""
    settings = settings or EmulatorSettings()
    if store is None:
        store = Store(
            topic_limits=TopicLimits(
                max_subscription_count=settings.max_subscriptions,
                max_publish_message_size_kb=settings.topics.max_publish_bytes // 1024,
            ),
            memory_limits=settings.memory,
            cache_limits=CacheLimits(max_item_size_kb=settings.memory.max_item_bytes // 1024),
        )
    issuer = issuer or issuer_for(settings)
    authenticator = authenticator or issuer.authenticator
    injector = FaultInjector(
        settings.faults, latency=settings.latency, max_sessions=settings.max_fault_sessions, outage=Outage()
    )
    topics = TopicRegistry(store, settings.topics, outage=injector.outage)
    stores = stores if stores is not None else open_stores(settings.data_dir, settings.storage)
    vector_indexes = (
        vector_indexes if vector_indexes is not None else open_vector_indexes(settings.data_dir, settings.vectors)
    )
    dispatcher = Dispatcher(
        build_rpcs(store, topics, issuer=issuer, stores=stores, vector_indexes=vector_indexes),
        authenticator,
        translate=translate_error,
        authorize=authorize,
        faults=injector,
        max_request_elements=settings.max_request_elements,
    )

    async def sweep_forever() -> None:
        while True:
            await asyncio.sleep(settings.sweep_interval)
            dropped = store.sweep()
            if dropped:
                logger.debug("expired %d item(s)", dropped)

    async def close_stores_at_shutdown() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            stores.close()  # finishes pending writes and checkpoints the log into the database

    async def close_vector_indexes_at_shutdown() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            vector_indexes.close()  # likewise

    admin = None
    if settings.enable_test_admin:
        admin = AdminApi(topics, faults=injector, store=store, authenticator=authenticator)
    app = EmulatorApp(
        dispatcher,
        max_request_bytes=settings.max_request_bytes,
        background=[sweep_forever, close_stores_at_shutdown, close_vector_indexes_at_shutdown],
        admin=admin,
    )
    return Emulator(app, admin)


def issuer_for(settings: EmulatorSettings) -> TokenIssuer:
    """The token issuer (and authenticator) for ``settings``: strict with ``auth``, open otherwise."""
    endpoint = settings.token_endpoint or default_token_endpoint(settings.host, settings.port)
    return TokenIssuer.create(strict=settings.auth, endpoint=endpoint, secret=settings.auth_secret)


def default_token_endpoint(host: str, port: int) -> str:
    """The URL minted tokens name without ``--token-endpoint``: ``host`` itself, but loopback for a wildcard
    address (``0.0.0.0``, ``::``), which a browser cannot connect to."""
    with contextlib.suppress(ValueError):  # a host name stays as it is
        address = ipaddress.ip_address(host)
        if address.is_unspecified:
            host = "127.0.0.1" if address.version == 4 else "::1"
    return base_url(host, port)

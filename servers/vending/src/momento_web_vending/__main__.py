"""``python -m momento_web_vending``: serve the vending machine with hypercorn until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Sequence

from momento_web_serving import bind, configure_logging, endpoint_url, serve, stop_on_signals

from momento_web_vending.app import create_app
from momento_web_vending.config import Settings, parse_settings
from momento_web_vending.indexer import MomentoIndexer
from momento_web_vending.minter import MomentoMinter, create_caches, credentials_from_environment

logger = logging.getLogger("momento_web_vending")


async def _serve(settings: Settings, minter: MomentoMinter) -> int:
    if settings.create_caches:
        await create_caches(minter.credentials, settings.policy.caches)
    try:
        sock = bind(settings.host, settings.port)  # only now: an open port means ready, caches included
    except OSError as exc:
        logger.error("cannot serve on %s:%s: %s", settings.host, settings.port, exc)
        await minter.aclose()
        return 1
    logger.info(
        "token vending machine listening on %s (POST /token, GET /health); minting at %s with MOMENTO_API_KEY; "
        "policy: %s; vector indexes: %s; CORS origins: %s; rate limit %g/min, burst %d",
        endpoint_url(sock),
        minter.credentials.token_url,
        settings.policy.describe(),
        settings.indexes.describe(),
        settings.origins.describe(),
        settings.rate_limit.per_minute,
        settings.rate_limit.burst,
    )
    # Pages' index calls are made here, with this server's key: no token can grant an index (see indexes.py).
    indexer = MomentoIndexer(minter.credentials) if settings.indexes.names else None
    stop = stop_on_signals()
    await serve(create_app(settings, minter, indexer=indexer), sock, stop.wait, logger_name=logger.name)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(argv)
    configure_logging(settings.log_level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per upstream call is noise here
    try:
        credentials = credentials_from_environment(os.environ)
    except ValueError as exc:
        logger.error("cannot start: %s", exc)
        return 1
    with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C during shutdown
        return asyncio.run(_serve(settings, MomentoMinter(credentials)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

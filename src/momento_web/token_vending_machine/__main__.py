"""``python -m momento_web.token_vending_machine``: serve the vending machine with hypercorn until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, cast

from momento_web.emulator.server import bind, endpoint_url
from momento_web.token_vending_machine.app import create_app
from momento_web.token_vending_machine.config import Settings, parse_settings
from momento_web.token_vending_machine.minter import MomentoMinter, create_caches, credentials_from_environment

logger = logging.getLogger("momento_web.token_vending_machine")


async def _serve(settings: Settings, minter: MomentoMinter) -> int:
    from hypercorn.asyncio import serve
    from hypercorn.config import Config

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
        "policy: %s; CORS origins: %s; rate limit %g/min, burst %d",
        endpoint_url(sock),
        minter.credentials.token_url,
        settings.policy.describe(),
        settings.origins.describe(),
        settings.rate_limit.per_minute,
        settings.rate_limit.burst,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    config = Config()
    config.bind = [f"fd://{sock.detach()}"]
    config.accesslog = None  # one log line per vend is ours; an access log adds nothing and must never grow tokens
    server_logger = logging.getLogger("momento_web.token_vending_machine.hypercorn")
    server_logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    config.errorlog = server_logger
    config.graceful_timeout = 2.0
    await serve(cast(Any, create_app(settings, minter)), config, shutdown_trigger=stop.wait)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(argv)
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
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

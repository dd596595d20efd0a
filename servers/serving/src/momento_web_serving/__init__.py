"""Serving an ASGI app with hypercorn: what the emulator and the token vending machine share.

A distribution of its own, so that neither server depends on the other (the vending machine never pulls in the
emulator's pyjwt). Only the standard library at import time; hypercorn is imported when serving.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any, cast

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: The packages whose debug output is ours to show: the SDK and the servers.
OUR_LOGGERS = ("momento_web", "momento_web_serving", "momento_web_emulator", "momento_web_vending")


def configure_logging(level: str) -> None:
    """Log to stderr: our own loggers (the SDK's and the servers') at ``level``, every other library at INFO or
    above, since their debug output is noise and hpack's (HTTP/2) dumps request headers, credentials included."""
    numeric = logging.getLevelNamesMapping()[level.upper()]
    logging.basicConfig(level=max(numeric, logging.INFO), format=LOG_FORMAT, stream=sys.stderr)
    for ours in OUR_LOGGERS:
        logging.getLogger(ours).setLevel(numeric)


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
    """``http://<address>:<port>`` the socket is bound to."""
    host, port = sock.getsockname()[:2]
    return base_url(host, port)


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM; call it from the running loop."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # e.g. Windows
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))
    return stop


async def serve(
    app: object,
    sock: socket.socket,
    shutdown_trigger: Callable[[], Awaitable[object]],
    *,
    logger_name: str,
    graceful_timeout: float = 2.0,
) -> None:
    """Serve the ASGI ``app`` on the listening ``sock`` until ``shutdown_trigger`` returns; takes ownership of
    ``sock``. hypercorn logs as ``<logger_name>.hypercorn``."""
    from hypercorn.asyncio import serve as hypercorn_serve  # optional dependency (extras `emulator`, `vending`)
    from hypercorn.config import Config

    config = Config()
    config.bind = [f"fd://{sock.detach()}"]
    config.accesslog = None  # our own per-call lines say enough, and an access log must never grow tokens
    # hypercorn's own INFO lines ("Running on …") would duplicate ours; keep its warnings and errors.
    server_logger = logging.getLogger(f"{logger_name}.hypercorn")
    server_logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    config.errorlog = server_logger
    config.graceful_timeout = graceful_timeout
    # The apps are plain ASGI 3; hypercorn's TypedDict-based signature is stricter than ours.
    await hypercorn_serve(cast(Any, app), config, shutdown_trigger=shutdown_trigger)

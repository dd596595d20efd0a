"""``python -m momento_web.emulator``: run the local Momento emulator until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence

from momento_web.emulator.app import DEFAULT_MAX_REQUEST_BYTES
from momento_web.emulator.server import EmulatorSettings, bind, create_app, endpoint_url, serve

logger = logging.getLogger("momento_web.emulator")


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m momento_web.emulator",
        description="Local Momento emulator speaking gRPC-web (text and binary) over HTTP/1.1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default: 8080)")
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="logging level (default: %(default)s; debug logs every call)",
    )
    parser.add_argument(
        "--max-request-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_REQUEST_BYTES,
        help="largest request message accepted; larger → RESOURCE_EXHAUSTED (default: %(default)s)",
    )
    parser.add_argument(
        "--sweep-interval",
        type=_positive_float,
        default=1.0,
        help="seconds between sweeps of expired items (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    return args


async def _run(settings: EmulatorSettings) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # e.g. Windows
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))

    async def shutdown_trigger() -> None:
        await stop.wait()
        logger.debug("shutting down")

    app = create_app(settings)
    sock = bind(settings.host, settings.port)
    auth_mode = app.dispatcher.authenticator.mode
    logger.info("momento-web emulator listening on %s (gRPC-web text+binary, auth: %s)", endpoint_url(sock), auth_mode)
    await serve(app, sock, shutdown_trigger)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    settings = EmulatorSettings(
        host=args.host,
        port=args.port,
        max_request_bytes=args.max_request_bytes,
        sweep_interval=args.sweep_interval,
    )
    try:
        asyncio.run(_run(settings))
    except OSError as exc:
        logger.error("cannot serve on %s:%s: %s", args.host, args.port, exc)
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

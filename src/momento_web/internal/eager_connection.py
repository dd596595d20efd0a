"""``CacheClient.create``'s eager connection: reach the cache endpoint before the first call, or refuse to start.

momento waits, within ``eager_connection_timeout``, for its gRPC channel to be connected. gRPC-web has no channel
to open ahead of a call, so this sends one ``Ping`` (unauthenticated, cheap): any answer from the server, whatever
its status, proves it reachable; no answer in time, or a request that could not be sent (refused, DNS, TLS, CORS in
a browser), is a :class:`~momento_web.errors.ConnectionException`. A zero timeout skips it, as in momento.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from momento_web._messages import cacheping as ping_pb
from momento_web.errors.exceptions import ConnectionException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.services import Service
from momento_web.transport.base import TransportError
from momento_web.wire.status import GrpcError

logger = logging.getLogger("momento_web")

# momento's wording: the asyncio client appends ": <why>", the synchronous one says no more.
EAGER_CONNECTION_FAILED = "Failed to connect to Momento's server within given eager connection timeout"


def eager_connection_seconds(timeout: timedelta) -> float:
    """Seconds to wait (0: do not connect eagerly); a negative timeout is a ``ValueError``, as in momento."""
    seconds = timeout.total_seconds()
    if seconds < 0:
        raise ValueError("The eager connection timeout must be greater than or equal to 0 seconds.")
    return seconds


async def connect_eagerly(channel: GrpcWebChannel, seconds: float) -> None:
    """Ping through ``channel`` (which should carry no deadline of its own) and wait at most ``seconds``."""
    logger.debug("connecting eagerly to %s within %g s", channel.base_url, seconds)
    try:
        async with asyncio.timeout(seconds):
            await channel.unary("/cache_client.Ping/Ping", ping_pb._PingRequest(), ping_pb._PingResponse)
    except TimeoutError:
        why = f"no answer from {channel.base_url} within {seconds:g} s"
        raise ConnectionException(f"{EAGER_CONNECTION_FAILED}: {why}", Service.CACHE) from None
    except GrpcError as error:
        if isinstance(error.__cause__, TransportError):  # nothing came back: the server was not reached
            raise ConnectionException(f"{EAGER_CONNECTION_FAILED}: {error.details}", Service.CACHE) from error
        # The server answered (an old server without Ping, a proxy's error page): it is reachable.
        logger.debug("eager connection: %s answered %s", channel.base_url, error)

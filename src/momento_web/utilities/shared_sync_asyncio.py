"""Constants and helpers shared by the sync and asyncio clients (``momento.utilities.shared_sync_asyncio``)."""

DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS = 30
"""How long ``create`` waits for the first connection by default (``eager_connection_timeout``)."""


def str_to_bytes(string: str) -> bytes:
    """``string`` as UTF-8 bytes."""
    return string.encode("utf-8")

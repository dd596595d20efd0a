"""Helpers shared by the clients (mirrors ``momento.utilities``)."""

from momento_web.utilities.expiration import Expiration, ExpiresAt, ExpiresIn
from momento_web.utilities.shared_sync_asyncio import DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS, str_to_bytes

__all__ = ["DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS", "Expiration", "ExpiresAt", "ExpiresIn", "str_to_bytes"]

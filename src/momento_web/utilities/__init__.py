"""Helpers shared by the clients (mirrors ``momento.utilities``)."""

from momento_web.utilities.expiration import Expiration, ExpiresAt, ExpiresIn

__all__ = ["Expiration", "ExpiresAt", "ExpiresIn"]

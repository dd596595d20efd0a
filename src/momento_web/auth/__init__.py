"""Credentials (mirrors ``momento.auth``); token scopes live in ``momento_web.auth.access_control``."""

from momento_web.auth.credential_provider import CredentialProvider

__all__ = ["CredentialProvider"]

"""Auth (token) client configuration (mirrors ``momento.config.auth_configuration``; no retry strategy)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.config._base import BaseConfiguration


@dataclass(frozen=True)
class AuthConfiguration(BaseConfiguration):
    """Settings of an auth client. Immutable; ``with_*`` methods return new objects."""

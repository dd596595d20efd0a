"""Responses of ``create_signing_key``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


class CreateSigningKeyResponse(ControlResponse):
    """``CreateSigningKey.Success`` or ``.Error``."""


class CreateSigningKey:
    @dataclass(frozen=True)
    class Success(CreateSigningKeyResponse):
        """``key`` is the JSON Web Key; ``key_id`` its ``kid``; ``endpoint`` the cache endpoint it signs for."""

        key_id: str
        endpoint: str
        key: str
        expires_at: datetime

    class Error(CreateSigningKeyResponse, ErrorVariant): ...

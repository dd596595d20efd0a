"""Responses of the signing-key operations (keys for presigned URLs; control plane)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    expires_at: datetime
    endpoint: str


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


class ListSigningKeysResponse(ControlResponse):
    """``ListSigningKeys.Success(signing_keys)`` or ``.Error``."""


class ListSigningKeys:
    @dataclass(frozen=True)
    class Success(ListSigningKeysResponse):
        signing_keys: list[SigningKey]

    class Error(ListSigningKeysResponse, ErrorVariant): ...


class RevokeSigningKeyResponse(ControlResponse):
    """``RevokeSigningKey.Success`` or ``.Error``."""


class RevokeSigningKey:
    class Success(RevokeSigningKeyResponse, Unit): ...

    class Error(RevokeSigningKeyResponse, ErrorVariant): ...

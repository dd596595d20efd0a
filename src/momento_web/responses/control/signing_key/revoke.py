"""Responses of ``revoke_signing_key``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class RevokeSigningKeyResponse(ControlResponse):
    """``RevokeSigningKey.Success`` or ``.Error``."""


class RevokeSigningKey:
    class Success(RevokeSigningKeyResponse, Unit): ...

    class Error(RevokeSigningKeyResponse, ErrorVariant): ...

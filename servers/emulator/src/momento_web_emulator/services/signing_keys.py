"""``control_client.ScsControl`` signing keys (for presigned URLs): created, listed until they expire, revoked.

The emulator signs nothing with them; a key is a JSON Web Key whose ``kid`` is what clients report as its id.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from collections.abc import Callable

from momento_web._messages import controlclient as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, unary

_SERVICE = "/control_client.ScsControl"


class SigningKeyService:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock  # wall clock: expiries are epoch seconds on the wire
        self._expiries: dict[str, int] = {}  # key id → epoch seconds

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/CreateSigningKey", pb._CreateSigningKeyRequest, self.create),
            unary(f"{_SERVICE}/ListSigningKeys", pb._ListSigningKeysRequest, self.list),
            unary(f"{_SERVICE}/RevokeSigningKey", pb._RevokeSigningKeyRequest, self.revoke),
        ]

    async def create(self, request: pb._CreateSigningKeyRequest, ctx: CallContext) -> pb._CreateSigningKeyResponse:
        if request.ttl_minutes == 0:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "ttl_minutes must be greater than 0")
        key_id = str(uuid.uuid4())
        expires_at = int(self._clock()) + request.ttl_minutes * 60
        self._expiries[key_id] = expires_at
        secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")
        key = json.dumps({"kid": key_id, "kty": "oct", "alg": "HS256", "k": secret}, separators=(",", ":"))
        return pb._CreateSigningKeyResponse(key=key, expires_at=expires_at)

    async def list(self, request: pb._ListSigningKeysRequest, ctx: CallContext) -> pb._ListSigningKeysResponse:
        now = self._clock()
        self._expiries = {key_id: at for key_id, at in self._expiries.items() if at > now}
        keys = [pb._SigningKey(key_id=key_id, expires_at=at) for key_id, at in self._expiries.items()]
        return pb._ListSigningKeysResponse(signing_key=keys)

    async def revoke(self, request: pb._RevokeSigningKeyRequest, ctx: CallContext) -> pb._RevokeSigningKeyResponse:
        self._expiries.pop(request.key_id, None)  # revoking an unknown key is not an error
        return pb._RevokeSigningKeyResponse()

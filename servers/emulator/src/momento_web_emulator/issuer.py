"""Minting tokens: who may issue what, and for how long. Used by the token and auth services.

Rules (both modes; in open mode every caller is a super-user):

* the caller's credential travels in the request body and must be an API key (disposable tokens cannot mint);
* the requested permissions must lie inside the caller's (:meth:`Grants.covers`), and a minted token carries
  exactly the requested permissions, never more; each target may be granted once (one role), else INVALID_ARGUMENT;
* super-user and all-data API keys are minted by the account's console key only (the key printed at start): a key
  minted here, even a super-user one, gets PERMISSION_DENIED;
* nothing outlives its minter: an expiring caller's tokens expire no later than the caller.

Token strings handed to clients are ``base64(JSON {"endpoint", "api_key"})`` built by the SDKs from the RPC
response; the ``endpoint`` is this emulator's base URL (e.g. ``http://127.0.0.1:8080``), which momento-web's
``CredentialProvider.from_disposable_token`` uses verbatim for every service.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from momento_web._messages import permissionmessages as pb
from momento_web.wire.credentials import credential_string
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator import permissions
from momento_web_emulator.auth import Authenticator, OpenAuthenticator, Principal, StrictAuthenticator
from momento_web_emulator.grants import ALL_DATA, Grants, InvalidPermissions, check_distinct
from momento_web_emulator.tokens import Claims, InvalidToken, Kind, TokenSigner

_SUPER_USER = pb.Permissions(super_user=pb.SuperUser)


@dataclass(frozen=True, slots=True)
class Minted:
    api_key: str  # the raw credential (a signed JWT)
    valid_until: int  # epoch seconds; 0 = never expires
    refresh_token: str = ""


class TokenIssuer:
    def __init__(self, signer: TokenSigner, authenticator: Authenticator, endpoint: str) -> None:
        self.signer = signer
        self.authenticator = authenticator
        self.endpoint = endpoint

    @classmethod
    def create(
        cls, *, strict: bool, endpoint: str, secret: str | None = None, clock: Callable[[], float] = time.time
    ) -> TokenIssuer:
        """An issuer with a new signer (``secret`` None: a random one) and the matching authenticator."""
        signer = TokenSigner(secret, clock=clock)
        authenticator: Authenticator = (
            StrictAuthenticator(signer, needs_credential=permissions.needs_credential)
            if strict
            else OpenAuthenticator()
        )
        return cls(signer, authenticator, endpoint)

    def credential_string(self, api_key: str) -> str:
        """What a client is given: the SDKs' token format, ``base64(JSON {"endpoint", "api_key"})``."""
        return credential_string(self.endpoint, api_key)

    def super_user_key(self) -> str:
        """A new never-expiring super-user API key, as a credential string."""
        api_key, _ = self.signer.issue(Kind.API_KEY, _SUPER_USER, expires_at=None, console=True)
        return self.credential_string(api_key)

    # --- minting -------------------------------------------------------------------------------------------

    def mint_disposable(
        self, credential: str, requested: pb.Permissions, valid_for_seconds: int, token_id: str
    ) -> Minted:
        caller = self._minter(credential)
        if self._grants(caller, requested).super_user:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "Disposable tokens cannot have super-user permissions")
        expires_at = self._expiry(caller.expires_at, valid_for_seconds)
        api_key, _ = self.signer.issue(Kind.DISPOSABLE, requested, expires_at=expires_at, token_id=token_id)
        return Minted(api_key, _epoch(expires_at))

    def mint_api_key(self, credential: str, requested: pb.Permissions, valid_for_seconds: int | None) -> Minted:
        caller = self._minter(credential)
        grants = self._grants(caller, requested)
        if not caller.console and (grants.super_user or grants.covers(ALL_DATA)):
            scope = "super-user" if grants.super_user else "all-data"
            raise GrpcError(
                StatusCode.PERMISSION_DENIED,
                f"Insufficient permissions: only the account's console key (the one the emulator printed at start) "
                f"may mint {scope} API keys",
            )
        return self._api_key(requested, valid_for_seconds, caller.expires_at)

    def refresh(self, api_key: str, refresh_token: str) -> Minted:
        """A new API key (and refresh token) with the permissions and lifetime of ``api_key``, which must still be
        valid and must be the key ``refresh_token`` was issued with."""
        key = self._verify(api_key, Kind.API_KEY, "API key")
        refresh = self._verify(refresh_token, Kind.REFRESH, "refresh token")
        if refresh.refreshes != key.jti:
            raise GrpcError(StatusCode.UNAUTHENTICATED, "Invalid refresh token: it belongs to another API key")
        return self._api_key(pb.Permissions.FromString(refresh.permissions), refresh.lifetime, refresh.limit)

    # --- helpers ---------------------------------------------------------------------------------------------

    def _minter(self, credential: str) -> Principal:
        caller = self.authenticator.verify(credential)
        if caller.disposable:
            raise GrpcError(StatusCode.PERMISSION_DENIED, "Disposable tokens cannot mint tokens; use an API key")
        return caller

    def _grants(self, caller: Principal, requested: pb.Permissions) -> Grants:
        try:
            grants = Grants.from_proto(requested)
            check_distinct(requested)
        except InvalidPermissions as exc:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, f"Invalid permissions: {exc}") from None
        if not caller.grants.covers(grants):
            raise GrpcError(
                StatusCode.PERMISSION_DENIED, "Insufficient permissions: the requested scope exceeds the caller's"
            )
        return grants

    def _expiry(self, limit: float | None, valid_for_seconds: int | None) -> float | None:
        """``valid_for_seconds`` from now (None: never), but no later than ``limit``."""
        expires_at = None if valid_for_seconds is None else self.signer.clock() + valid_for_seconds
        if limit is not None:
            expires_at = limit if expires_at is None else min(expires_at, limit)
        return expires_at

    def _api_key(self, requested: pb.Permissions, lifetime: int | None, limit: float | None) -> Minted:
        expires_at = self._expiry(limit, lifetime)
        api_key, jti = self.signer.issue(Kind.API_KEY, requested, expires_at=expires_at)
        if expires_at is None:
            return Minted(api_key, 0)  # like Momento: a key that never expires has nothing to refresh
        refresh_token, _ = self.signer.issue(
            Kind.REFRESH, requested, expires_at=None, refreshes=jti, lifetime=lifetime, limit=limit
        )
        return Minted(api_key, _epoch(expires_at), refresh_token)

    def _verify(self, token: str, kind: Kind, what: str) -> Claims:
        try:
            claims = self.signer.verify(token)
        except InvalidToken as exc:
            raise GrpcError(StatusCode.UNAUTHENTICATED, f"Invalid {what}: {exc}") from None
        if claims.kind is not kind:
            raise GrpcError(StatusCode.UNAUTHENTICATED, f"Invalid {what}: wrong kind of token")
        return claims


def _epoch(expires_at: float | None) -> int:
    return 0 if expires_at is None else int(expires_at)

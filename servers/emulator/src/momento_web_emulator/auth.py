"""Authentication: turns the credential of a call into a :class:`Principal`.

The emulator calls :meth:`Authenticator.authenticate` once per RPC with the ``authorization`` header, before
decoding the request; token RPCs carry their credential in the body and call :meth:`Authenticator.verify` on it.
A rejected credential raises :class:`~momento_web.wire.status.GrpcError` (UNAUTHENTICATED).

* :class:`OpenAuthenticator` (local mode, momento-local parity, the default): anything goes, every permission.
* :class:`StrictAuthenticator` (``--auth``): only unexpired tokens this emulator signed (:mod:`.tokens`).

What a principal may do is decided later, per request, by :mod:`.permissions`. The credential itself never
leaves this module: a principal carries only what later checks need, so nothing downstream can log a token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.grants import NO_GRANTS, SUPER_USER, Grants
from momento_web_emulator.tokens import Claims, InvalidToken, Kind, TokenSigner

logger = logging.getLogger(__name__)

_DEFAULT_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling.

    ``token_id`` is what a disposable token reports as ``publisher_id`` on topic items (empty otherwise).
    ``super_user`` principals may do anything; the others only what ``grants`` allow. ``disposable`` marks
    disposable tokens, which may not mint tokens; ``expires_at`` (epoch seconds) bounds what they may mint.
    ``console`` marks the key printed at start (every caller in open mode): the account's console session, the only
    credential that may mint super-user and all-data keys, and the one the test admin asks for.
    """

    name: str
    token_id: str = ""
    super_user: bool = False
    grants: Grants = NO_GRANTS
    disposable: bool = False
    expires_at: float | None = None
    key_id: str = ""
    console: bool = False


ANONYMOUS = Principal(name="anonymous", super_user=True, grants=SUPER_USER, console=True)
# Strict mode, before a body credential is checked (Ping, token RPCs): may do nothing by itself.
NOBODY = Principal(name="nobody")


class Authenticator(Protocol):
    @property
    def mode(self) -> str:
        """Short description for the startup log line, e.g. ``open``."""
        ...

    def authenticate(self, authorization: str | None, rpc: str) -> Principal:
        """Check the raw ``authorization`` header (None if absent) for a call of ``rpc`` (its HTTP path)."""
        ...

    def verify(self, credential: str | None) -> Principal:
        """Check a credential that arrived in a request body (token RPCs)."""
        ...


class OpenAuthenticator:
    """Local mode: no header, an empty header and any token are all accepted with every permission."""

    @property
    def mode(self) -> str:
        return "open"

    def authenticate(self, authorization: str | None, rpc: str) -> Principal:
        return ANONYMOUS

    def verify(self, credential: str | None) -> Principal:
        return ANONYMOUS


def _everything_needs_a_credential(rpc: str) -> bool:
    return True


class StrictAuthenticator:
    """Accepts only unexpired API keys and disposable tokens signed by ``signer``.

    ``needs_credential(rpc)`` is False for RPCs without an ``authorization`` header by design (``Ping``, the
    token RPCs); they get :data:`NOBODY` and must check any body credential themselves. Verified
    tokens are cached (by their text) so that a busy client is not re-verified on every call.
    """

    def __init__(
        self,
        signer: TokenSigner,
        *,
        needs_credential: Callable[[str], bool] = _everything_needs_a_credential,
        cache_size: int = _DEFAULT_CACHE_SIZE,
    ) -> None:
        self._signer = signer
        self._needs_credential = needs_credential
        self._cache_size = cache_size
        self._cache: dict[str, Principal] = {}

    @property
    def mode(self) -> str:
        return "strict"

    def authenticate(self, authorization: str | None, rpc: str) -> Principal:
        if not self._needs_credential(rpc):
            return NOBODY
        return self.verify(authorization)

    def verify(self, credential: str | None) -> Principal:
        token = _strip_bearer(credential or "")
        if not token:
            raise GrpcError(
                StatusCode.UNAUTHENTICATED,
                "Missing credential: send an API key or disposable token in the authorization header",
            )
        principal = self._cache.get(token)
        if principal is not None:
            if principal.expires_at is None or self._signer.clock() < principal.expires_at:
                return principal
            del self._cache[token]
        try:
            claims = self._signer.verify(token)
        except InvalidToken as exc:
            logger.debug("rejected credential %s: %s", mask_token(token), exc)
            raise GrpcError(StatusCode.UNAUTHENTICATED, f"Invalid credential: {exc}") from None
        if claims.kind is Kind.REFRESH:
            raise GrpcError(StatusCode.UNAUTHENTICATED, "Invalid credential: a refresh token is not an API key")
        principal = principal_of(claims)
        if len(self._cache) >= self._cache_size:
            del self._cache[next(iter(self._cache))]  # oldest first
        self._cache[token] = principal
        return principal


def principal_of(claims: Claims) -> Principal:
    disposable = claims.kind is Kind.DISPOSABLE
    return Principal(
        name=f"{'disposable-token' if disposable else 'api-key'}:{claims.jti[:8]}",
        token_id=claims.token_id,
        super_user=claims.grants.super_user,
        grants=claims.grants,
        disposable=disposable,
        expires_at=claims.expires_at,
        key_id=claims.jti,
        console=claims.console and claims.kind is Kind.API_KEY,
    )


def _strip_bearer(value: str) -> str:
    value = value.strip()
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return value


def mask_token(value: str | None) -> str:
    """A loggable stand-in for a credential: its length only."""
    if not value:
        return "<none>"
    return f"<{len(value)} chars>"

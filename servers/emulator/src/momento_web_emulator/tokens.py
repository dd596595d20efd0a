"""Signed credentials: every API key, disposable token and refresh token the emulator issues is an HS256 JWT.

A token carries everything needed to check it later (nothing is stored server-side), so a restarted emulator with
the same ``--auth-secret`` still accepts its tokens. Claims (short names keep tokens small):

* ``iss`` = ``momento-web-emulator``; ``k`` = kind (:class:`Kind`); ``jti`` = unique id;
* ``p`` = the ``permission_messages.Permissions`` message, serialized and base64url-encoded;
* ``exp`` = expiry (epoch seconds, may be fractional), absent for keys that never expire;
* ``tid`` = the disposable token's ``token_id`` (its topic ``publisher_id``), absent if not given;
* ``con`` = true on the super-user key printed at start only: it stands for the account's console session, the one
  credential that may mint super-user and all-data keys;
* refresh tokens only: ``ref`` = ``jti`` of the API key they refresh, ``dur`` = that key's lifetime in seconds
  (absent = never expires), ``lim`` = an absolute expiry no refreshed key may pass (the minting caller's).

Expiry is checked against the signer's clock, not pyjwt's, so tests can move time.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import jwt

from momento_web._messages import permissionmessages as pb
from momento_web.wire.protobuf import DecodeError
from momento_web_emulator.grants import Grants, InvalidPermissions

ISSUER = "momento-web-emulator"
_ALGORITHM = "HS256"
_MIN_SECRET_BYTES = 32  # RFC 7518 §3.2: an HS256 key must be at least as long as the hash


class Kind(Enum):
    API_KEY = "key"
    DISPOSABLE = "dt"
    REFRESH = "rt"


class InvalidToken(Exception):
    """Not a token this emulator issued: malformed, forged, signed with another secret, or expired."""


@dataclass(frozen=True, slots=True)
class Claims:
    """A verified token."""

    kind: Kind
    jti: str
    permissions: bytes  # serialized ``Permissions``
    grants: Grants
    expires_at: float | None
    token_id: str = ""  # ``tid``
    refreshes: str = ""  # ``ref``
    lifetime: int | None = None  # ``dur``
    limit: float | None = None  # ``lim``
    console: bool = False  # ``con``


def new_secret() -> str:
    return secrets.token_urlsafe(_MIN_SECRET_BYTES)


class TokenSigner:
    def __init__(self, secret: str | None = None, *, clock: Callable[[], float] = time.time) -> None:
        secret = secret if secret is not None else new_secret()
        if len(secret.encode("utf-8")) < _MIN_SECRET_BYTES:
            raise ValueError(f"the signing secret must be at least {_MIN_SECRET_BYTES} bytes long")
        self._secret = secret
        self.clock = clock

    def __repr__(self) -> str:
        return "TokenSigner(<secret hidden>)"

    def issue(
        self,
        kind: Kind,
        permissions: pb.Permissions,
        *,
        expires_at: float | None,
        token_id: str = "",
        refreshes: str = "",
        lifetime: int | None = None,
        limit: float | None = None,
        console: bool = False,
    ) -> tuple[str, str]:
        """A new signed token and its ``jti``."""
        jti = secrets.token_hex(16)
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "k": kind.value,
            "jti": jti,
            "iat": int(self.clock()),
            "p": base64.urlsafe_b64encode(permissions.SerializeToString()).decode("ascii"),
        }
        optional = {
            "exp": expires_at,
            "tid": token_id or None,
            "ref": refreshes or None,
            "dur": lifetime,
            "lim": limit,
            "con": console or None,
        }
        claims.update({name: value for name, value in optional.items() if value is not None})
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM), jti

    def verify(self, token: str) -> Claims:
        """The claims of a token this signer issued that has not expired; raises :class:`InvalidToken`."""
        try:
            raw = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=ISSUER,
                options={"verify_exp": False, "verify_iat": False, "require": ["iss", "k", "jti", "p"]},
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise InvalidToken(f"not a valid token: {type(exc).__name__}") from None
        claims = _parse(raw)
        if claims.expires_at is not None and self.clock() >= claims.expires_at:
            raise InvalidToken("the token has expired")
        return claims


def _parse(raw: dict[str, Any]) -> Claims:
    """Typed claims. Only our own signed tokens get here, but a leaked secret must not crash the emulator."""
    try:
        kind = Kind(raw["k"])
        permissions = base64.urlsafe_b64decode(str(raw["p"]).encode("ascii"))
        message = pb.Permissions.FromString(permissions)
        return Claims(
            kind=kind,
            jti=_text(raw["jti"]),
            permissions=permissions,
            grants=Grants.from_proto(message),
            expires_at=_number(raw.get("exp")),
            token_id=_text(raw.get("tid", "")),
            refreshes=_text(raw.get("ref", "")),
            lifetime=None if raw.get("dur") is None else int(raw["dur"]),
            limit=_number(raw.get("lim")),
            console=raw.get("con") is True,
        )
    except (KeyError, ValueError, TypeError, UnicodeError, binascii.Error, DecodeError, InvalidPermissions) as exc:
        raise InvalidToken(f"malformed token claims: {type(exc).__name__}") from None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string claim")
    return value


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a numeric claim")
    return float(value)

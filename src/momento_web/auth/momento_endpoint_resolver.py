"""Parse a Momento credential string into the raw token and the service endpoints it names.

Formats (checked in this order):

* base64 of JSON ``{"endpoint": E, "api_key": K}`` — v1 API keys and disposable tokens; the token sent in
  ``authorization`` is ``K``, the endpoints are ``control.E``, ``cache.E`` and ``token.E``; an ``E`` with a
  scheme (``http://127.0.0.1:8080``, what the local emulator puts in its tokens) is one base URL for all three;
* a v2 API key (a JWT whose claim ``t`` is ``"g"``) — rejected here, it needs ``from_api_key_v2`` and an
  explicit endpoint;
* a legacy JWT with claims ``cp`` (control host) and ``c`` (cache host); the whole JWT is the token. The token
  endpoint is ``c`` as in the JS SDKs (the official Python SDK uses ``"token." + c``).

JWTs are decoded without verifying their signature: the server verifies them, the client only reads endpoints.
So reading one takes base64 and json, not PyJWT, which would cost the browser a 34 KB download and a quarter
second of imports (bench/README.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service
from momento_web.wire.credentials import credential_string, is_v2_api_key, jwt_claims

__all__ = ["credential_string", "is_v2_api_key", "resolve", "resolve_allowing_missing_endpoints"]

_INVALID_AUTH_TOKEN = "Invalid Auth token."  # noqa: S105  an error message, not a secret
_URL = re.compile(r"^https?://", re.IGNORECASE)
_UNEXPECTED_V2_KEY = (
    "Unexpectedly received a v2 API key. Are you using the correct key and the correct CredentialProvider method?"
)


@dataclass(frozen=True)
class TokenAndEndpoints:
    """What a credential string resolves to. Endpoints are host names (``""`` when unknown)."""

    control_endpoint: str
    cache_endpoint: str
    token_endpoint: str
    auth_token: str

    def __repr__(self) -> str:
        # Never show the secret.
        return (
            f"TokenAndEndpoints(control_endpoint={self.control_endpoint!r}, cache_endpoint={self.cache_endpoint!r}, "
            f"token_endpoint={self.token_endpoint!r}, auth_token=<{len(self.auth_token)} characters>)"
        )


def _invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.AUTH)


def _decode_base64_text(token: str) -> str | None:
    """The decoded text if ``token`` is canonical, padded standard base64 of UTF-8 text, else None."""
    try:
        raw = base64.b64decode(token, validate=True)
        if base64.b64encode(raw).decode("ascii") != token:
            return None
        return raw.decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None


def _non_empty_str(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _invalid(
            f"{_INVALID_AUTH_TOKEN} The decoded token has no {key!r} (it must be a non-empty string); "
            'expected base64 of {"endpoint": ..., "api_key": ...}.'
        )
    return value.strip()


def _resolve_base64_json(text: str) -> TokenAndEndpoints:
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise _invalid(
            f'{_INVALID_AUTH_TOKEN} The token is base64 but not of a JSON object {{"endpoint": ..., "api_key": ...}}.'
        )
    endpoint = _non_empty_str(document, "endpoint")
    api_key = _non_empty_str(document, "api_key")
    if _URL.match(endpoint):
        base = endpoint.rstrip("/")
        return TokenAndEndpoints(control_endpoint=base, cache_endpoint=base, token_endpoint=base, auth_token=api_key)
    return TokenAndEndpoints(
        control_endpoint=f"control.{endpoint}",
        cache_endpoint=f"cache.{endpoint}",
        token_endpoint=f"token.{endpoint}",
        auth_token=api_key,
    )


def _resolve(auth_token: str, *, require_endpoints: bool) -> TokenAndEndpoints:
    token = auth_token.strip() if isinstance(auth_token, str) else ""
    if not token:
        raise _invalid("malformed auth token")
    text = _decode_base64_text(token)
    if text is not None:
        return _resolve_base64_json(text)
    claims = jwt_claims(token)
    if claims is None:
        raise _invalid(_INVALID_AUTH_TOKEN)
    if claims.get("t") == "g":
        raise _invalid(_UNEXPECTED_V2_KEY)
    control = claims.get("cp")
    cache = claims.get("c")
    if not isinstance(control, str) or not isinstance(cache, str) or not control or not cache:
        if require_endpoints:
            raise _invalid(_INVALID_AUTH_TOKEN)
        control = control if isinstance(control, str) else ""
        cache = cache if isinstance(cache, str) else ""
    return TokenAndEndpoints(control_endpoint=control, cache_endpoint=cache, token_endpoint=cache, auth_token=token)


def resolve(auth_token: str) -> TokenAndEndpoints:
    """Parse ``auth_token`` (surrounding whitespace ignored).

    Raises:
        InvalidArgumentException: the token is empty, malformed, lacks endpoint information, or is a v2 API key.
    """
    return _resolve(auth_token, require_endpoints=True)


def resolve_allowing_missing_endpoints(auth_token: str) -> TokenAndEndpoints:
    """Like :func:`resolve`, but a legacy JWT without ``c``/``cp`` claims yields ``""`` endpoints.

    For callers that supply every endpoint themselves.
    """
    return _resolve(auth_token, require_endpoints=False)

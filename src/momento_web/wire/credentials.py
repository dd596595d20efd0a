"""Momento's credential strings, as both ends read and write them: the SDK, the emulator and the vending machine.

A minted credential (a v1 API key or a disposable token) travels as ``base64(JSON {"endpoint", "api_key"})``; a v2
API key is a JWT whose claim ``t`` is ``"g"``. Claims are read without verifying the signature: the server does
that (docs/protocol/credentials.md).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any


def credential_string(endpoint: str, api_key: str) -> str:
    """The token string for a minted credential: ``base64(JSON {"endpoint", "api_key"})``, compact JSON in the
    JS SDKs' key order (what ``momento_endpoint_resolver.resolve`` reads back)."""
    document = json.dumps({"endpoint": endpoint, "api_key": api_key}, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(document.encode("utf-8")).decode("ascii")


def jwt_claims(token: str) -> dict[str, Any] | None:
    """The claims of a JWT, unverified; None unless ``token`` is three base64url segments whose header and
    payload are JSON objects."""
    segments = token.split(".")
    if len(segments) != 3:
        return None
    header, claims = (_base64url_json(segment) for segment in segments[:2])
    return claims if isinstance(header, dict) and isinstance(claims, dict) else None


def _base64url_json(segment: str) -> object:
    try:
        raw = base64.b64decode(segment + "=" * (-len(segment) % 4), altchars=b"-_", validate=True)
        return json.loads(raw)
    except (binascii.Error, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def is_v2_api_key(token: str) -> bool:
    """True for a v2 ("global") API key: a JWT carrying the claim ``t == "g"``."""
    claims = jwt_claims(token)
    return claims is not None and claims.get("t") == "g"

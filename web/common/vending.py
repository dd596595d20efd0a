"""Asking the token vending machine for a disposable token (``POST /token``), shared by the web apps.

The page never holds a Momento API key: the vending machine mints a short-lived token for one scope, and the token
string alone (``CredentialProvider.from_disposable_token``) names the endpoint to call. Failures become one
:class:`VendingError` whose message a page can show as it is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyodide.http import pyfetch


class VendingError(Exception):
    """The vending machine is unreachable, refused, or answered something unexpected; the message says which."""


@dataclass(frozen=True)
class VendedToken:
    auth_token: str
    expires_at: int  # UNIX seconds, the server's clock
    scope: dict[str, Any]
    received_at: float  # time.monotonic() when it arrived

    @property
    def lifetime(self) -> float:
        return float(self.scope.get("ttlSeconds", 0))

    def seconds_left(self) -> float:
        """By the page's own clock (from the lifetime), so a skewed browser clock does not matter."""
        return self.received_at + self.lifetime - time.monotonic()

    def __repr__(self) -> str:  # never show the token itself
        return f"VendedToken(expires_at={self.expires_at}, scope={self.scope})"


async def request_token(vending_url: str, request: dict[str, Any]) -> VendedToken:
    """``POST {vending_url}/token`` with ``request`` (``{"cache", "keyPrefix"?, "topic"?, ...}``)."""
    url = vending_url.rstrip("/")
    try:
        response = await pyfetch(
            f"{url}/token", method="POST", headers={"Content-Type": "application/json"}, body=json.dumps(request)
        )
    except Exception as exc:  # fetch rejects on network errors and CORS refusals alike
        raise VendingError(f"cannot reach the token vending machine at {url}: is it running? ({exc})") from None
    try:
        body = dict(await response.json())
    except Exception:
        body = {"error": "unexpected answer", "message": "not a JSON object"}
    if response.status != 200:
        raise VendingError(
            f"the vending machine refused ({response.status} {body.get('error')}): {body.get('message')}"
        )
    try:
        return VendedToken(str(body["authToken"]), int(body["expiresAt"]), dict(body["scope"]), time.monotonic())
    except (KeyError, TypeError, ValueError):
        raise VendingError(f"the vending machine at {url} answered without a token") from None


def scope_rows(token: VendedToken, endpoint: str, format_time: Callable[[float], str]) -> list[tuple[str, str]]:
    """The granted scope as (term, description) rows for a page; ``format_time`` shows a UNIX time."""
    scope = token.scope
    rows = [("Cache", str(scope.get("cache")))]
    if "keyPrefix" in scope:
        rows.append(("Keys", f"{scope['keyPrefix']}* ({scope.get('keyAccess')})"))
    if "topic" in scope:
        rows.append(("Topic", f"{scope['topic']} ({scope.get('topicAccess')})"))
    expires = format_time(token.expires_at)
    rows += [("Expires", f"{expires} (lifetime {scope.get('ttlSeconds')} s)"), ("Endpoint", endpoint)]
    return rows

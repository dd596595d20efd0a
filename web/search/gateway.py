"""The vending machine's vector routes, from the page: ``POST /vector/upsert`` and ``POST /vector/search``.

Why not the SDK's ``PreviewVectorIndexClientAsync`` with a vended token, as the other apps do for caches and topics:
Momento's permission model has no role for indexes, so no disposable token can grant one, and a page must never
hold the super-user key that can. The vending machine makes the index calls with its key, within its policy.
Every failure becomes one :class:`GatewayError` whose message the page shows as it is.
"""

from __future__ import annotations

import json
from typing import Any

from pyodide.http import pyfetch

# Momento never answered the vending machine: say where to look, not only the error code.
NO_ANSWER = frozenset({"SERVER_UNAVAILABLE", "TIMEOUT_ERROR"})


class GatewayError(Exception):
    """The vending machine is unreachable, refused, or Momento failed behind it; the message says which."""


async def call(vending_url: str, route: str, body: dict[str, Any]) -> dict[str, Any]:
    """``POST {vending_url}/vector/{route}`` with ``body``; its JSON answer."""
    url = vending_url.rstrip("/")
    try:
        response = await pyfetch(
            f"{url}/vector/{route}", method="POST", headers={"Content-Type": "application/json"}, body=json.dumps(body)
        )
    except Exception as exc:  # fetch rejects on network errors and CORS refusals alike
        raise GatewayError(f"cannot reach the token vending machine at {url}: is it running? ({exc})") from None
    try:
        answer = dict(await response.json())
    except Exception:
        answer = {"error": "unexpected answer", "message": "not a JSON object"}
    if response.status == 200:
        return answer
    code = answer.get("code")
    if code in NO_ANSWER:
        raise GatewayError(f"Momento did not answer the vending machine at {url} ({code}): is it running?")
    status = f"{response.status} {answer.get('error')}"
    raise GatewayError(f"the vending machine refused ({status}): {answer.get('message')}")

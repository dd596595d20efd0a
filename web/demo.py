"""PyScript side of index.html: get a scoped token from the token vending machine, then Set / Get / Delete with it.

The page never holds a Momento API key: the vending machine mints a disposable token for one key prefix of one
cache, and the token string alone (``CredentialProvider.from_disposable_token``) names the endpoint to call.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pyscript import document, when
from vending import VendedToken, VendingError, request_token  # web/common/vending.py, fetched by index.html

try:
    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.responses import CacheGet
except Exception as exc:  # make a broken build visible on the page, not only in the console
    document.getElementById("status").textContent = f"failed to load momento_web: {exc!r}"
    document.getElementById("status").className = "status failed"
    raise

DEFAULT_TTL = timedelta(seconds=60)
RENEW_BEFORE_S = 15  # a token this close to expiry is renewed before the next call
CACHE_BUTTONS = ("set", "get", "delete")


@dataclass
class Vended:
    client: Any  # CacheClientAsync
    request: dict[str, str]  # what was asked for, to renew the same scope
    expires_at: int


_vended: Vended | None = None


def field(element_id: str) -> str:
    return str(document.getElementById(element_id).value).strip()


def set_status(text: str, kind: str) -> None:
    status = document.getElementById("status")
    status.textContent = text
    status.className = f"status {kind}"


def show(text: str, *, error: bool = False) -> None:
    result = document.getElementById("result")
    result.textContent = text
    result.className = "error" if error else ""


def describe(resp: Any) -> str:
    """``CacheGet.Hit(value_string='v')``, ``CacheGet.Miss()``, ``CacheSet.Error: PERMISSION_ERROR: ...``"""
    name = type(resp).__qualname__
    if isinstance(resp, CacheGet.Hit):
        return f"{name}(value_string={resp.value_string!r})"
    message = getattr(resp, "message", None)
    if message is not None:
        code = getattr(resp, "error_code", None)
        code_text = getattr(code, "name", code)
        return f"{name}: {code_text}: {message}" if code_text else f"{name}: {message}"
    return f"{name}()"


def render_scope(token: VendedToken, endpoint: str) -> None:
    scope = token.scope
    rows = [("Cache", scope["cache"])]
    if "keyPrefix" in scope:
        rows.append(("Keys", f"{scope['keyPrefix']}* ({scope['keyAccess']})"))
    if "topic" in scope:
        rows.append(("Topic", f"{scope['topic']} ({scope['topicAccess']})"))
    expires = time.strftime("%H:%M:%S UTC", time.gmtime(token.expires_at))
    rows += [("Expires", f"{expires} (lifetime {scope['ttlSeconds']} s)"), ("Endpoint", endpoint)]
    listing = document.getElementById("scope-list")
    listing.replaceChildren()
    for term, value in rows:
        dt, dd = document.createElement("dt"), document.createElement("dd")
        dt.textContent, dd.textContent = term, value
        listing.append(dt, dd)
    document.getElementById("scope").hidden = False


async def vend(request: dict[str, str]) -> Vended:
    global _vended
    token = await request_token(field("vending"), request)
    credentials = CredentialProvider.from_disposable_token(token.auth_token)
    client = await CacheClientAsync.create(Configurations.Browser.latest(), credentials, DEFAULT_TTL)
    if _vended is not None:
        await _vended.client.close()
    _vended = Vended(client, request, token.expires_at)
    render_scope(token, credentials.cache_url)
    for button_id in CACHE_BUTTONS:
        document.getElementById(button_id).disabled = False
    return _vended


async def current_client() -> Any:
    """The client of the current token, renewed first when it is about to expire."""
    vended = _vended
    if vended is None:
        raise VendingError("get a token first")
    if vended.expires_at - time.time() < RENEW_BEFORE_S:
        vended = await vend(vended.request)
    return vended.client


@when("click", "#get-token")
async def on_get_token(event: Any) -> None:
    show("asking the vending machine…")
    try:
        await vend({"cache": field("cache"), "keyPrefix": field("prefix")})
    except VendingError as exc:
        show(str(exc), error=True)
        return
    show("token ready: Set, Get and Delete work on keys with the granted prefix only")


async def run(label: str, call: Any) -> None:
    show(f"{label}…")
    try:
        resp = await call(await current_client())
    except Exception as exc:  # shown to the user; the page must stay usable
        show(f"{type(exc).__name__}: {exc}", error=True)
        return
    show(describe(resp), error=hasattr(resp, "message") and not isinstance(resp, CacheGet.Hit))


@when("click", "#set")
async def on_set(event: Any) -> None:
    await run("setting", lambda c: c.set(field("cache"), field("key"), field("value")))


@when("click", "#get")
async def on_get(event: Any) -> None:
    await run("getting", lambda c: c.get(field("cache"), field("key")))


@when("click", "#delete")
async def on_delete(event: Any) -> None:
    await run("deleting", lambda c: c.delete(field("cache"), field("key")))


document.getElementById("get-token").disabled = False
set_status("ready", "ready")

"""PyScript side of index.html: Create cache / Set / Get against a Momento endpoint (the local emulator)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from pyscript import document, when

try:
    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.responses import CacheGet
except Exception as exc:  # make a broken build visible on the page, not only in the console
    document.getElementById("status").textContent = f"failed to load momento_web: {exc!r}"
    document.getElementById("status").className = "status failed"
    raise

DEFAULT_TTL = timedelta(seconds=60)

_clients: dict[str, Any] = {}


def field(element_id: str) -> str:
    return str(document.getElementById(element_id).value).strip()


def show(text: str, *, error: bool = False) -> None:
    result = document.getElementById("result")
    result.textContent = text
    result.className = "error" if error else ""


def describe(resp: Any) -> str:
    """``CacheGet.Hit(value_string='v')``, ``CacheGet.Miss()``, ``CacheSet.Error: NOT_FOUND_ERROR: ...``"""
    name = type(resp).__qualname__
    if isinstance(resp, CacheGet.Hit):
        return f"{name}(value_string={resp.value_string!r})"
    message = getattr(resp, "message", None)
    if message is not None:
        code = getattr(resp, "error_code", None)
        code_text = getattr(code, "name", code)
        return f"{name}: {code_text}: {message}" if code_text else f"{name}: {message}"
    return f"{name}()"


async def client() -> Any:
    """One client per emulator URL (the URL field may change between clicks)."""
    url = field("emulator")
    if url not in _clients:
        parts = urlsplit(url)
        if not parts.hostname or not parts.port:
            raise ValueError(f"emulator URL needs a host and a port, got {url!r}")
        creds = CredentialProvider.for_momento_local(parts.hostname, parts.port)
        _clients[url] = await CacheClientAsync.create(Configurations.Browser.latest(), creds, DEFAULT_TTL)
    return _clients[url]


async def run(label: str, call: Any) -> None:
    show(f"{label}…")
    try:
        resp = await call(await client())
    except Exception as exc:  # shown to the user; the page must stay usable
        show(f"{type(exc).__name__}: {exc}", error=True)
        return
    show(describe(resp), error=hasattr(resp, "message") and not isinstance(resp, CacheGet.Hit))


@when("click", "#create")
async def on_create(event: Any) -> None:
    await run("creating cache", lambda c: c.create_cache(field("cache")))


@when("click", "#set")
async def on_set(event: Any) -> None:
    await run("setting", lambda c: c.set(field("cache"), field("key"), field("value")))


@when("click", "#get")
async def on_get(event: Any) -> None:
    await run("getting", lambda c: c.get(field("cache"), field("key")))


for button_id in ("create", "set", "get"):
    document.getElementById(button_id).disabled = False
status = document.getElementById("status")
status.textContent = "ready"
status.className = "status ready"

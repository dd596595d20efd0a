"""web/index.html end to end: PyScript + the SDK in headless Chromium with a vended token, all cross-origin.

The page is served by ``web_server`` (127.0.0.1:A), gets a token from ``vending_machine`` (127.0.0.1:B) and uses it
against the strict emulator (127.0.0.1:C), so every call goes through a CORS preflight and every data call is
authorized by the token's scope. Every request the page makes must stay on this machine (no CDN, no PyPI).
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from scripts.localhost import free_port

if TYPE_CHECKING:
    from tests.conftest import LocalServer, VendingMachine

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 90_000  # Pyodide + micropip + wheels; ~5 s normally, generous for a loaded CI machine
CALL_TIMEOUT_MS = 20_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@contextlib.contextmanager
def watched(page: Page, artifacts_dir: Path, name: str) -> Iterator[list[str]]:
    """The URLs the page requests; on failure, a screenshot and the page console go with the error."""
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: console.append(f"pageerror: {err}"))
    try:
        yield requests
    except AssertionError as exc:
        page.screenshot(path=str(artifacts_dir / f"{name}-failure.png"), full_page=True)
        raise AssertionError(f"{exc}\n--- page console ---\n" + "\n".join(console[-50:])) from None


def open_page(page: Page, web_server: LocalServer, vending_url: str) -> None:
    page.goto(f"{web_server.url}/index.html?vending={quote(vending_url, safe=':/')}")
    expect(page.locator("#vending")).to_have_value(vending_url)
    status = page.locator("#status")
    expect(status).to_have_class(re.compile(r"\b(ready|failed)\b"), timeout=READY_TIMEOUT_MS)  # fail fast
    expect(status).to_have_text("ready", timeout=1)


def test_vended_token_scope_set_get_and_denial(
    page: Page, web_server: LocalServer, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    with watched(page, artifacts_dir, "index") as requests:
        use_a_vended_token(page, web_server, vending_machine, artifacts_dir)
    foreign = [
        u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert not foreign, f"requests left the machine: {foreign}"
    ports = {urlsplit(u).port for u in requests}
    assert urlsplit(vending_machine.url).port in ports, "no request reached the vending machine"
    assert urlsplit(vending_machine.emulator.url).port in ports, "no request reached the emulator"


def use_a_vended_token(
    page: Page, web_server: LocalServer, vending_machine: VendingMachine, artifacts_dir: Path
) -> None:
    result, scope = page.locator("#result"), page.locator("#scope")
    open_page(page, web_server, vending_machine.url)
    expect(page.locator("#set")).to_be_disabled()  # no token yet

    prefix = f"{vending_machine.key_prefix}page-{uuid.uuid4().hex[:6]}-"
    page.fill("#cache", vending_machine.cache)
    page.fill("#prefix", prefix)
    page.click("#get-token")
    expect(result).to_contain_text("token ready", timeout=CALL_TIMEOUT_MS)
    expect(scope).to_be_visible()
    expect(scope).to_contain_text(vending_machine.cache)
    expect(scope).to_contain_text(f"{prefix}* (read-write)")
    expect(scope).to_contain_text(vending_machine.emulator.url)  # the endpoint the token names

    page.fill("#key", f"{prefix}greeting")
    page.fill("#value", "hello from the page")
    page.click("#set")
    expect(result).to_contain_text("CacheSet.Success", timeout=CALL_TIMEOUT_MS)
    page.click("#get")
    expect(result).to_contain_text("CacheGet.Hit", timeout=CALL_TIMEOUT_MS)
    expect(result).to_contain_text("hello from the page")
    page.screenshot(path=str(artifacts_dir / "index.png"), full_page=True)

    page.fill("#key", f"{prefix}no-such-key")
    page.click("#get")
    expect(result).to_contain_text("CacheGet.Miss", timeout=CALL_TIMEOUT_MS)

    page.fill("#key", "outside-the-prefix")
    page.click("#get")
    expect(result).to_contain_text(re.compile(r"CacheGet\.Error: PERMISSION_ERROR"), timeout=CALL_TIMEOUT_MS)
    expect(result).to_have_class("error")

    page.fill("#cache", "not-in-the-policy")
    page.click("#get-token")
    expect(result).to_contain_text("refused (403 forbidden): cache 'not-in-the-policy' is not allowed")


def test_a_clear_message_when_the_vending_machine_is_down(
    page: Page, web_server: LocalServer, artifacts_dir: Path
) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    with watched(page, artifacts_dir, "index-vending-down"):
        open_page(page, web_server, down)
        page.click("#get-token")
        expect(page.locator("#result")).to_contain_text(
            f"cannot reach the token vending machine at {down}: is it running?", timeout=CALL_TIMEOUT_MS
        )
        expect(page.locator("#set")).to_be_disabled()

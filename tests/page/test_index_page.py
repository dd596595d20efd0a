"""web/index.html end to end: PyScript + the SDK in headless Chromium against the emulator, cross-origin.

The page is served by ``web_server`` (127.0.0.1:A) and talks to ``emulator`` (127.0.0.1:B), so every call
goes through a CORS preflight. Every request the page makes must stay on this machine (no CDN, no PyPI).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.conftest import LocalServer

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 90_000  # Pyodide + micropip + wheels; ~5 s normally, generous for a loaded CI machine
CALL_TIMEOUT_MS = 20_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def test_create_set_get_miss(page: Page, web_server: LocalServer, emulator: LocalServer, artifacts_dir: Path) -> None:
    requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: console.append(f"pageerror: {err}"))

    result = page.locator("#result")
    try:
        page.goto(f"{web_server.url}/index.html?emulator={quote(emulator.url, safe=':/')}")
        expect(page.locator("#emulator")).to_have_value(emulator.url)
        expect(page.locator("#status")).to_have_text("ready", timeout=READY_TIMEOUT_MS)

        cache = f"page-{uuid.uuid4().hex[:8]}"
        page.fill("#cache", cache)
        page.click("#create")
        expect(result).to_contain_text(
            re.compile(r"CreateCache\.(Success|CacheAlreadyExists)"), timeout=CALL_TIMEOUT_MS
        )

        page.fill("#key", "greeting")
        page.fill("#value", "hello from the page")
        page.click("#set")
        expect(result).to_contain_text("CacheSet.Success", timeout=CALL_TIMEOUT_MS)

        page.click("#get")
        expect(result).to_contain_text("CacheGet.Hit", timeout=CALL_TIMEOUT_MS)
        expect(result).to_contain_text("hello from the page")
        page.screenshot(path=str(artifacts_dir / "index.png"), full_page=True)

        page.fill("#key", "no-such-key")
        page.click("#get")
        expect(result).to_contain_text("CacheGet.Miss", timeout=CALL_TIMEOUT_MS)
    except AssertionError as exc:
        page.screenshot(path=str(artifacts_dir / "index-failure.png"), full_page=True)
        log = "\n".join(console[-50:])
        raise AssertionError(
            f"{exc}\n--- emulator output ---\n{emulator.output()[-3000:]}\n--- page console ---\n{log}"
        ) from None

    foreign = [
        u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert not foreign, f"requests left the machine: {foreign}"
    emulator_port = urlsplit(emulator.url).port
    assert any(urlsplit(u).port == emulator_port for u in requests), "no request reached the emulator"

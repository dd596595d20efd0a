"""Helpers for the page tests of the web apps (``web/chat``, ``web/playground``).

A page takes ~5 s to start Python, so tests share pages (module-scoped fixtures) and start several at once:
:func:`open_app` only navigates, :meth:`AppPage.wait_ready` waits. Every request a page makes is recorded, so a
test can assert that nothing left this machine (:func:`assert_local_only`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, Page, expect

READY_TIMEOUT_MS = 90_000  # Pyodide + wheels; ~5 s normally, generous for a loaded CI machine
CALL_TIMEOUT_MS = 20_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class AppPage:
    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def wait_ready(self) -> None:
        status = self.page.locator("#status")
        expect(status).to_have_class(re.compile(r"\b(ready|failed)\b"), timeout=READY_TIMEOUT_MS)  # fail fast
        expect(status).to_have_text("ready", timeout=1)


def open_app(browser: Browser, url: str) -> AppPage:
    """A new browser context (its own connections, as another person's browser) navigating to ``url``."""
    context = browser.new_context(viewport={"width": 1100, "height": 760})
    app = AppPage(context.new_page())
    app.page.on("request", lambda request: app.requests.append(request.url))
    app.page.on("console", lambda message: app.console.append(f"{message.type}: {message.text}"))
    app.page.on("pageerror", lambda error: app.console.append(f"pageerror: {error}"))
    app.page.goto(url)
    return app


def app_url(base: str, path: str, **params: str) -> str:
    query = "&".join(f"{name}={quote(value, safe=':/')}" for name, value in params.items())
    return f"{base}{path}?{query}" if query else f"{base}{path}"


@contextlib.contextmanager
def reported(apps: Sequence[AppPage], artifacts_dir: Path, name: str) -> Iterator[None]:
    """On a failed assertion: a screenshot of each page, and their consoles in the error."""
    try:
        yield
    except AssertionError as exc:
        consoles = []
        for index, app in enumerate(apps):
            app.page.screenshot(path=str(artifacts_dir / f"{name}-failure-{index}.png"), full_page=True)
            consoles.append(f"--- page {index} console ---\n" + "\n".join(app.console[-40:]))
        raise AssertionError(f"{exc}\n" + "\n".join(consoles)) from None


def assert_local_only(apps: Sequence[AppPage]) -> None:
    """Pyodide, PyScript, the wheels, the vending machine and Momento: all on this machine."""
    for app in apps:
        foreign = [
            url
            for url in app.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname not in LOCAL_HOSTS
        ]
        assert not foreign, f"requests left the machine: {foreign}"

"""Helpers for the page tests of the web apps (``web/chat``, ``web/playground``).

A page takes ~5 s to start Python, so tests share pages (module-scoped fixtures) and start several at once:
:func:`open_app` only navigates, :meth:`AppPage.wait_ready` waits. Every request a page makes is recorded, so a
test can assert that nothing left this machine (:func:`assert_local_only`); :class:`HeldRequests` keeps chosen
requests of a page waiting until the test lets them go. The chat page's actions (:func:`join`, :func:`send`, …)
are here too, for every test that chats.
"""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, Error, Page, Request, Route, expect

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


class HeldRequests:
    """``page.route(url, held.handle)``: requests for which ``hold(request)`` is true wait, unanswered, until the
    test answers them (:meth:`next`) or lets them go (:meth:`release`); the others go on as usual.

    Playwright's sync API calls route handlers only while the test is inside a Playwright call, so the waiting
    happens in :meth:`next` (and in any ``expect``)."""

    def __init__(self, page: Page, hold: Callable[[Request], bool] = lambda _: True) -> None:
        self._page = page
        self._hold = hold
        self.routes: list[Route] = []

    def handle(self, route: Route) -> None:
        if self._hold(route.request):
            self.routes.append(route)
        else:
            route.continue_()

    def next(self, timeout_s: float = CALL_TIMEOUT_MS / 1000) -> Route:
        """The oldest held request, once there is one (the caller answers it: fulfill, continue_, abort)."""
        deadline = time.monotonic() + timeout_s
        while not self.routes:
            assert time.monotonic() < deadline, "the page made no such request"
            self._page.wait_for_timeout(20)
        return self.routes.pop(0)

    def release(self) -> None:
        """Let every held request go on (one the page has given up on meanwhile is skipped)."""
        routes, self.routes = self.routes, []
        for route in routes:
            with contextlib.suppress(Error):
                route.continue_()


# --- the chat page ------------------------------------------------------------------------------------------


def topic_name() -> str:
    return f"room-{uuid.uuid4().hex[:8]}"


def join(app: AppPage, name: str, topic: str, *, ttl: int | None = None) -> None:
    page = app.page
    page.fill("#name", name)
    page.fill("#topic", topic)
    if ttl is not None:
        page.fill("#ttl", str(ttl))
    page.click("#join")
    # This join's own log line first: the state and the last join event could still be a previous session's.
    expect(page.locator("#log")).to_contain_text(f"joined {topic} as {name}", timeout=CALL_TIMEOUT_MS)
    expect(page.locator("#conn-state")).to_have_attribute("data-state", "connected")
    expect(page.locator("#messages .event").last).to_contain_text(f"{name} joined", timeout=CALL_TIMEOUT_MS)


def send(app: AppPage, text: str) -> None:
    app.page.fill("#message", text)
    app.page.press("#message", "Enter")
    # The handler empties the box once it has taken the text: typing on before that would replace the text unsent.
    expect(app.page.locator("#message")).to_have_value("", timeout=CALL_TIMEOUT_MS)


def texts(app: AppPage) -> list[str]:
    return app.page.locator("#messages .msg .text").all_inner_texts()


def expect_text(app: AppPage, text: str, sender: str) -> None:
    message = app.page.locator(
        "#messages .msg", has=app.page.locator(".text", has_text=re.compile(f"^{re.escape(text)}$"))
    )
    expect(message).to_have_count(1, timeout=CALL_TIMEOUT_MS)
    expect(message.locator(".who")).to_have_text(sender)
    expect(message.locator("time")).to_have_text(re.compile(r"\d{1,2}:\d{2}:\d{2}"))

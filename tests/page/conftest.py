"""Playwright (sync API) with Debian's Chromium; never ``playwright install``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from scripts.localhost import CHROME, chrome_flags_for_tests

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"


# Module scope, not session: while sync_playwright() is open the main thread has a running asyncio loop, which
# would break every later pytest-asyncio test in the session.
@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not Path(CHROME).is_file():
        pytest.fail(f"{CHROME} not found (apt-get install chromium)", pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, headless=True, args=chrome_flags_for_tests())
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 900, "height": 720})
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Page:
    return browser_context.new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

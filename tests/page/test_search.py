"""web/search end to end in headless Chromium: the page vectorizes its collection, the vending machine (its index
routes, minting nothing) upserts it into an index of the strict emulator, and typing searches as you type, with the
filter controls narrowing the results; a vending machine or Momento that cannot be reached is said so plainly.

The vectorizer, the collection and the request bodies also run on CPython (``tests/unit/test_search_app.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from scripts.localhost import HOST, free_port
from tests.conftest import AuthEmulator, LocalServer, run_server, started_auth_emulator
from tests.page.app_pages import CALL_TIMEOUT_MS, AppPage, app_url, assert_local_only, open_app, reported

pytestmark = pytest.mark.browser

INDEX = f"search-{uuid.uuid4().hex[:8]}"
DOCUMENTS = 63  # web/search/documents.py
# (typed, the document expected first): whole words, and a word half typed.
QUERIES = [
    ("moon landing", "apollo-11"),
    ("vaccine smallpox", "smallpox-vaccine"),
    ("freezing fish", "frozen-food"),
    ("telesc", "hubble"),
]


@contextlib.contextmanager
def vending(emulator_key: str, *, index: str = INDEX) -> Iterator[LocalServer]:
    """A vending machine whose policy lets pages write and search ``index`` (and mint nothing they will ask for)."""
    port = free_port()
    args = ["-m", "momento_web_vending", "--host", HOST, "--port", str(port), "--cache", "search-cache"]
    args += ["--key-prefix", "search-", "--index", index, "--index-writes", "--max-index-items", "100"]
    args += ["--allow-origin-regex", r"http://127\.0\.0\.1:[0-9]+", "--vector-rate-per-minute", "60000"]
    args += ["--vector-burst", "10000"]
    env = {name: value for name, value in os.environ.items() if name != "MOMENTO_ENDPOINT"}
    env["MOMENTO_API_KEY"] = emulator_key
    with run_server("search-vending-machine", args, HOST, port, env=env) as server:
        yield server


@pytest.fixture(scope="module")
def search_vending(auth_emulator: AuthEmulator) -> Iterator[LocalServer]:
    with vending(auth_emulator.super_user_key) as server:
        yield server


@pytest.fixture(scope="module")
def search(chromium: Browser, web_server: LocalServer, search_vending: LocalServer) -> Iterator[AppPage]:
    app = open_app(chromium, app_url(web_server.url, "/search/", vending=search_vending.url, index=INDEX))
    try:
        app.wait_ready()
        expect(app.page.locator("#index-state")).to_have_attribute("data-state", "ready", timeout=CALL_TIMEOUT_MS)
        yield app
    finally:
        app.page.context.close()


def type_query(app: AppPage, text: str) -> None:
    """Type ``text`` key by key into the cleared search box, as a person does."""
    box = app.page.locator("#query")
    box.fill("")
    box.press_sequentially(text, delay=40)


def top_result(app: AppPage) -> str:
    return str(app.page.locator("#results .result").first.get_attribute("data-id"))


def expect_top(app: AppPage, document: str) -> None:
    expect(app.page.locator("#results .result").first).to_have_attribute("data-id", document, timeout=CALL_TIMEOUT_MS)


def searches(app: AppPage) -> int:
    return sum(url.endswith("/vector/search") for url in app.requests)


def test_the_page_indexes_its_collection_and_shows_the_expected_top_result_as_you_type(
    search: AppPage, artifacts_dir: Path
) -> None:
    page = search.page
    with reported([search], artifacts_dir, "search"):
        expect(page.locator("#index-detail")).to_contain_text(
            f"{DOCUMENTS} documents in {INDEX} (256 dimensions, cosine)"
        )
        expect(page.locator("#collection")).to_have_text(f"{DOCUMENTS} documents in 8 categories")
        upserts = [url for url in search.requests if url.endswith("/vector/upsert")]
        assert len(upserts) == 1
        for text, expected in QUERIES:
            before = searches(search)
            type_query(search, text)
            expect_top(search, expected)
            # Debounced: far fewer searches than keystrokes (the last pause sends one).
            assert 1 <= searches(search) - before < len(text), (text, searches(search) - before)
        first = page.locator("#results .result").first
        expect(first.locator("h3")).to_have_text("Hubble Space Telescope is launched")
        expect(first.locator(".score")).to_have_text(re.compile(r"^0\.\d{3}$"))
        expect(first.locator(".facts")).to_contain_text("space1990telescope, galaxies, nasa")
        expect(page.locator("#summary")).to_have_text(re.compile(r"^8 result\(s\) in \d+ ms$"))
        scores = [float(s) for s in page.locator("#results .score").all_inner_texts()]
        assert scores == sorted(scores, reverse=True)

        type_query(search, "telescope")
        expect_top(search, "hubble")
        page.select_option("#category", "space")
        page.fill("#year-from", "2000")
        expect_top(search, "webb")
        expect(page.locator("#filter-code")).to_have_text(
            "filter = (Field('category') == 'space') & (Field('year') >= 2000)"
        )
        expect(page.locator("#results .result")).to_have_count(2)  # the space notes from 2000 on: Webb, Curiosity
        page.fill("#year-from", "1990")
        expect_top(search, "hubble")
        expect(page.locator("#results .result")).to_have_count(5)
        page.screenshot(path=str(artifacts_dir / "search.png"))
    assert_local_only([search])


def test_the_filter_controls_narrow_the_results(search: AppPage, artifacts_dir: Path) -> None:
    page = search.page
    results = page.locator("#results .result")
    with reported([search], artifacts_dir, "search-filters"):
        page.select_option("#category", "")
        page.fill("#year-from", "")
        page.fill("#year-to", "")
        type_query(search, "vaccine")
        expect_top(search, "polio-vaccine")
        expect(results).to_have_count(8)

        page.fill("#year-to", "1900")
        expect_top(search, "smallpox-vaccine")
        for year in page.locator("#results .year").all_inner_texts():
            assert int(year) <= 1900
        page.fill("#year-from", "1800")
        expect(page.locator("#filter-code")).to_have_text("filter = (Field('year') >= 1800) & (Field('year') <= 1900)")
        expect(results.first).not_to_have_attribute("data-id", "smallpox-vaccine", timeout=CALL_TIMEOUT_MS)
        for year in page.locator("#results .year").all_inner_texts():
            assert 1800 <= int(year) <= 1900

        page.fill("#year-from", "")
        page.fill("#year-to", "")
        page.select_option("#category", "food")
        expect(page.locator("#filter-code")).to_have_text("filter = Field('category') == 'food'")
        expect(results).to_have_count(7, timeout=CALL_TIMEOUT_MS)  # every food note, however far from "vaccine"
        assert set(page.locator("#results .category").all_inner_texts()) == {"food"}

        page.fill("#year-from", "19x")
        expect(page.locator("#search-error")).to_have_text("From must be a year, e.g. 1969 (got '19x')")
        page.fill("#year-from", "")
        expect(page.locator("#search-error")).to_be_hidden()
        page.select_option("#category", "")


def test_a_vending_machine_that_cannot_be_reached_is_said_so(
    chromium: Browser, web_server: LocalServer, search: AppPage, search_vending: LocalServer, artifacts_dir: Path
) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    app = open_app(chromium, app_url(web_server.url, "/search/", vending=down, index=INDEX))
    try:
        with reported([app], artifacts_dir, "search-vending-down"):
            app.wait_ready()
            expect(app.page.locator("#index-state")).to_have_attribute("data-state", "failed", timeout=CALL_TIMEOUT_MS)
            expect(app.page.locator("#index-error")).to_have_text(
                re.compile(f"^cannot reach the token vending machine at {re.escape(down)}: is it running\\?")
            )
            expect(app.page.locator("#rebuild")).to_be_enabled()
    finally:
        app.page.context.close()

    # A page whose index is built: its searches fail the same way while the network refuses them, then recover.
    page = search.page
    with reported([search], artifacts_dir, "search-down-later"):
        page.route("**/vector/search", lambda route: route.abort("connectionrefused"))
        try:
            type_query(search, "gravity")
            expect(page.locator("#search-error")).to_have_text(
                re.compile(f"^cannot reach the token vending machine at {re.escape(search_vending.url)}: is it running")
            )
        finally:
            page.unroute("**/vector/search")
        type_query(search, "gravity waves")
        expect_top(search, "gravitational-waves")
        expect(page.locator("#search-error")).to_be_hidden()


def test_momento_that_cannot_be_reached_behind_the_vending_machine_is_said_so(
    chromium: Browser, web_server: LocalServer, artifacts_dir: Path
) -> None:
    with started_auth_emulator("gone-emulator") as gone:
        key, where = gone.super_user_key, gone.url
    with vending(key) as machine:  # its key names an emulator that has stopped
        app = open_app(chromium, app_url(web_server.url, "/search/", vending=machine.url, index=INDEX))
        try:
            with reported([app], artifacts_dir, "search-momento-down"):
                app.wait_ready()
                expect(app.page.locator("#index-error")).to_have_text(
                    f"Momento did not answer the vending machine at {machine.url} (SERVER_UNAVAILABLE): is it running?",
                    timeout=CALL_TIMEOUT_MS,
                )
                expect(app.page.locator("#index-state")).to_have_attribute("data-state", "failed")
        finally:
            app.page.context.close()
    assert where.startswith("http://127.0.0.1:")

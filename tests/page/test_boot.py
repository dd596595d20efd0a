"""A web app whose Python cannot start says so on the page instead of staying blank (web/common/boot.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import LocalServer


@pytest.mark.browser
@pytest.mark.parametrize("app", ["chat", "playground"])
def test_a_page_whose_pyscript_cannot_load_says_so(chromium: Browser, web_server: LocalServer, app: str) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.route("**/npm/pyscript/dist/core.js", lambda route: route.abort("connectionrefused"))
        page.goto(f"{web_server.url}/{app}/")
        status = page.locator("#status")
        expect(status).to_have_text("PyScript could not be loaded from /npm/: run ./build.sh")
        expect(status).to_have_class("status failed")
    finally:
        context.close()

"""A PyScript page uses the synchronous ``CacheClient``: plain momento-style code in a ``<script type="py">``, no
``await``, waiting by JSPI, in a plain and in an ``async`` script. The page is served over the assembled site, so it
loads PyScript, Pyodide and the SDK's wheel exactly as the apps do."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from scripts.localhost import HOST, free_port
from tests.conftest import ROOT, SITE_DIR, LocalServer, run_server

SCRIPT = """
from datetime import timedelta
from js import document
from pyodide.ffi import can_run_sync
from momento_web import CacheClient, Configurations, CredentialProvider
from momento_web.responses import CacheGet, CreateCache

credentials = CredentialProvider.for_momento_local({host!r}, {port})
with CacheClient.create(Configurations.Browser.latest(), credentials, timedelta(seconds=60)) as client:
    assert client.create_cache("pyscript-sync") in (CreateCache.Success(), CreateCache.CacheAlreadyExists())
    client.set("pyscript-sync", "greeting", "hello from a synchronous client")
    match client.get("pyscript-sync", "greeting"):
        case CacheGet.Hit() as hit:
            text = hit.value_string
        case other:
            text = str(other)
document.getElementById("out").textContent = f"can_run_sync={{can_run_sync()}}: {{text}}"
"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="/npm/pyscript/dist/core.js"></script></head>
<body><pre id="out">waiting</pre>
<script type="py" {attributes} config='{config}'>{script}</script>
</body></html>
"""


@pytest.fixture(scope="module")
def page_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalServer, Path]]:
    """A static server for a folder of test pages laid over the assembled site (PyScript, Pyodide, the wheel),
    as the apps are served. A real origin on loopback: Chromium lets only such a page fetch the local emulator."""
    if not (SITE_DIR / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("dist/web/ is not assembled: run ./build.sh first", pytrace=False)
    pages = tmp_path_factory.mktemp("pages")
    port = free_port()
    args = [str(ROOT / "scripts" / "serve.py"), "--dir", str(pages), "--dir", str(SITE_DIR)]
    args += ["--bind", HOST, "--port", str(port)]
    with run_server("sync-page-server", args, HOST, port) as server:
        yield server, pages


@pytest.mark.browser
@pytest.mark.parametrize("attributes", ["", "async"], ids=["script", "async-script"])
def test_a_pyscript_script_uses_the_sync_client(
    chromium: Browser, page_server: tuple[LocalServer, Path], emulator: LocalServer, attributes: str
) -> None:
    server, pages = page_server
    config = json.dumps({"interpreter": "/pyodide/pyodide.mjs", "packages": ["momento-web"]})
    script = SCRIPT.format(host=emulator.host, port=emulator.port)
    name = f"sync-client-{attributes or 'plain'}.html"
    (pages / name).write_text(PAGE.format(attributes=attributes, config=config, script=script), encoding="utf-8")
    context = chromium.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{server.url}/{name}")
        expect(page.locator("#out")).to_have_text("can_run_sync=True: hello from a synchronous client", timeout=60_000)
        assert errors == []
    finally:
        context.close()

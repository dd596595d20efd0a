"""pytest-pyodide in headless Chromium (Debian's /usr/bin/chromium + chromedriver), fully offline.

Fixtures for tests that run inside Pyodide (``@run_in_pyodide`` takes the fixture as first argument):

* ``selenium_sdk``: Pyodide with ``momento-web`` loaded *by name* from the assembled lock
  (``pyodide.loadPackage("momento-web")``; its lock entry depends on nothing, not even protobuf).
  One Pyodide per test module (``selenium_module_scope``); tests in a module share the interpreter.
* ``selenium`` (pytest-pyodide's): the same Pyodide instance without anything loaded explicitly.

``dist/web/pyodide`` must be assembled first (``./build.sh``); pytest must run from the repository root.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import get_global_config
from pytest_pyodide.fixture import selenium_context_manager
from pytest_pyodide.utils import parse_driver_timeout, set_webdriver_script_timeout

from scripts.localhost import CHROME, chrome_flags_for_tests

# Selenium Manager must not try the network (driver/browser downloads, usage stats).
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")

# Our offline and V8 flags, with pytest-pyodide's default --js-flags=--expose-gc, which set_flags() replaces.
CHROME_FLAGS = chrome_flags_for_tests("--expose-gc")
get_global_config().set_flags("chrome", CHROME_FLAGS)

SDK_PACKAGES = ["momento-web"]  # and whatever the lock's `depends` names (nothing, today)


def _check_dist_dir(config: pytest.Config) -> Path:
    dist_dir = Path(config.option.dist_dir)
    lock = dist_dir / "pyodide-lock.json"
    if not lock.is_file():
        pytest.fail(f"{dist_dir} has no Pyodide: run ./build.sh first (from the repo root)", pytrace=False)
    packages = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    if "momento-web" not in packages:
        pytest.fail(f"momento-web is not registered in {lock}: run ./build.sh", pytrace=False)
    return dist_dir


@pytest.fixture(scope="module")
def selenium_sdk_module(request: pytest.FixtureRequest, selenium_module_scope: Any) -> Any:
    """Module-scoped Pyodide with the SDK and its dependencies loaded by name."""
    _check_dist_dir(request.config)
    selenium_module_scope.load_package(SDK_PACKAGES)  # raises RuntimeError on any load error
    return selenium_module_scope


@pytest.fixture
def selenium_sdk(request: pytest.FixtureRequest, selenium_sdk_module: Any) -> Iterator[Any]:
    """Per-test view of ``selenium_sdk_module`` (fresh logs, per-test script timeout)."""
    with (
        selenium_context_manager(selenium_sdk_module) as selenium,
        set_webdriver_script_timeout(selenium, script_timeout=parse_driver_timeout(request.node)),
    ):
        yield selenium


@pytest.fixture(scope="module")
def playwright_browsers(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """For ``--runner=playwright``: launch the system Chromium instead of a downloaded browser."""
    opt = request.config.option
    if opt.runner.lower() != "playwright" or "chrome" not in opt.runtime:
        yield {}
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=CHROME_FLAGS)
        try:
            yield {"chrome": browser}
        finally:
            browser.close()

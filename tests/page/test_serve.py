"""``./build.sh serve`` end to end, on free ports and with ``SERVE_SKIP_BUILD=1`` (the tree is built already).

Its own emulator: the printed URLs work, the vending machine vends for the demo policy, a chat page joins, the
search page builds its index through the vending machine and finds as it is typed, and Ctrl-C (SIGINT to the
process group, as a terminal sends it) stops every process it started. With ``MOMENTO_API_KEY`` (here the key of
the test suite's ``--auth`` emulator): no emulator of its own, tokens that name that endpoint, and a plain ``kill``
(SIGTERM to build.sh alone) stops everything too. A vending machine that dies at start stops it at once, with its
own error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from momento_web import CredentialProvider
from scripts.localhost import HOST, free_port
from tests.conftest import ROOT, AuthEmulator
from tests.page.app_pages import CALL_TIMEOUT_MS, app_url, assert_local_only, join, open_app, reported, topic_name

START_TIMEOUT_S = 60.0  # three Python servers on a shared, loaded machine
STOP_TIMEOUT_S = 20.0
DEMO_REQUEST = {"cache": "demo-cache", "keyPrefix": "demo-"}  # within build.sh serve's demo policy


@dataclass(frozen=True)
class Serve:
    process: subprocess.Popen[bytes]  # build.sh, leader of its own process group
    log_path: Path
    emulator_port: int
    vending_port: int
    web_port: int

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def banner(self, label: str) -> str:
        """What the banner says after ``label:``, e.g. ``banner("Chat")``: the chat's URL."""
        found = re.search(rf"^  {re.escape(label)}: +(.+)$", self.output(), re.MULTILINE)
        assert found, f"no {label} line in:\n{self.output()}"
        return found.group(1)

    @property
    def ports(self) -> tuple[int, ...]:
        return self.emulator_port, self.vending_port, self.web_port

    def stop(self, signum: signal.Signals, *, group: bool) -> None:
        """Send ``signum`` (to the whole group, or to build.sh alone), then wait until no process of the group is
        left."""
        if group:
            os.killpg(self.process.pid, signum)
        else:
            self.process.send_signal(signum)
        self.process.wait(timeout=STOP_TIMEOUT_S)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while group_alive(self.process.pid):
            assert time.monotonic() < deadline, f"processes of build.sh serve outlived it:\n{self.output()}"
            time.sleep(0.05)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
        return True
    return False


@contextlib.contextmanager
def serving(*, banner: bool = True, **env: str) -> Iterator[Serve]:
    """``./build.sh serve`` with ``env`` on three free ports, once it has shown its banner (unless ``banner`` is
    false: at once); killed (the whole group) afterwards."""
    ports = free_port(), free_port(), free_port()
    while len(set(ports)) < len(ports):  # free now, each: the OS may offer one twice
        ports = free_port(), free_port(), free_port()
    base = {name: value for name, value in os.environ.items() if not name.startswith("MOMENTO_")}
    base.update(SERVE_SKIP_BUILD="1", EMULATOR_PORT=str(ports[0]), VENDING_PORT=str(ports[1]), WEB_PORT=str(ports[2]))
    with tempfile.TemporaryDirectory(prefix="build-sh-serve-") as tmp:
        env = {"SERVE_RUN_DIR": str(Path(tmp) / "run"), **env}  # never a developer's own .cache/serve
        log_path = Path(tmp) / "output.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(ROOT / "build.sh"), "serve"],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**base, **env},
                start_new_session=True,  # a process group of its own, as in a terminal: Ctrl-C and cleanup reach all
            )
        serve = Serve(process, log_path, *ports)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while banner and "Press Ctrl-C to stop them all." not in serve.output():
                if process.poll() is not None:
                    pytest.fail(f"build.sh serve exited with {process.returncode}:\n{serve.output()}", pytrace=False)
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"build.sh serve did not start in {START_TIMEOUT_S:.0f} s:\n{serve.output()}", pytrace=False
                    )
                time.sleep(0.1)
            yield serve
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)


def http_json(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET ``url``, or POST ``body`` as JSON; the JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, Any] = json.load(response)
    return answer


def vend(serve: Serve) -> str:
    """A demo-policy token from the vending machine the banner names; the endpoint it names."""
    vending = serve.banner("Vending machine").split()[0].removesuffix("/health")
    assert http_json(f"{vending}/health") == {"status": "ok"}
    token = http_json(f"{vending}/token", DEMO_REQUEST)
    assert token["scope"]["cache"] == "demo-cache"
    return CredentialProvider.from_disposable_token(token["authToken"]).cache_url


@pytest.mark.browser
def test_serve_runs_the_demo_stack_and_ctrl_c_stops_all_of_it(chromium: Browser, artifacts_dir: Path) -> None:
    with serving() as serve:
        assert vend(serve) == f"http://{HOST}:{serve.emulator_port}"
        chat_url = serve.banner("Chat")
        assert chat_url == app_url(
            f"http://{HOST}:{serve.web_port}", "/chat/", vending=f"http://{HOST}:{serve.vending_port}"
        )
        with urllib.request.urlopen(chat_url, timeout=10) as response:
            assert response.status == 200
            assert b'src="/chat/main.py"' in response.read()

        app = open_app(chromium, chat_url)
        try:
            with reported([app], artifacts_dir, "serve-chat"):
                app.wait_ready()
                join(app, "ann", topic_name())  # the demo policy allows any topic of the page's default cache
            assert_local_only([app])
        finally:
            app.page.context.close()

        search_url = serve.banner("Search")
        assert search_url == app_url(
            f"http://{HOST}:{serve.web_port}", "/search/", vending=f"http://{HOST}:{serve.vending_port}"
        )
        app = open_app(chromium, search_url)
        try:
            with reported([app], artifacts_dir, "serve-search"):
                app.wait_ready()
                # The demo policy lets the page create and fill its default index, demo-search.
                state = app.page.locator("#index-state")
                expect(state).to_have_attribute("data-state", "ready", timeout=CALL_TIMEOUT_MS)
                expect(app.page.locator("#index-detail")).to_contain_text("documents in demo-search")
                app.page.locator("#query").press_sequentially("moon landing", delay=30)
                first = app.page.locator("#results .result").first
                expect(first).to_have_attribute("data-id", "apollo-11", timeout=CALL_TIMEOUT_MS)
            assert_local_only([app])
        finally:
            app.page.context.close()

        serve.stop(signal.SIGINT, group=True)  # its exit status depends on who noticed first: build.sh or a server
        assert not any(listening(port) for port in serve.ports), serve.output()


def test_serve_with_an_api_key_starts_no_emulator_and_kill_stops_all_of_it(auth_emulator: AuthEmulator) -> None:
    with serving(MOMENTO_API_KEY=auth_emulator.super_user_key) as serve:
        assert vend(serve) == auth_emulator.url
        assert not listening(serve.emulator_port)
        assert "emulator" not in serve.banner("Momento")

        serve.stop(signal.SIGTERM, group=False)  # the servers get no signal: build.sh stops them
        assert serve.process.returncode == 130, serve.output()
        assert not any(listening(port) for port in serve.ports), serve.output()


def test_serve_stops_at_once_with_the_vending_machines_own_error_when_it_dies() -> None:
    with serving(banner=False, MOMENTO_API_KEY="not-a-key") as serve:
        serve.process.wait(timeout=START_TIMEOUT_S)
        output = serve.output()
        assert serve.process.returncode == 1, output
        assert f"the token vending machine exited before listening on {HOST}:{serve.vending_port}" in output
        assert re.search(r"ERROR momento_web_vending: .*MOMENTO_API_KEY", output), output
        assert not group_alive(serve.process.pid), output

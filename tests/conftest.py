"""Shared fixtures: real local servers started as subprocesses.

* ``emulator`` (session): ``python -m momento_web_emulator --host 127.0.0.1 --port <free port>``.
* ``topics_emulator`` (session): another one with the test admin and topic settings for topic tests.
* ``auth_emulator`` (session): another one in strict auth mode (``--auth``), with its super-user key.
* ``vending_machine`` (session): the token vending machine minting from ``auth_emulator``.
* ``web_server`` (session): ``scripts/serve.py`` serving ``web/`` and the assembled ``dist/web/`` (``./build.sh``).

Both listen on 127.0.0.1 on different ports, so a page served by ``web_server`` talking to ``emulator`` is
cross-origin and exercises CORS.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts.localhost import HOST, NotListening, free_port, wait_port

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"  # the apps' sources
SITE_DIR = ROOT / "dist" / "web"  # what ./build.sh assembled: Pyodide, PyScript, the wheels
START_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class LocalServer:
    """A server subprocess listening on ``host:port``."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def output(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


@contextlib.contextmanager
def run_server(
    name: str, args: list[str], host: str, port: int, env: dict[str, str] | None = None
) -> Iterator[LocalServer]:
    """Start ``sys.executable *args``, wait until ``host:port`` accepts TCP connections, stop it on exit.

    Fails the test (with the process output) if the process exits or does not listen within the timeout.
    """
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as tmp:
        log_path = Path(tmp) / "output.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, *args],
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
            )
        server = LocalServer(host, port, process, log_path)
        try:
            try:
                wait_port(host, port, alive=lambda: process.poll() is None, timeout=START_TIMEOUT_S, name=name)
            except NotListening as exc:
                pytest.fail(f"{exc} (exit code {process.poll()}):\n{server.output()}", pytrace=False)
            yield server
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture(scope="session")
def emulator() -> Iterator[LocalServer]:
    """The local Momento emulator as a real subprocess; ``.host``, ``.port``, ``.url``."""
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port)]
    with run_server("emulator", args, HOST, port) as server:
        yield server


# Topic tests get their own emulator: fast heartbeats, a replay buffer they can overrun, a per-cache subscription
# limit they can reach, and the test admin (see servers/emulator/src/momento_web_emulator/admin.py and `admin_request`).
TOPICS_HEARTBEAT_S = 0.2
TOPICS_BUFFER_SIZE = 1000
TOPICS_MAX_SUBSCRIPTIONS = 6


@pytest.fixture(scope="session")
def topics_emulator() -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--enable-test-admin"]
    args += ["--heartbeat-interval", str(TOPICS_HEARTBEAT_S), "--topic-buffer-size", str(TOPICS_BUFFER_SIZE)]
    args += ["--max-subscriptions", str(TOPICS_MAX_SUBSCRIPTIONS)]
    with run_server("topics-emulator", args, HOST, port) as server:
        yield server


@pytest.fixture
def topics_cache(topics_emulator: LocalServer) -> Iterator[str]:
    """A fresh cache on ``topics_emulator`` (sync, so browser tests can use it too), deleted afterwards."""
    import asyncio
    import uuid
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.responses import CreateCache

    name = f"topics-{uuid.uuid4().hex[:8]}"
    credentials = CredentialProvider.for_momento_local(topics_emulator.host, topics_emulator.port)

    async def control(create: bool) -> object:
        async with await CacheClientAsync.create(
            Configurations.Laptop.latest(), credentials, timedelta(minutes=1)
        ) as c:
            return await (c.create_cache(name) if create else c.delete_cache(name))

    assert asyncio.run(control(True)) == CreateCache.Success()
    yield name
    asyncio.run(control(False))  # a test may have deleted it already


AUTH_SECRET = "tests-auth-emulator-secret-0123456789abcdef"  # known, so tests can forge and verify tokens


@dataclass(frozen=True)
class AuthEmulator:
    """An emulator in strict auth mode (``--auth``): ``super_user_key`` is the key it printed at start."""

    server: LocalServer
    super_user_key: str
    secret: str = AUTH_SECRET

    @property
    def url(self) -> str:
        return self.server.url


@contextlib.contextmanager
def started_auth_emulator(name: str, *args: str, port: int | None = None) -> Iterator[AuthEmulator]:
    """A strict emulator (``--auth`` plus ``args``, on 127.0.0.1 unless ``--host`` is given; on ``port`` or a free
    one), once it has printed its super-user key."""
    port = port or free_port()
    command = ["-m", "momento_web_emulator", "--port", str(port), "--auth", "--auth-secret", AUTH_SECRET, *args]
    if "--host" not in args:
        command += ["--host", HOST]
    with run_server(name, command, HOST, port) as server:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (keys := [line for line in server.output().splitlines() if line.startswith("MOMENTO_API_KEY=")]):
            if time.monotonic() > deadline:
                pytest.fail(f"the --auth emulator printed no MOMENTO_API_KEY line:\n{server.output()}", pytrace=False)
            time.sleep(0.05)
        yield AuthEmulator(server, keys[0].removeprefix("MOMENTO_API_KEY="))


@pytest.fixture(scope="session")
def auth_emulator() -> Iterator[AuthEmulator]:
    with started_auth_emulator("auth-emulator") as emulator:
        yield emulator


VENDING_CACHE = "vending-cache"
VENDING_KEY_PREFIX = "vend-"
VENDING_TOPIC_PREFIX = "vend-"
VENDING_ORIGIN_REGEX = r"http://127\.0\.0\.1:[0-9]+"  # test pages (web_server, pytest-pyodide) on any local port


@dataclass(frozen=True)
class VendingMachine:
    """``python -m momento_web_vending`` minting from ``emulator`` with its super-user key: read-write
    on ``key_prefix`` keys and publish-subscribe on ``topic_prefix`` topics of ``cache`` (created at start), TTL at
    most 600 s, a rate limit no test reaches, CORS for ``VENDING_ORIGIN_REGEX``."""

    server: LocalServer
    emulator: AuthEmulator
    cache: str = VENDING_CACHE
    key_prefix: str = VENDING_KEY_PREFIX
    topic_prefix: str = VENDING_TOPIC_PREFIX

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="session")
def vending_machine(auth_emulator: AuthEmulator) -> Iterator[VendingMachine]:
    port = free_port()
    args = ["-m", "momento_web_vending", "--host", HOST, "--port", str(port), "--create-caches"]
    args += ["--cache", VENDING_CACHE, "--key-prefix", VENDING_KEY_PREFIX, "--topic-prefix", VENDING_TOPIC_PREFIX]
    args += ["--topic-access", "publish-subscribe", "--max-ttl", "600", "--allow-origin-regex", VENDING_ORIGIN_REGEX]
    args += ["--rate-per-minute", "60000", "--burst", "10000"]
    env = {name: value for name, value in os.environ.items() if name != "MOMENTO_ENDPOINT"}
    env["MOMENTO_API_KEY"] = auth_emulator.super_user_key
    with run_server("vending-machine", args, HOST, port, env=env) as server:
        yield VendingMachine(server, auth_emulator)


def admin_request(server: LocalServer, route: str, *, post: bool = False, **params: str) -> dict[str, Any]:
    """Call the emulator's test admin, e.g. ``admin_request(server, "topics/drop", post=True, status="OK")``."""
    url = f"{server.url}/_test_admin/{route}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, method="POST" if post else "GET")
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, Any] = json.load(response)
    return result


@pytest.fixture(scope="session")
def web_server() -> Iterator[LocalServer]:
    """Static server for ``web/`` with the assembled ``dist/web/`` laid over it (needs ``./build.sh`` first)."""
    if not (SITE_DIR / "pyodide" / "pyodide.mjs").is_file() or not (SITE_DIR / "npm" / "pyscript").is_dir():
        pytest.fail("dist/web/ is not assembled: run ./build.sh first", pytrace=False)
    port = free_port()
    args = [str(ROOT / "scripts" / "serve.py"), "--dir", str(WEB_DIR), "--dir", str(SITE_DIR)]
    args += ["--bind", HOST, "--port", str(port)]
    with run_server("web-server", args, HOST, port) as server:
        yield server


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections but never answers (for client deadlines)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                accepted.append(connection)
            except TimeoutError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()

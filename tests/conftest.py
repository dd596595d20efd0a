"""Shared fixtures: real local servers started as subprocesses.

* ``emulator`` (session): ``python -m momento_web.emulator --host 127.0.0.1 --port <free port>``.
* ``web_server`` (session): ``scripts/serve.py`` serving the assembled ``web/`` directory (``./build.sh``).

Both listen on 127.0.0.1 on different ports, so a page served by ``web_server`` talking to ``emulator`` is
cross-origin and exercises CORS.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
HOST = "127.0.0.1"
START_TIMEOUT_S = 20.0


def free_port(host: str = HOST) -> int:
    """A TCP port that is free right now on ``host`` (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


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


def _port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


@contextlib.contextmanager
def run_server(name: str, args: list[str], host: str, port: int) -> Iterator[LocalServer]:
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
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        server = LocalServer(host, port, process, log_path)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _port_open(host, port):
                if process.poll() is not None:
                    pytest.fail(
                        f"{name} exited with code {process.returncode} before listening on {host}:{port}:\n"
                        f"{server.output()}",
                        pytrace=False,
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"{name} did not listen on {host}:{port} within {START_TIMEOUT_S:.0f} s:\n{server.output()}",
                        pytrace=False,
                    )
                time.sleep(0.05)
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
    args = ["-m", "momento_web.emulator", "--host", HOST, "--port", str(port)]
    with run_server("emulator", args, HOST, port) as server:
        yield server


@pytest.fixture(scope="session")
def web_server() -> Iterator[LocalServer]:
    """Static server for the assembled ``web/`` directory (needs ``./build.sh`` first)."""
    if not (WEB_DIR / "pyodide" / "pyodide.mjs").is_file() or not (WEB_DIR / "npm" / "pyscript").is_dir():
        pytest.fail("web/ is not assembled: run ./build.sh first", pytrace=False)
    port = free_port()
    args = [str(ROOT / "scripts" / "serve.py"), "--dir", str(WEB_DIR), "--bind", HOST, "--port", str(port)]
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

"""The processes a benchmark run needs: the emulator, a static server for the page, the esbuild bundle."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scripts.localhost import CHROME, NotListening, free_port, wait_port
from scripts.localhost import CHROME_FLAGS as OFFLINE_CHROME_FLAGS
from scripts.serve import StaticHandler, StaticServer

LOG = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Assembled by ./build.sh; BENCH_PYODIDE_DIR points the bench at another assembled copy (an experiment's wheel).
PYODIDE_DIR = Path(os.environ.get("BENCH_PYODIDE_DIR") or ROOT / "dist" / "web" / "pyodide")
BUNDLE = BENCH / "dist" / "official-sdk.mjs"
# URL prefix -> directory. Everything is same-origin; only the emulator (another port) is cross-origin.
ROUTES = {"/pyodide/": PYODIDE_DIR, "/bench/": BENCH / "page", "/dist/": BENCH / "dist"}


class BenchError(RuntimeError):
    """The instrument itself is broken (as opposed to slow figures, which are only reported)."""


# --- the esbuild bundle of the official SDK ------------------------------------------------------------------------


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise BenchError("npm is required to bundle the official SDK")
    return npm


def ensure_bundle() -> Path:
    """``npm ci`` (when the lockfile changed) and ``npm run bundle`` (when the bundle is older than its inputs)."""
    lock = BENCH / "package-lock.json"
    installed = BENCH / "node_modules" / ".package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        LOG.info("npm ci --prefix bench")
        subprocess.run([_npm(), "ci", "--no-audit", "--no-fund", "--prefix", str(BENCH)], check=True)
    inputs = [lock, BENCH / "page" / "official-entry.mjs"]
    if not BUNDLE.is_file() or BUNDLE.stat().st_mtime < max(p.stat().st_mtime for p in inputs):
        LOG.info("bundling @gomomento/sdk-web with esbuild")
        subprocess.run([_npm(), "run", "--silent", "--prefix", str(BENCH), "bundle"], check=True)
    return BUNDLE


# --- static server and the page's line to the driver ---------------------------------------------------------------


class Mailbox:
    """What the page reads (the plan) and posts (reports) under ``/driver/``; reports queue up for the driver."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = json.dumps(plan).encode("utf-8")
        self.reports: queue.Queue[dict[str, Any]] = queue.Queue()
        # Called on the server thread as each report arrives, before the page is answered (e.g. to sample CPU).
        self.on_report: list[Callable[[dict[str, Any]], None]] = []


class _Server(StaticServer):
    mailbox: Mailbox


class BenchHandler(StaticHandler):
    """``scripts/serve.py``'s handler over several roots, with cross-origin isolation and the driver's mailbox.

    COOP + COEP make the page cross-origin isolated, which gives ``performance.now()`` (and so Pyodide's
    ``time.perf_counter``) 5 µs instead of 100 µs resolution. Cross-origin calls to the emulator are CORS requests,
    which COEP allows.
    """

    server: _Server

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        for prefix, root in ROUTES.items():
            if clean.startswith(prefix):
                self.directory = str(root)
                # One root per route: the plain lookup, not StaticHandler's layered one.
                return SimpleHTTPRequestHandler.translate_path(self, "/" + clean[len(prefix) :])
        return str(BENCH / "page" / "does-not-exist")

    def end_headers(self) -> None:
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        super().end_headers()

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/driver/plan":
            self._reply(200, self.server.mailbox.plan, "application/json")
        elif urlsplit(self.path).path == "/favicon.ico":
            self._reply(204, b"", "text/plain")
        else:
            super().do_GET()

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/driver/report":
            self._reply(404, b"", "text/plain")
            return
        length = int(self.headers.get("content-length", "0"))
        try:
            report = json.loads(self.rfile.read(length))
        except ValueError:
            self._reply(400, b"", "text/plain")
            return
        for hook in self.server.mailbox.on_report:
            hook(report)
        self.server.mailbox.reports.put(report)
        self._reply(204, b"", "text/plain")

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def static_server(mailbox: Mailbox, host: str = "127.0.0.1") -> Iterator[str]:
    server = _Server((host, 0), BenchHandler)
    server.mailbox = mailbox
    thread = threading.Thread(target=server.serve_forever, name="bench-static", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- Chromium, without a DevTools connection -----------------------------------------------------------------------

# The tests' offline flags, plus what a browser with no driver needs to stay headless and quiet.
CHROME_FLAGS = ("--headless", *OFFLINE_CHROME_FLAGS, "--disable-extensions", "--mute-audio")


def chromium_version() -> str:
    out = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\d+(\.\d+)+", out)
    return match.group(0) if match else "unknown"


@dataclass
class Browser:
    """A running Chromium and its log: console messages and crashes (``--enable-logging=stderr``)."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def output(self, tail: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""


@contextlib.contextmanager
def chromium(url: str) -> Iterator[Browser]:
    """A fresh headless Chromium (own profile: cold caches, own connection pool) showing ``url``."""
    if not Path(CHROME).is_file():
        raise BenchError(f"{CHROME} not found (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="bench-chromium-", ignore_cleanup_errors=True) as tmp:
        profile, log_path = Path(tmp) / "profile", Path(tmp) / "chromium.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                # The page's console goes to the log too, so a page that goes silent can be explained.
                [CHROME, *CHROME_FLAGS, "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", url],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so its helper processes are stopped with it
            )
        try:
            yield Browser(process, log_path)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# --- emulator ------------------------------------------------------------------------------------------------------


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def cpu_seconds(self) -> float:
        """User + system CPU time of the emulator process so far (Linux /proc)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


@contextlib.contextmanager
def emulator(host: str = "127.0.0.1") -> Iterator[Emulator]:
    port = free_port(host)
    with tempfile.TemporaryDirectory(prefix="bench-emulator-") as tmp:
        log_path = Path(tmp) / "emulator.log"
        with log_path.open("wb") as log:
            cmd = [sys.executable, "-m", "momento_web_emulator", "--host", host, "--port", str(port)]
            process = subprocess.Popen([*cmd, "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
            try:
                try:
                    wait_port(host, port, alive=lambda: process.poll() is None, timeout=30, name="the emulator")
                except NotListening as exc:
                    raise BenchError(f"{exc}: {log_path.read_text(errors='replace')[-4000:]}") from None
                yield Emulator(f"http://{host}:{port}", process, log_path)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def pyodide_ready() -> Path:
    """Raise unless ``./build.sh`` has assembled Pyodide with momento-web registered."""
    lock = PYODIDE_DIR / "pyodide-lock.json"
    if not lock.is_file() or '"momento-web"' not in lock.read_text(encoding="utf-8"):
        raise BenchError(f"{lock} is missing or lacks momento-web: run ./build.sh first")
    return lock

"""What the tests, the benchmark and ``./build.sh serve`` share for running servers and Chromium on this machine.

* ``free_port`` and ``wait_port``: a port for a server we are about to start, and the wait until it listens
  (failing fast when its process exits first).
* ``CHROME`` and ``CHROME_FLAGS``: Debian's Chromium, flags for root in a container and for a machine that is
  offline (no calls to Google services); ``chrome_flags_for_tests`` adds the V8 flags the browser tests need.

``python scripts/localhost.py wait-port NAME HOST PORT PID SECONDS`` is the same wait for shell scripts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from collections.abc import Callable

HOST = "127.0.0.1"

CHROME = os.environ.get("CHROME_BIN", "/usr/bin/chromium")
# --no-sandbox: root in a container; the --disable-* flags keep an offline Chromium from calling Google services.
CHROME_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Not --disable-dev-shm-usage: with it, about one full run of the browser tests in five lost a renderer ("tab
    # crashed"); none did in six runs without it.
)

# V8 flags for the browser tests, which need them in one switch: Chromium keeps the last --js-flags it is given.
# --wasm-growable-stacks: Chromium 156's renderer now and then dies of a SIGSEGV in a loop that walks the stack by
# frame pointers and scans up to 8 KB above a frame for the next one (its constants are base::debug's
# ScanStackForNextFrame's). It does so on a JSPI stack, where Pyodide runs Python: near that stack's top, the scan
# reads the guard page above it. All 11 crash dumps of a day had that instruction and a fault address just past
# the stack. Looping `tests/page` lost a renderer in 4 of 36 runs without this flag (some with other stack flags),
# and in none of 20 with it: V8 then grows JSPI stacks in segments. The benchmark runs Chromium as users do.
TEST_V8_FLAGS = ("--wasm-growable-stacks",)


def chrome_flags_for_tests(*v8_flags: str) -> list[str]:
    """:data:`CHROME_FLAGS`, and :data:`TEST_V8_FLAGS` with ``v8_flags`` in the one ``--js-flags``."""
    return [*CHROME_FLAGS, "--js-flags=" + " ".join((*TEST_V8_FLAGS, *v8_flags))]


class NotListening(RuntimeError):
    """The server exited, or did not listen in time."""


def free_port(host: str = HOST) -> int:
    """A TCP port that is free right now on ``host`` (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    # A zombie still "exists": it has exited all the same.
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def wait_port(
    host: str,
    port: int,
    *,
    alive: Callable[[], bool] | None = None,
    timeout: float = 20.0,
    name: str = "the server",
) -> None:
    """Return once ``host:port`` accepts connections; raise :class:`NotListening` if ``alive()`` turns false first
    (the server's process exited) or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not port_open(host, port):
        if alive is not None and not alive():
            raise NotListening(f"{name} exited before listening on {host}:{port}")
        if time.monotonic() > deadline:
            raise NotListening(f"{name} did not listen on {host}:{port} within {timeout:g} s")
        time.sleep(0.05)


def main(argv: list[str]) -> int:
    if len(argv) != 6 or argv[0] != "wait-port":
        print("usage: localhost.py wait-port NAME HOST PORT PID SECONDS", file=sys.stderr)
        return 2
    _, name, host, port, pid, seconds = argv
    try:
        wait_port(host, int(port), alive=lambda: _pid_alive(int(pid)), timeout=float(seconds), name=name)
    except NotListening as exc:
        print(f"{exc} (its error is above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The static server of ``scripts/serve.py`` (also the bench's): a page's first load opens many connections at
once, and none of them may wait for a retried handshake (1, 2, 4 ... s) behind a full listen backlog."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

from scripts.localhost import HOST
from scripts.serve import make_server

BURST = 48  # about what a fresh Chromium opens for a Pyodide page, with room to spare


def test_a_burst_of_connections_is_queued_before_the_server_accepts_any(tmp_path: Path) -> None:
    server = make_server([tmp_path], bind=HOST, port=0)
    port = server.server_address[1]
    try:
        with contextlib.ExitStack() as stack:
            # Not serving yet: every connection must complete from the listen backlog alone. With Python's default
            # backlog of 5 the kernel drops the handshakes beyond it, and these connects time out.
            for _ in range(BURST):
                sock = stack.enter_context(socket.create_connection((HOST, port), timeout=0.5))
                assert sock.getpeername()[1] == port
    finally:
        server.server_close()

"""The ``agent`` and ``runtime-version`` headers a client sends on its first call."""

from __future__ import annotations

import sys

from momento_web import __version__

SDK_NAME = "python-web"
VERSION = __version__


def first_call_metadata(client_type: str) -> dict[str, str]:
    """``client_type`` is ``cache``, ``topic`` or ``auth``, as in the official SDKs' ``agent`` header."""
    info = sys.version_info
    runtime = f"python {info.major}.{info.minor}.{info.micro} ({info.releaselevel} {info.serial})"
    if sys.platform == "emscripten":
        runtime += " pyodide"
    return {"agent": f"{SDK_NAME}:{client_type}:{VERSION}", "runtime-version": runtime}

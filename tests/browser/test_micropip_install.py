"""``micropip.install(<wheel URL>)`` installs the SDK in a fresh Pyodide, offline: it has no dependencies there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

pytestmark = pytest.mark.browser


@run_in_pyodide(packages=["micropip"])
async def _install_by_url(selenium: Any, wheel_name: str) -> None:
    import importlib.util

    import micropip

    assert importlib.util.find_spec("momento_web") is None  # a fresh interpreter
    await micropip.install(wheel_name)  # relative to the page: the assembled dist/web/pyodide directory
    import sys

    import momento_web
    from momento_web._messages import cacheclient
    from momento_web.wire.grpc_web import encode_frame

    assert momento_web.__version__ == "0.1.0"
    assert momento_web.CacheClientAsync.__name__ == "CacheClientAsync"
    assert cacheclient._GetRequest(cache_key=b"k").SerializeToString() == b"\n\x01k"
    assert encode_frame(b"", text=True) == b"AAAAAAA="
    # No dependency came along: neither google.protobuf (the SDK has its own codec) nor httpx (host only).
    assert not [name for name in sys.modules if name.startswith("google")]
    assert importlib.util.find_spec("google") is None
    assert importlib.util.find_spec("httpx") is None
    # The servers are distributions of their own: nothing of them comes with the SDK.
    assert importlib.util.find_spec("momento_web_emulator") is None


def test_micropip_installs_the_wheel_by_url(selenium: Any, request: pytest.FixtureRequest) -> None:
    wheels = sorted(Path(request.config.option.dist_dir).glob("momento_web-*-py3-none-any.whl"))
    assert wheels, "no momento_web wheel in the dist dir: run ./build.sh"
    _install_by_url(selenium, wheels[-1].name)

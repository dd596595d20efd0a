"""The served SDK wheel put on ``sys.path`` as it is (zipimport), the way a page can load it without
``loadPackage``: fetched, written to Pyodide's file system, appended to the path. It works whatever the wheel's
layout, and runs bytecode when the wheel carries it beside the sources (``momento_web._precompiled``)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _from_the_zip(selenium: Any, wheel_name: str, host: str, port: int) -> bool:
    import importlib
    import sys
    from datetime import timedelta

    from pyodide.http import pyfetch

    path = f"/lib/{wheel_name}"
    data = await (await pyfetch(wheel_name)).bytes()  # relative to the page: the assembled dist/web/pyodide

    def write() -> None:
        with open(path, "wb") as file:
            file.write(data)

    write()
    # First on the path, and anything imported before forgotten: this interpreter may have the SDK installed.
    for name in [n for n in sys.modules if n == "momento_web" or n.startswith("momento_web.")]:
        del sys.modules[name]
    sys.path.insert(0, path)
    importlib.invalidate_caches()

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.internal import channel
    from momento_web.responses import CacheGet

    assert channel.__file__.startswith(f"{path}/momento_web/"), channel.__file__
    credentials = CredentialProvider.for_momento_local(host, port)
    async with await CacheClientAsync.create(
        Configurations.Browser.latest(), credentials, timedelta(seconds=60)
    ) as client:
        await client.create_cache("zip-mounted")
        await client.set("zip-mounted", "k", "v")
        assert await client.get("zip-mounted", "k") == CacheGet.Hit(b"v")
    from momento_web._precompiled import PrecompiledFinder

    return isinstance(channel.__loader__, PrecompiledFinder)


def test_the_wheel_on_sys_path(selenium: Any, emulator: LocalServer, request: pytest.FixtureRequest) -> None:
    wheels = sorted(Path(request.config.option.dist_dir).glob("momento_web-*-py3-none-any.whl"))
    assert wheels, "no momento_web wheel in the dist dir: run ./build.sh"
    with zipfile.ZipFile(wheels[-1]) as wheel:
        # zipimport reads bytecode beside the sources only: the package's __init__ has its own there, and
        # use_precompiled reads the rest from one file.
        assert {"momento_web/__init__.pyc", "momento_web/_bytecode.cpython-314.marshal"} <= set(wheel.namelist())
    assert _from_the_zip(selenium, wheels[-1].name, emulator.host, emulator.port)

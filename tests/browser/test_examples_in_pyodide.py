"""momento's documented examples (``tests/examples/``) inside Pyodide in headless Chromium: the same files the CPython
runners use, with only ``momento`` -> ``momento_web`` changed in their imports, against the emulator over gRPC-web
and CORS. The synchronous examples wait by JSPI (``@run_in_pyodide`` runs code with ``pyodide.runPythonAsync``,
where ``can_run_sync()`` is true); the async ones are awaited on Pyodide's event loop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.examples._suite import (
    changed_lines,
    example_environment,
    example_paths,
    is_async,
    is_import_rewrite,
    to_momento_web,
)

pytestmark = pytest.mark.browser

EXAMPLES = example_paths()


@run_in_pyodide
def _run_sync_example(selenium: Any, source: str, filename: str, env: dict[str, str]) -> None:
    import inspect
    import os

    from pyodide.ffi import can_run_sync

    assert can_run_sync()
    os.environ.update(env)
    namespace: dict[str, Any] = {"__name__": "example"}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own example files
    assert not inspect.iscoroutinefunction(namespace["main"])
    namespace["main"]()


@run_in_pyodide
async def _run_async_example(selenium: Any, source: str, filename: str, env: dict[str, str]) -> None:
    import inspect
    import os

    os.environ.update(env)
    namespace: dict[str, Any] = {"__name__": "example"}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own example files
    assert inspect.iscoroutinefunction(namespace["main"])
    await namespace["main"]()


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_runs_in_pyodide(path: Path, selenium_sdk: Any, request: pytest.FixtureRequest) -> None:
    source = path.read_text(encoding="utf-8")
    rewritten = to_momento_web(source)
    assert [pair for pair in changed_lines(source, rewritten) if not is_import_rewrite(*pair)] == []

    env = example_environment(source, request)
    run = _run_async_example if is_async(source) else _run_sync_example
    run(selenium_sdk, rewritten, path.name, env)

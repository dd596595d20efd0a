"""The documented examples of ``tests/examples/``, untouched, run with the official ``momento`` SDK (grpcio over h2c)
against the same kinds of emulator ``tests/integration/test_examples.py`` runs them on with ``momento_web``: proof
that the examples are momento code and that what they assert is momento's behaviour.

Each runs in a subprocess: momento's protobuf modules and the tests' oracle cannot share a process.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.examples._suite import example_environment, example_paths

EXAMPLES = example_paths()
EXAMPLE_TIMEOUT_S = 60
# Runs an example file as it is: its main(), awaited if it is a coroutine function; "passed" once it returned.
DRIVER = """
import asyncio, inspect, runpy, sys
main = runpy.run_path(sys.argv[1], run_name="example")["main"]
asyncio.run(main()) if inspect.iscoroutinefunction(main) else main()
print("passed")
"""


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_runs_on_the_official_momento(path: Path, request: pytest.FixtureRequest) -> None:
    assert importlib.util.find_spec("momento") is not None, "momento is in the dev dependency group"
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOMENTO_")}
    env |= example_environment(path.read_text(encoding="utf-8"), request)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=EXAMPLE_TIMEOUT_S,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "passed"), done.stderr

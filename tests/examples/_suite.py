"""What the three runners of the documented examples share: the example files, and the one rewrite allowed.

Each example in this folder is written for the official ``momento`` SDK as its documentation writes it; the runners
(``tests/integration/test_examples.py`` on CPython, ``tests/peer/test_examples_official_momento.py`` with momento
itself, ``tests/browser/test_examples_in_pyodide.py`` in Pyodide) run every one of them. For ``momento_web`` the
only change is ``momento`` -> ``momento_web`` in the import statements, which :func:`to_momento_web` makes and
:func:`changed_lines` proves.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

EXAMPLES_DIR = Path(__file__).resolve().parent
# ``from momento...`` / ``import momento...`` at the start of a line; ``momento_web`` itself does not match.
_IMPORT = re.compile(r"^(?P<head>\s*(?:from|import)\s+)momento(?=[\s.])", re.MULTILINE)


def example_paths() -> list[Path]:
    """Every example program in this folder (this module aside), sorted by name."""
    return sorted(path for path in EXAMPLES_DIR.glob("*.py") if not path.name.startswith("_"))


def is_async(source: str) -> bool:
    """Whether the example's entry point is ``async def main()``."""
    return re.search(r"^async def main\(\)", source, re.MULTILINE) is not None


def needs_api_key(source: str) -> bool:
    """Whether the example reads the emulator's super-user key (``MOMENTO_API_KEY``): it runs against an emulator in
    strict auth mode; the others use momento-local credentials (no key) on a plain one."""
    return 'os.environ["MOMENTO_API_KEY"]' in source


def example_environment(source: str, request: pytest.FixtureRequest) -> dict[str, str]:
    """The variables an example reads to reach its emulator (``MOMENTO_HOST``, ``MOMENTO_PORT``, and
    ``MOMENTO_API_KEY`` where :func:`needs_api_key`), from the test session's emulator fixtures."""
    from tests.conftest import AuthEmulator, LocalServer

    if needs_api_key(source):
        auth: AuthEmulator = request.getfixturevalue("auth_emulator")
        return {
            "MOMENTO_HOST": auth.server.host,
            "MOMENTO_PORT": str(auth.server.port),
            "MOMENTO_API_KEY": auth.super_user_key,
        }
    server: LocalServer = request.getfixturevalue("emulator")
    return {"MOMENTO_HOST": server.host, "MOMENTO_PORT": str(server.port)}


def to_momento_web(source: str) -> str:
    """The example with its ``momento`` imports pointed at ``momento_web``; nothing else changes."""
    return _IMPORT.sub(r"\g<head>momento_web", source)


def changed_lines(original: str, rewritten: str) -> list[tuple[str, str]]:
    """The (old, new) pairs of lines that differ, line by line; the texts must have as many lines as each other."""
    old, new = original.splitlines(), rewritten.splitlines()
    assert len(old) == len(new), "the rewrite added or removed lines"
    return [(before, after) for before, after in zip(old, new, strict=True) if before != after]


def is_import_rewrite(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with the module ``momento`` renamed ``momento_web`` in an import statement."""
    match = re.fullmatch(r"(\s*(?:from|import)\s+)momento([.\s].*)?", old)
    return match is not None and new == f"{match.group(1)}momento_web{match.group(2) or ''}"

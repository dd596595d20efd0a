"""The SDK imports no server code and no server-side library; the servers import none of the SDK's internals
(nor google.protobuf, nor the tests).

Checked twice: an ``ast`` walk over every source module (whatever the linter says), and a probe that ruff's
banned-api rule (TID251, configured in ``src/momento_web/ruff.toml`` and ``servers/ruff.toml``) really applies
to files in those folders: a nested config that ruff did not pick up would otherwise pass silently.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "src" / "momento_web"
SERVER_PACKAGES = sorted(p for p in ROOT.glob("servers/*/src/*") if (p / "__init__.py").is_file())

# What the SDK must never import, whatever else the ruff config adds; the config is checked to cover these.
SDK_REQUIRED_BANS = frozenset(
    {
        "momento_web_emulator",
        "momento_web_vending",
        "momento_web_serving",
        "hypercorn",
        "starlette",
        "numpy",
        "jwt",
        "google.protobuf",
        "httpx",
    }
)
# The CPython transport is the one SDK module that imports httpx (lazily, never in Pyodide).
HTTPX_MODULE = SDK / "transport" / "httpx_transport.py"
SERVER_BANS = frozenset({"momento_web.internal", "google.protobuf", "tests"})


def _configured_bans(config: Path) -> frozenset[str]:
    with config.open("rb") as fh:
        settings = tomllib.load(fh)
    return frozenset(settings["lint"]["flake8-tidy-imports"]["banned-api"])


SDK_BANS = _configured_bans(SDK / "ruff.toml")


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every absolute import; ``from a import b`` yields both ``a`` and ``a.b``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _is_within(name: str, banned: str) -> bool:
    return name == banned or name.startswith(banned + ".")


def _violations(paths: list[Path], bans: frozenset[str], allowed: dict[Path, str] | None = None) -> list[str]:
    found = []
    for path in paths:
        for line, name in _imports(path):
            for banned in bans:
                if _is_within(name, banned) and (allowed or {}).get(path) != banned:
                    found.append(f"{path}:{line}: {name}")
    return found


def _sdk_modules() -> list[Path]:
    return sorted(SDK.rglob("*.py"))


def test_the_ruff_config_bans_at_least_the_required_modules() -> None:
    assert sorted(SDK_REQUIRED_BANS - SDK_BANS) == []
    assert _configured_bans(ROOT / "servers" / "ruff.toml") == SERVER_BANS


def test_sdk_modules_import_no_server_code_or_server_library() -> None:
    modules = _sdk_modules()
    assert len(modules) > 50  # the walk found the package
    assert _violations(modules, SDK_BANS, allowed={HTTPX_MODULE: "httpx"}) == []


def test_server_modules_import_none_of_the_sdk_internals() -> None:
    assert [p.name for p in SERVER_PACKAGES] == ["momento_web_emulator", "momento_web_serving", "momento_web_vending"]
    modules = sorted(m for package in SERVER_PACKAGES for m in package.rglob("*.py"))
    assert _violations(modules, SERVER_BANS) == []


def test_the_ast_walk_sees_every_import_form(tmp_path: Path) -> None:
    # The check above must be able to fail: each way of writing a banned import is reported.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import jwt\n"
        "import google.protobuf.message as m\n"
        "from momento_web import internal\n"
        "from momento_web.internal.channel import Channel\n"
        "def lazy() -> None:\n"
        "    import hypercorn.config\n"
        "import jwtx, momento_web.wire\n",  # look-alikes: not banned
        encoding="utf-8",
    )
    bans = frozenset({"jwt", "google.protobuf", "hypercorn", "momento_web.internal"})
    assert _violations([probe], bans) == [
        f"{probe}:1: jwt",
        f"{probe}:2: google.protobuf.message",
        f"{probe}:3: momento_web.internal",
        f"{probe}:4: momento_web.internal.channel",
        f"{probe}:4: momento_web.internal.channel.Channel",
        f"{probe}:6: hypercorn.config",
    ]


def _ruff_banned(source: str, as_if_at: Path) -> set[str]:
    """The banned modules ruff reports for ``source``, linted with the settings of a file at ``as_if_at``."""
    lint = [sys.executable, "-m", "ruff", "check", "--select", "TID251", "--output-format", "json"]
    result = subprocess.run(
        [*lint, "--stdin-filename", str(as_if_at.relative_to(ROOT)), "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    reported = json.loads(result.stdout)
    assert {r["code"] for r in reported} <= {"TID251"}
    # The message starts with the banned name in backticks: "`jwt` is banned: ...".
    return {r["message"].split("`")[1] for r in reported}


@pytest.mark.parametrize("folder", [SDK, SDK / "internal" / "topics"], ids=["package", "subpackage"])
def test_ruff_bans_server_imports_in_the_sdk(folder: Path) -> None:
    source = "".join(f"import {name}\n" for name in sorted(SDK_BANS))
    assert _ruff_banned(source, folder / "_import_ban_probe.py") == SDK_BANS


def test_ruff_bans_sdk_internals_in_every_server() -> None:
    source = (
        "from momento_web import internal\nimport momento_web.internal.channel\nimport momento_web.wire\n"
        "from google.protobuf import message\nfrom tests.protobuf_oracle import cacheclient_pb2\n"
    )
    for package in SERVER_PACKAGES:
        assert _ruff_banned(source, package / "_import_ban_probe.py") == SERVER_BANS, package.name


def test_ruff_bans_are_scoped_to_their_folders() -> None:
    # Tests may start servers and poke at internals: the bans are the SDK's and the servers' alone.
    source = "import momento_web_emulator\nimport momento_web.internal\nimport google.protobuf\n"
    assert _ruff_banned(source, ROOT / "tests" / "unit" / "_import_ban_probe.py") == set()

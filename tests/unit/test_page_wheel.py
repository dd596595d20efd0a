"""The wheel served to pages (scripts/assemble_web.py) leaves the SDK's server side out, RECORD to match."""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))  # the build scripts import each other as top-level modules

from assemble_web import SERVER_ONLY, is_server_only, strip_server_only  # noqa: E402
from compile_wheels import compile_wheel  # noqa: E402

DIST_INFO = "momento_web-0.1.0.dist-info"
KEPT = [
    "momento_web/__init__.py",
    "momento_web/cache_client.py",
    "momento_web/__pycache__/cache_client.cpython-314.pyc",
    "momento_web/wire/protobuf.py",
    "momento_web_emulator_notes.py",  # a prefix of a listed directory's name, not inside it
    f"{DIST_INFO}/METADATA",
    f"{DIST_INFO}/WHEEL",
]
STRIPPED = [
    "servers/serving/src/momento_web_serving/__init__.py",
    "momento_web/__pycache__/_server.cpython-314.pyc",
    "momento_web_emulator/__init__.py",
    "momento_web_emulator/__pycache__/server.cpython-314.pyc",
    "momento_web/_generated/cacheclient_pb2.py",
    "momento_web_vending/__main__.py",
]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def _fake_wheel(path: Path) -> Path:
    files = {name: f"# {name}\n".encode() for name in [*KEPT, *STRIPPED]}
    record = "".join(_record_line(name, data) for name, data in files.items()) + f"{DIST_INFO}/RECORD,,\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
        wheel.writestr(zipfile.ZipInfo(f"{DIST_INFO}/RECORD", date_time=(2024, 1, 1, 0, 0, 0)), record)
    return path


def _assert_record_lists_exactly_the_members(wheel: zipfile.ZipFile) -> None:
    rows = list(csv.reader(io.StringIO(wheel.read(f"{DIST_INFO}/RECORD").decode())))
    assert [row[0] for row in rows] == wheel.namelist()  # every member once, RECORD last
    assert rows[-1] == [f"{DIST_INFO}/RECORD", "", ""]
    for name, hash_, size in rows[:-1]:
        data = wheel.read(name)
        assert hash_ == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert int(size) == len(data), name


def test_strip_leaves_server_only_modules_and_their_bytecode_out_and_rewrites_record(tmp_path: Path) -> None:
    wheel = _fake_wheel(tmp_path / "momento_web-0.1.0-py3-none-any.whl")
    assert strip_server_only(wheel)
    with zipfile.ZipFile(wheel) as trimmed:
        assert trimmed.namelist() == [*KEPT, f"{DIST_INFO}/RECORD"]
        assert trimmed.read("momento_web/cache_client.py") == b"# momento_web/cache_client.py\n"
        _assert_record_lists_exactly_the_members(trimmed)


def test_strip_is_idempotent_and_deterministic(tmp_path: Path) -> None:
    first = _fake_wheel(tmp_path / "a.whl")
    second = _fake_wheel(tmp_path / "b.whl")
    assert strip_server_only(first) and strip_server_only(second)
    trimmed = first.read_bytes()
    assert second.read_bytes() == trimmed
    assert not strip_server_only(first)  # nothing left to strip: the file is not rewritten
    assert first.read_bytes() == trimmed


def test_bytecode_added_after_stripping_keeps_record_exact(tmp_path: Path) -> None:
    wheel = _fake_wheel(tmp_path / "momento_web-0.1.0-py3-none-any.whl")
    strip_server_only(wheel)
    assert compile_wheel(wheel)  # host bytecode here; the same RECORD rewriting as for Pyodide's
    with zipfile.ZipFile(wheel) as compiled:
        assert not [name for name in compiled.namelist() if is_server_only(name)]
        assert f"momento_web/wire/__pycache__/protobuf.{sys.implementation.cache_tag}.pyc" in compiled.namelist()
        _assert_record_lists_exactly_the_members(compiled)


@pytest.mark.parametrize("entry", SERVER_ONLY)
def test_every_server_only_entry_names_a_real_module(entry: str) -> None:
    path = ROOT / "src" / entry
    assert path.is_dir() if entry.endswith("/") else path.is_file(), entry


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
    return names


def _is_server_only_module(module: str) -> bool:
    path = module.replace(".", "/")
    return is_server_only(f"{path}.py") or is_server_only(f"{path}/")


def test_no_module_a_page_gets_imports_a_server_only_one() -> None:
    # Absolute imports only: the SDK has no relative imports outside _generated (which is server-only itself).
    src = ROOT / "src"
    offenders = []
    for path in sorted((src / "momento_web").rglob("*.py")):
        name = path.relative_to(src).as_posix()
        if is_server_only(name):
            continue
        for module in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_server_only_module(module):
                offenders.append(f"{name} imports {module}")
    assert offenders == []

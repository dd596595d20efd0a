"""The SDK's distribution is the very wheel pages load: no server code in it, the same bytes in dist/ and in the
served site, and installable by pip as it is. Needs ``./build.sh`` (it builds both)."""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.compile_wheels import compile_wheel

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
SITE_PYODIDE = DIST / "web" / "pyodide"
SERVER_PACKAGES = ("momento_web_emulator", "momento_web_vending", "momento_web_serving")
SERVER_SIDE = (*SERVER_PACKAGES, "google", "hypercorn", "starlette", "jwt")


def _imported_modules(source: bytes) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def _built_wheel() -> Path:
    wheels = sorted(DIST.glob("momento_web-*-py3-none-any.whl"))
    if len(wheels) != 1:
        pytest.fail(f"expected one SDK wheel in {DIST}, found {wheels}: run ./build.sh", pytrace=False)
    return wheels[0]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_record_lists_exactly_the_members(wheel: zipfile.ZipFile, dist_info: str) -> None:
    rows = list(csv.reader(io.StringIO(wheel.read(f"{dist_info}/RECORD").decode())))
    assert [row[0] for row in rows] == wheel.namelist()  # every member once, RECORD last
    assert rows[-1] == [f"{dist_info}/RECORD", "", ""]
    for name, hash_, size in rows[:-1]:
        data = wheel.read(name)
        assert hash_ == "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert int(size) == len(data), name


def test_the_served_wheel_is_the_built_distribution_byte_for_byte() -> None:
    built = _built_wheel()
    served = SITE_PYODIDE / built.name
    assert _sha256(served) == _sha256(built)
    lock = json.loads((SITE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["momento-web"]
    assert (entry["file_name"], entry["sha256"], entry["depends"]) == (built.name, _sha256(built), [])
    assert sorted(p.name for p in SITE_PYODIDE.glob("momento_web-*.whl")) == [built.name]


def test_the_sdk_wheel_holds_the_sdk_alone() -> None:
    with zipfile.ZipFile(_built_wheel()) as wheel:
        names = wheel.namelist()
        dist_info = next(name.split("/")[0] for name in names if name.endswith(".dist-info/METADATA"))
        assert {name.split("/")[0] for name in names} == {"momento_web", dist_info}
        assert [name for name in names if name.startswith(("momento_web/_generated/", *SERVER_PACKAGES))] == []
        # Nothing in it imports a server package, a server library or google.protobuf (the SDK's codec is its own).
        imports = {
            (name, module) for name in names if name.endswith(".py") for module in _imported_modules(wheel.read(name))
        }
        assert [(name, module) for name, module in sorted(imports) if module.startswith(SERVER_SIDE)] == []
        metadata = wheel.read(f"{dist_info}/METADATA").decode()
        requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
        assert requires == ['Requires-Dist: httpx>=0.27; sys_platform != "emscripten"']
        _assert_record_lists_exactly_the_members(wheel, dist_info)
        # Pyodide's bytecode rides along for the page: every module's in one file, with the dataclass methods'
        # code, and a .pyc of their own for the two modules that run before it is read, where zipimport and where
        # an unpacked package look (scripts/compile_wheels.py, momento_web/_precompiled.py).
        assert "momento_web/_bytecode.cpython-314.marshal" in names
        assert "momento_web/_dataclasses.cpython-314.marshal" in names
        assert sorted(name for name in names if name.endswith(".pyc")) == [
            "momento_web/__init__.pyc",
            "momento_web/__pycache__/__init__.cpython-314.pyc",
            "momento_web/__pycache__/_precompiled.cpython-314.pyc",
            "momento_web/_precompiled.pyc",
        ]


def test_pip_installs_the_same_wheel_and_cpython_imports_it(tmp_path: Path) -> None:
    target = tmp_path / "site"
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target)]
    subprocess.run([*command, str(_built_wheel())], check=True, timeout=120)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import momento_web, momento_web.cache_client_async;"
        "assert momento_web.__file__.startswith(sys.argv[1]), momento_web.__file__; print(momento_web.__version__)"
    )
    # -I: isolated, so the editable install of the development venv cannot answer instead.
    result = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(target)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0.1.0"


def test_bytecode_is_added_with_record_kept_exact(tmp_path: Path) -> None:
    dist_info = "momento_web-0.1.0.dist-info"
    files = {"momento_web/__init__.py": b"VALUE = 1\n", "momento_web/wire/protobuf.py": b"X = 2\n"}
    wheel_path = tmp_path / "momento_web-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel_path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
        wheel.writestr(zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=(2024, 1, 1, 0, 0, 0)), b"")
    assert compile_wheel(wheel_path)  # host bytecode here; the same RECORD rewriting as for Pyodide's
    first = wheel_path.read_bytes()
    assert not compile_wheel(wheel_path)  # already compiled: left as it is
    assert wheel_path.read_bytes() == first
    with zipfile.ZipFile(wheel_path) as compiled:
        assert f"momento_web/wire/__pycache__/protobuf.{sys.implementation.cache_tag}.pyc" in compiled.namelist()
        _assert_record_lists_exactly_the_members(compiled, dist_info)

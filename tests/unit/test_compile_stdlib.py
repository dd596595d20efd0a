"""Bytecode for the standard modules a page imports, written into the standard library zip we serve
(``scripts/compile_stdlib.py``), checked with the host interpreter: zipimport reads it, the sources stay."""

from __future__ import annotations

import importlib
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.compile_stdlib import compile_stdlib

MODULES = {
    "probe_stdlib_a.py": b"def where():\n    raise RuntimeError('from a')\n",
    "probe_stdlib_pkg/__init__.py": b"VALUE = 2\n",
    "probe_stdlib_b.py": b"VALUE = 3\n",
}


@pytest.fixture
def stdlib_zip(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in MODULES.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    yield path
    for name in [n for n in sys.modules if n.startswith("probe_stdlib")]:
        del sys.modules[name]
    sys.path[:] = [p for p in sys.path if p != str(path)]
    sys.path_importer_cache.pop(str(path), None)


def test_the_imported_modules_get_bytecode_beside_their_sources_once(stdlib_zip: Path) -> None:
    imported = {"probe_stdlib_a.py", "probe_stdlib_pkg/__init__.py"}
    assert compile_stdlib(stdlib_zip, imported, str(stdlib_zip)) == 2
    with zipfile.ZipFile(stdlib_zip) as archive:
        names = set(archive.namelist())
        assert names == {*MODULES, "probe_stdlib_a.pyc", "probe_stdlib_pkg/__init__.pyc"}
        assert all(archive.read(name) == data for name, data in MODULES.items())  # sources unchanged, for tracebacks
    first = stdlib_zip.read_bytes()
    assert compile_stdlib(stdlib_zip, imported | {"probe_stdlib_b.py"}, str(stdlib_zip)) == 0  # once only
    assert stdlib_zip.read_bytes() == first


def test_zipimport_runs_that_bytecode_and_tracebacks_name_the_source(stdlib_zip: Path) -> None:
    compile_stdlib(stdlib_zip, {"probe_stdlib_a.py"}, str(stdlib_zip))
    sys.path.insert(0, str(stdlib_zip))
    importlib.invalidate_caches()
    a = importlib.import_module("probe_stdlib_a")
    b = importlib.import_module("probe_stdlib_b")
    assert a.__file__ == f"{stdlib_zip}/probe_stdlib_a.pyc"  # from the bytecode
    assert b.__file__ == f"{stdlib_zip}/probe_stdlib_b.py"  # not imported by a page: compiled as before
    with pytest.raises(RuntimeError) as raised:
        a.where()
    # The code names the source, as if zipimport had compiled it: tracebacks show its lines.
    assert str(raised.traceback[-1].path) == f"{stdlib_zip}/probe_stdlib_a.py"
    assert "raise RuntimeError('from a')" in str(raised.traceback[-1].statement)

"""The precompiled imports in Pyodide itself (``momento_web._precompiled``): a package with its modules' code in one
file and its dataclass code, unpacked and as a zip on ``sys.path``; and the SDK, loaded by name, from bytecode."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _a_precompiled_package(selenium: Any) -> None:
    import dataclasses
    import importlib
    import importlib.util
    import marshal
    import os
    import sys
    import tempfile
    import zipfile

    from momento_web._precompiled import BYTECODE, DATACLASS_CODE, PrecompiledFinder, use_precompiled

    sources = {
        "__init__.py": b"",
        "variants.py": b"from dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass Hit:\n    value: bytes\n",
    }
    marker = "\nglobal __precompiled_hit__\n__precompiled_hit__ = True\n"

    def precompiled(package: str) -> dict[str, bytes]:
        """The files compile_wheels would add, made here with Pyodide's own CPython."""
        texts: list[str] = []

        def recording(source: Any, globals_: Any = None, locals_: Any = None) -> None:
            texts.append(source)
            exec(source, globals_, locals_)  # noqa: S102 - dataclasses' own exec, recorded

        files = dict(sources)
        code = compile(sources["variants.py"], f"{package}/variants.py", "exec", dont_inherit=True)
        modules = {f"{package}.variants": (False, "variants.py", marshal.dumps(code))}
        files[BYTECODE] = marshal.dumps((importlib.util.MAGIC_NUMBER, modules))
        dataclasses.exec = recording  # type: ignore[attr-defined]
        try:
            exec(sources["variants.py"], {"__name__": "probe"})  # noqa: S102 - makes the dataclass
        finally:
            del dataclasses.exec  # type: ignore[attr-defined]
        table = {t: compile(t + marker, "<string>", "exec", dont_inherit=True) for t in texts}
        files[DATACLASS_CODE] = marshal.dumps(table)
        return files

    root = tempfile.mkdtemp()  # in Pyodide's in-memory file system
    unpacked, zipped = f"{root}/site", f"{root}/probe.zip"
    os.makedirs(f"{unpacked}/probe_unpacked")
    for name, data in precompiled("probe_unpacked").items():
        with open(f"{unpacked}/probe_unpacked/{name}", "wb") as file:  # noqa: ASYNC230 - in memory
            file.write(data)
    with zipfile.ZipFile(zipped, "w") as archive:
        for name, data in precompiled("probe_zipped").items():
            archive.writestr(f"probe_zipped/{name}", data)
    sys.path[:0] = [unpacked, zipped]
    for package, origin in (("probe_unpacked", f"{unpacked}/probe_unpacked"), ("probe_zipped", zipped)):
        module = importlib.import_module(package)
        assert use_precompiled(module.__path__)  # sys.platform is emscripten here
        variants = importlib.import_module(f"{package}.variants")
        assert isinstance(variants.__loader__, PrecompiledFinder)
        assert variants.__file__ == f"{origin}/{'probe_zipped/' if package == 'probe_zipped' else ''}variants.py"
        assert variants.__precompiled_hit__ is True
        assert [f.name for f in dataclasses.fields(variants.Hit)] == ["value"]
        assert variants.Hit(b"x") == variants.Hit(b"x")
    assert "exec" not in vars(dataclasses)


def test_a_package_imports_what_it_precompiled(selenium_sdk: Any) -> None:
    _a_precompiled_package(selenium_sdk)


@run_in_pyodide
def _loaded_from_bytecode(selenium: Any) -> None:
    import os

    import momento_web.internal.channel as module
    from momento_web._precompiled import PrecompiledFinder

    # momento_web calls use_precompiled: its modules come from the package's one file of bytecode.
    assert isinstance(module.__spec__.loader, PrecompiledFinder), module.__spec__.loader
    assert module.__file__.endswith("/momento_web/internal/channel.py"), module.__file__
    assert os.path.exists(module.__file__)  # the sources ride along, for tracebacks and CPython


def test_the_loaded_package_runs_bytecode(selenium_sdk: Any) -> None:
    _loaded_from_bytecode(selenium_sdk)


@run_in_pyodide
def _stdlib_origins(selenium: Any) -> dict[str, str]:
    import asyncio
    import importlib.metadata
    import tarfile

    return {module.__name__: module.__file__ or "" for module in (asyncio, importlib.metadata, tarfile)}


def test_the_served_standard_library_has_bytecode_for_what_a_page_imports(selenium: Any) -> None:
    # scripts/compile_stdlib.py: the package loader's tarfile and importlib.metadata, and what the SDK imports.
    origins = _stdlib_origins(selenium)
    assert origins == {
        "asyncio": "/lib/python314.zip/asyncio/__init__.pyc",
        "importlib.metadata": "/lib/python314.zip/importlib/metadata/__init__.pyc",
        "tarfile": "/lib/python314.zip/tarfile.pyc",
    }

"""Add CPython bytecode to pure-Python wheels, so that Pyodide imports them without compiling.

Pyodide never writes bytecode (``sys.dont_write_bytecode``), so every page load compiles every module it imports:
about a quarter of the SDK's import time (bench/README.md, "Cold start"). Bytecode must come from Pyodide's own
CPython (3.14), which the host does not have, so this module runs *inside* Pyodide under Node
(``node scripts/in_pyodide.mjs <pyodide dir> compile_wheels <wheel>...``).

Bytecode is in *unchecked-hash* form: the import system uses it without looking at the source's mtime (which
unpacking does not preserve), and the source stays for tracebacks. Where it goes depends on the package:

* by default each ``pkg/mod.py`` gains ``pkg/__pycache__/mod.<cache tag>.pyc``, where the import system looks once
  the wheel is unpacked (``pyodide.loadPackage``, ``micropip``);
* a package whose ``__init__`` calls ``use_precompiled`` (``momento_web._precompiled``) gets the code of all its
  modules in one member, ``pkg/_bytecode.<cache tag>.marshal``, which ``use_precompiled`` imports them from, since a
  page pays per member of the wheel (unpacking, ``zipimport``'s table of contents, a search per import). Only the
  ``__init__`` and the package's modules it imports first get ``.pyc`` files, in both places the import system
  may look: ``pkg/mod.pyc`` for ``zipimport`` (a page may put the wheel itself on ``sys.path``) and
  ``__pycache__`` for the unpacked package. Such a wheel also carries ``pkg/_dataclasses.<cache tag>.marshal``: the
  code of every dataclass method its modules generate at import, keyed by the source ``dataclasses`` writes for it,
  recorded here by importing each module from the wheel.

RECORD is rewritten to list the files (``write_wheel``). A wheel that already holds bytecode for this interpreter
is left as it is, and the output is byte-for-byte reproducible, so the lock's hashes only change when a wheel does.
"""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import importlib
import importlib.util
import io
import logging
import marshal
import sys
import zipfile
import zipimport
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from types import CodeType
from typing import Any

LOG = logging.getLogger("compile_wheels")


#: One member of a wheel: its zip header and its bytes.
Entry = tuple[zipfile.ZipInfo, bytes]


def read_wheel(path: Path) -> list[Entry]:
    with zipfile.ZipFile(path) as wheel:
        return [(info, wheel.read(info)) for info in wheel.infolist()]


def _record(name: str, files: list[Entry]) -> bytes:
    # PEP 376/427: each file with its urlsafe-base64 sha256 (unpadded) and size; RECORD lists itself bare.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for info, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        writer.writerow([info.filename, f"sha256={digest}", len(data)])
    writer.writerow([name, "", ""])
    return out.getvalue().encode("utf-8")


def write_wheel(path: Path, entries: list[Entry]) -> None:
    """Write ``entries`` to ``path``, with RECORD made anew from them so it lists exactly the files written."""
    records = [info for info, _ in entries if info.filename.endswith(".dist-info/RECORD")]
    if len(records) != 1:
        raise ValueError(f"{path.name}: expected one .dist-info/RECORD, found {len(records)}")
    files = [(info, data) for info, data in entries if info is not records[0]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info, data in files:
            out.writestr(info, data)
        out.writestr(records[0], _record(records[0].filename, files))  # last, as wheel tools write it
    path.write_bytes(buffer.getvalue())


#: The call in a package's ``__init__`` that asks for its modules' code in one file and the dataclass code.
PRECOMPILED_HOOK = "use_precompiled"


def _pyc_name(source: str) -> str:
    path = PurePosixPath(source)
    return str(path.parent / "__pycache__" / f"{path.stem}.{sys.implementation.cache_tag}.pyc")


def _pyc_beside(source: str) -> str:
    return str(PurePosixPath(source).with_suffix(".pyc"))


def _dataclass_code_name(package: str) -> str:
    return f"{package}/_dataclasses.{sys.implementation.cache_tag}.marshal"


def _bytecode_name(package: str) -> str:
    return f"{package}/_bytecode.{sys.implementation.cache_tag}.marshal"


def precompiled_package(entries: list[Entry]) -> str | None:
    """The top-level package whose ``__init__`` calls :data:`PRECOMPILED_HOOK`, if the wheel has one."""
    for info, data in entries:
        parts = info.filename.split("/")
        if len(parts) == 2 and parts[1] == "__init__.py" and _calls(data, PRECOMPILED_HOOK):
            return parts[0]
    return None


def _calls(source: bytes, name: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (
                isinstance(func, ast.Attribute) and func.attr == name
            ):
                return True
    return False


def bytecode(source: bytes, name: str) -> bytes:
    # A hash-based pyc (PEP 552): magic, flags (0b01 = hash-based, unchecked), source hash, marshalled code.
    code = compile(source, name, "exec", dont_inherit=True)
    header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def _is_module(name: str) -> bool:
    # Sources inside the package tree; not the .data/ scripts or headers of a wheel.
    return name.endswith(".py") and not name.split("/", 1)[0].endswith(".data")


def _member(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=like.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr
    return info


def compile_wheel(path: Path) -> bool:
    """Rewrite ``path`` with bytecode added; False when it already has bytecode for this interpreter."""
    entries = read_wheel(path)
    names = {info.filename for info, _ in entries}
    sources = [(info, data) for info, data in entries if _is_module(info.filename)]
    package = precompiled_package(entries)
    if package is None:
        if not sources or all(_pyc_name(info.filename) in names for info, _ in sources):
            return False
        write_wheel(path, [*entries, *_pycache(sources)])
        return True
    if _bytecode_name(package) in names:
        return False

    own = [(info, data) for info, data in sources if info.filename.startswith(package + "/")]
    added = _pycache([(info, data) for info, data in sources if not info.filename.startswith(package + "/")])
    init = next(info for info, _ in own if info.filename == f"{package}/__init__.py")
    first = _imported_first(package, dict((info.filename, data) for info, data in own))
    for info, data in own:
        if info.filename in first:
            pyc = bytecode(data, info.filename)
            added += [(_member(_pyc_beside(info.filename), info), pyc), (_member(_pyc_name(info.filename), info), pyc)]
    modules = {
        _module_name(info.filename): (
            info.filename.endswith("/__init__.py"),
            info.filename.removeprefix(package + "/"),
            marshal.dumps(compile(data, info.filename, "exec", dont_inherit=True)),
        )
        for info, data in own
        if info.filename not in first  # imported before the package reads this file
    }
    added.append((_member(_bytecode_name(package), init), marshal.dumps((importlib.util.MAGIC_NUMBER, modules))))
    write_wheel(path, [*entries, *added])
    table = record_dataclass_code(path, package, sorted(_module_name(info.filename) for info, _ in own))
    added.append((_member(_dataclass_code_name(package), init), marshal.dumps(table)))
    write_wheel(path, [*entries, *added])
    LOG.info("%s: code of %d modules in one file, of %d dataclass method sets", path.name, len(modules), len(table))
    return True


def _pycache(sources: list[Entry]) -> list[Entry]:
    return [(_member(_pyc_name(info.filename), info), bytecode(data, info.filename)) for info, data in sources]


def _imported_first(package: str, sources: dict[str, bytes]) -> set[str]:
    """The package's ``__init__`` and the modules of the package it imports at its top level: what runs before
    ``use_precompiled`` can read the package's bytecode."""
    init = f"{package}/__init__.py"
    first = {init}
    for node in ast.parse(sources[init]).body:
        imported = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported = [node.module]
        elif isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        for name in imported:
            path = name.replace(".", "/")
            first.update(p for p in (f"{path}.py", f"{path}/__init__.py") if p in sources)
    return first


def _module_name(source: str) -> str:
    path = PurePosixPath(source).with_suffix("")
    parts = path.parts[:-1] if path.name == "__init__" else path.parts
    return ".".join(parts)


def record_dataclass_code(wheel: Path, package: str, modules: list[str]) -> dict[str, CodeType]:
    """Import ``modules`` of ``package`` from ``wheel`` and return the code of the dataclass methods they made:
    ``{source text: code}``, compiled exactly as ``dataclasses``' own ``exec`` of that text compiles it."""
    table: dict[str, CodeType] = {}

    def recording_exec(source: Any, globals_: Any = None, locals_: Any = None) -> None:
        if isinstance(source, str):
            # As exec() compiles a string for dataclasses: no __future__ flags (dataclasses.py has none).
            source = table.setdefault(source, compile(source, "<string>", "exec", dont_inherit=True))
        exec(source, globals_, locals_)  # noqa: S102 - dataclasses' own call, recorded

    with _imported_from(wheel, package), _dataclasses_exec(recording_exec):
        for name in modules:
            if name.rpartition(".")[2] == "__main__":
                continue
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:  # a dependency Pyodide lacks: a module for CPython only
                LOG.info("%s: %s not importable here (%s)", wheel.name, name, exc)
            except Exception as exc:  # the page then compiles that module's dataclasses itself
                LOG.warning("%s: %s not importable at build time (%s)", wheel.name, name, exc)
    return table


@contextmanager
def _imported_from(wheel: Path, package: str) -> Iterator[None]:
    """``package`` importable from ``wheel`` alone, and forgotten again afterwards."""
    finders, entry = list(sys.meta_path), str(wheel)

    def forget() -> None:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        for path in [p for p in sys.path_importer_cache if p.startswith(entry)]:
            del sys.path_importer_cache[path]
        zipimport._zip_directory_cache.pop(entry, None)  # type: ignore[attr-defined]  # its table of contents

    forget()
    sys.path.insert(0, entry)
    try:
        yield
    finally:
        sys.path.remove(entry)
        sys.meta_path[:] = finders  # the package may add its own (use_precompiled does, in Pyodide)
        forget()


@contextmanager
def _dataclasses_exec(exec_: Callable[..., None]) -> Iterator[None]:
    import dataclasses

    setattr(dataclasses, "exec", exec_)  # noqa: B010 - found before the builtin by dataclasses' own exec calls
    try:
        yield
    finally:
        delattr(dataclasses, "exec")


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="compile_wheels: %(message)s")
    for arg in argv:
        path = Path(arg)
        if compile_wheel(path):
            LOG.info("added %s bytecode to %s", sys.implementation.cache_tag, path.name)
    return 0

"""Pyodide: import the SDK from what its wheel precompiled for Pyodide's CPython.

Pyodide never writes bytecode, so without help every module is compiled at every page load, and every dataclass
compiles the source of its generated methods (``__init__``, ``__eq__``, ``__repr__``…) as its class is created:
about half of the SDK's import. The wheel carries both precompiled (``scripts/compile_wheels.py``):

* bytecode as ``mod.pyc`` beside each ``mod.py``: the layout ``zipimport`` reads first, so a page can put the wheel
  itself on ``sys.path`` and import from the zip with nothing unpacked. Unpacked into site-packages
  (``pyodide.loadPackage``, ``micropip``, PyScript's ``packages``), the import system would take ``mod.py`` and look
  for bytecode in ``__pycache__`` only: here the SDK's own directories read ``mod.pyc`` first;
* :data:`DATACLASS_CODE`, the code of those dataclass methods keyed by the source ``dataclasses`` generates for
  them. While a module of the SDK runs its body, ``dataclasses`` gets that code instead of compiling the same text
  again; a text not in it is compiled as usual, so every class comes out as it would (``dataclasses.fields()``
  and all).

:func:`use_precompiled`, called by the package's ``__init__``, arranges both in Pyodide when the bytecode is this
interpreter's; anywhere else it does nothing.
"""

from __future__ import annotations

import builtins
import functools
import marshal
import os
import sys
import zipimport
from collections.abc import Callable, Iterable
from importlib.machinery import (
    BYTECODE_SUFFIXES,
    SOURCE_SUFFIXES,
    FileFinder,
    SourceFileLoader,
    SourcelessFileLoader,
)
from importlib.util import MAGIC_NUMBER
from types import CodeType, ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import PathEntryFinder

#: The file beside the package's ``__init__`` holding the dataclass methods' code: a marshalled ``{source: code}``.
DATACLASS_CODE = f"_dataclasses.{sys.implementation.cache_tag}.marshal"


def use_precompiled(package_path: Iterable[str], *, platform: str = sys.platform) -> bool:
    """Import the modules below each directory of ``package_path`` (a package's ``__path__``, on disk or inside a
    zip on ``sys.path``) from their bytecode first, and run their bodies with the precompiled dataclass code.

    Does nothing (and returns False) outside Pyodide or where the package carries no bytecode for this interpreter.
    """
    if platform != "emscripten":
        return False
    installed = False
    for directory in package_path:
        read = _reader(directory)
        if read is None or read("__init__.pyc", len(MAGIC_NUMBER)) != MAGIC_NUMBER:
            continue  # no bytecode here, or another CPython's
        code = DataclassCode(functools.partial(read, DATACLASS_CODE, None))
        sys.path_hooks.insert(0, _path_hook(directory, code, zipped=not os.path.isdir(directory)))
        sys.path_importer_cache.pop(directory, None)
        installed = True
    return installed


def _reader(directory: str) -> Callable[[str, int | None], bytes | None] | None:
    """Reads a file of ``directory`` (its first ``n`` bytes, or all); None if the directory cannot be read."""
    if os.path.isdir(directory):

        def read_file(name: str, n: int | None) -> bytes | None:
            try:
                with open(os.path.join(directory, name), "rb") as file:
                    return file.read(-1 if n is None else n)
            except OSError:
                return None

        return read_file
    try:
        archive = zipimport.zipimporter(directory)  # "…/momento_web-….whl/momento_web"
    except zipimport.ZipImportError:
        return None

    def read_member(name: str, n: int | None) -> bytes | None:
        try:
            data = archive.get_data(os.path.join(directory, name))
        except OSError:
            return None
        return data if n is None else data[:n]

    return read_member


class DataclassCode:
    """The precompiled dataclass methods, put at ``dataclasses``' disposal while a module of the package executes.

    ``dataclasses`` builds each class's methods as one source text and calls ``exec`` on it; its module global
    ``exec``, while one is set, comes before the builtin. ``load`` returns the marshalled table when first needed.
    """

    def __init__(self, load: Callable[[], bytes | None]) -> None:
        self._load: Callable[[], bytes | None] | None = load
        self._code: dict[str, CodeType] = {}
        self._depth = 0  # module bodies running (one imports the next)
        self._module: ModuleType | None = None  # dataclasses, while our exec is set on it

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        code = self._code.get(source) if isinstance(source, str) else None
        # The builtin, with code compiled at build time from this very text by this interpreter's version.
        builtins.exec(source if code is None else code, globals, locals)  # noqa: S102

    def __enter__(self) -> None:
        self._depth += 1
        if self._depth > 1:
            return
        if self._load is not None:
            data, self._load = self._load(), None
            self._code = _table(data)
        if not self._code:
            return
        import dataclasses  # Pyodide has it loaded already; the package's modules import it anyway

        if "exec" not in vars(dataclasses):  # nobody else's either
            setattr(dataclasses, "exec", self.exec)  # noqa: B010 - a name the module does not define
            self._module = dataclasses

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._module is not None:
            if vars(self._module).get("exec") == self.exec:
                delattr(self._module, "exec")
            self._module = None


def _table(data: bytes | None) -> dict[str, CodeType]:
    if not data:
        return {}
    try:
        table = marshal.loads(data)  # noqa: S302 - the package's own file, written by its build
    except (EOFError, ValueError, TypeError):  # not this interpreter's marshal format: compile as usual
        return {}
    if not isinstance(table, dict):
        return {}
    return {k: v for k, v in table.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _path_hook(directory: str, code: DataclassCode, *, zipped: bool) -> Callable[[str], PathEntryFinder]:
    """A path hook for ``directory`` and the directories below it; other paths go to the next hook."""
    below = directory.rstrip(os.sep) + os.sep
    loaders = _loaders(code)

    def hook(path: str) -> PathEntryFinder:
        if path != directory and not path.startswith(below):
            raise ImportError("not a directory of this package", path=path)
        if zipped:
            return cast("PathEntryFinder", _ZipImporter(path, code))  # a finder by protocol, not by base class
        return FileFinder(path, *loaders)

    return hook


def _loaders(code: DataclassCode) -> tuple[tuple[type, list[str]], ...]:
    """``mod.pyc`` first, then ``mod.py``; both run the module's body with the dataclass code."""

    class Bytecode(SourcelessFileLoader):
        def exec_module(self, module: ModuleType) -> None:
            with code:
                super().exec_module(module)

    class Source(SourceFileLoader):
        def exec_module(self, module: ModuleType) -> None:
            with code:
                super().exec_module(module)

    return ((Bytecode, BYTECODE_SUFFIXES), (Source, SOURCE_SUFFIXES))


# zipimport's own reader: (code, is_package, path in the archive). Private, hence looked up with a fallback.
_read_module: Callable[[zipimport.zipimporter, str], tuple[CodeType, bool, str]] | None = getattr(
    zipimport, "_get_module_code", None
)


class _ZipImporter(zipimport.zipimporter):
    """zipimport (which reads ``mod.pyc`` before ``mod.py`` already), running module bodies with the dataclass code.

    Each module's code is read once: zipimport's ``get_filename``, which the import system calls to build the
    spec, reads, decompresses and unmarshals the module just to learn its path, and ``get_code`` does it again.
    """

    def __init__(self, path: str, code: DataclassCode) -> None:
        super().__init__(path)
        self._dataclass_code = code
        self._read: dict[str, CodeType] = {}  # modules whose spec is made and whose body has not run yet

    def get_filename(self, fullname: str) -> str:
        if _read_module is None:
            return super().get_filename(fullname)
        code, _, path = _read_module(self, fullname)
        self._read[fullname] = code
        return path

    def get_code(self, fullname: str) -> CodeType:
        code = self._read.pop(fullname, None)
        return code if code is not None else super().get_code(fullname)

    def exec_module(self, module: ModuleType) -> None:
        with self._dataclass_code:
            super().exec_module(module)

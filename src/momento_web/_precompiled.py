"""Pyodide: import the SDK from what its wheel precompiled for Pyodide's CPython.

Pyodide never writes bytecode, so without help every module is compiled at every page load, and every dataclass
compiles the source of its generated methods (``__init__``, ``__eq__``, ``__repr__``…) as its class is created:
about half of the SDK's import. The wheel carries both precompiled (``scripts/compile_wheels.py``):

* :data:`BYTECODE`, one file with the code of every module of the package. One file rather than a ``.pyc`` per
  module, because a page pays per file: ``pyodide.loadPackage`` (and ``micropip``, PyScript's ``packages``) writes
  each member of the wheel to the file system, ``zipimport`` reads the wheel's whole table of contents when a page
  puts the wheel itself on ``sys.path``, and each module found through the import system's path machinery costs
  a search, an open and a decompression. The package's ``__init__`` and this module, which run before it is read,
  come with bytecode of their own where each layout looks for it (``mod.pyc`` for ``zipimport``,
  ``__pycache__`` unpacked);
* :data:`DATACLASS_CODE`, the code of those dataclass methods keyed by the source ``dataclasses`` generates for
  them. While a module of the SDK runs its body, ``dataclasses`` gets that code instead of compiling the same text
  again; a text not in it is compiled as usual, so every class comes out as it would (``dataclasses.fields()``
  and all).

:func:`use_precompiled`, called by the package's ``__init__``, puts a finder for those modules first on
``sys.meta_path`` in Pyodide when the bytecode is this interpreter's; anywhere else it does nothing. Modules still
report their sources as ``__file__``, for tracebacks.
"""

from __future__ import annotations

import _imp
import builtins
import functools
import marshal
import os
import sys
import zipimport
from collections.abc import Callable, Iterable, Sequence
from importlib.machinery import ModuleSpec
from importlib.util import MAGIC_NUMBER, decode_source
from types import CodeType, ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

#: The file beside the package's ``__init__`` holding the code of its modules: a marshalled
#: ``(magic number, {module name: (is a package, source path relative to the package, marshalled code)})``.
BYTECODE = f"_bytecode.{sys.implementation.cache_tag}.marshal"
#: The file beside the package's ``__init__`` holding the dataclass methods' code: a marshalled ``{source: code}``.
DATACLASS_CODE = f"_dataclasses.{sys.implementation.cache_tag}.marshal"

#: One module in :data:`BYTECODE`.
Compiled = tuple[bool, str, bytes]


def use_precompiled(package_path: Iterable[str], *, platform: str = sys.platform) -> bool:
    """Import the modules below each directory of ``package_path`` (a package's ``__path__``, on disk or inside a
    zip on ``sys.path``) from the package's bytecode, and run their bodies with the precompiled dataclass code.

    Does nothing (and returns False) outside Pyodide or where the package carries no bytecode for this interpreter.
    """
    if platform != "emscripten":
        return False
    installed = False
    for directory in package_path:
        read = _reader(directory)
        modules = _modules(read(BYTECODE)) if read is not None else {}
        if read is None or not modules:
            continue  # no bytecode here, or another CPython's
        code = DataclassCode(functools.partial(read, DATACLASS_CODE))
        # The package imported anew from the same place (its modules removed from sys.modules): one finder.
        sys.meta_path[:] = [
            f for f in sys.meta_path if not (isinstance(f, PrecompiledFinder) and f.directory == directory)
        ]
        sys.meta_path.insert(0, PrecompiledFinder(directory, modules, code, read))
        installed = True
    return installed


def _modules(data: bytes | None) -> dict[str, Compiled]:
    if not data:
        return {}
    try:
        magic, modules = marshal.loads(data)  # noqa: S302 - the package's own file, written by its build
    except (EOFError, ValueError, TypeError):  # not this interpreter's marshal format
        return {}
    return modules if magic == MAGIC_NUMBER and isinstance(modules, dict) else {}


Reader = Callable[[str], bytes | None]


def _reader(directory: str) -> Reader | None:
    """Reads a file of ``directory`` (None if it has none such); None if the directory cannot be read."""
    if os.path.isdir(directory):

        def read_file(name: str) -> bytes | None:
            try:
                with open(os.path.join(directory, name), "rb") as file:
                    return file.read()
            except OSError:
                return None

        return read_file
    try:
        archive = zipimport.zipimporter(directory)  # "…/momento_web-….whl/momento_web"
    except zipimport.ZipImportError:
        return None

    def read_member(name: str) -> bytes | None:
        try:
            return archive.get_data(os.path.join(directory, name))
        except OSError:
            return None

    return read_member


class PrecompiledFinder:
    """Finds and loads the modules of one package directory from its :data:`BYTECODE` (a meta path finder and
    its loader): a dictionary lookup and an unmarshal per module, no search of the file system or the zip."""

    def __init__(
        self,
        directory: str,
        modules: dict[str, Compiled],
        dataclass_code: DataclassCode,
        read: Reader,
    ) -> None:
        self.directory = directory
        self._modules = modules
        self._dataclass_code = dataclass_code
        self._read = read

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        entry = self._modules.get(fullname)
        if entry is None:
            return None
        is_package, source, _ = entry
        spec = ModuleSpec(
            fullname, cast("Loader", self), origin=os.path.join(self.directory, source), is_package=is_package
        )
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(spec.origin or "")]
        spec.has_location = True  # __file__: the source, for tracebacks
        return spec

    def create_module(self, spec: ModuleSpec) -> None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        code = self.get_code(module.__name__)
        if module.__file__:
            # The build compiled it under its path in the wheel; as importlib's own loaders do (untyped, private).
            _imp._fix_co_filename(code, module.__file__)  # type: ignore[attr-defined]
        with self._dataclass_code:
            exec(code, module.__dict__)  # noqa: S102 - the module's own body

    def is_package(self, fullname: str) -> bool:
        return self._entry(fullname)[0]

    def get_code(self, fullname: str) -> CodeType:
        code = marshal.loads(self._entry(fullname)[2])  # noqa: S302 - written by the package's build
        if not isinstance(code, CodeType):
            raise ImportError(f"no code for {fullname}", name=fullname)
        return code

    def get_source(self, fullname: str) -> str | None:
        data = self._read(self._entry(fullname)[1])
        return None if data is None else decode_source(data)

    def _entry(self, fullname: str) -> Compiled:
        entry = self._modules.get(fullname)
        if entry is None:
            raise ImportError(f"{fullname} is not precompiled here", name=fullname)
        return entry


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

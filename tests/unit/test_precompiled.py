"""What the wheel precompiles for Pyodide and how the SDK uses it (``momento_web._precompiled``,
``scripts/compile_wheels.py``), checked with the host interpreter's bytecode: the mechanism is the same for any
CPython, and ``use_precompiled`` takes the platform as a parameter."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import marshal
import sys
import zipfile
import zipimport
from collections.abc import Iterator
from pathlib import Path
from types import CodeType, ModuleType

import pytest

from momento_web._precompiled import BYTECODE, DATACLASS_CODE, PrecompiledFinder, use_precompiled
from scripts.compile_wheels import compile_wheel, precompiled_package, read_wheel, record_dataclass_code

# dataclasses generates all of a class's methods from one text since Python 3.13; one text per method before.
ONE_TEXT_PER_DATACLASS = sys.version_info >= (3, 13)

PACKAGE = "precompiled_probe"
DIST_INFO = f"{PACKAGE}-1.0.dist-info"
SOURCES = {
    f"{PACKAGE}/__init__.py": b"from momento_web._precompiled import use_precompiled\n\nuse_precompiled(__path__)\n",
    f"{PACKAGE}/variants.py": (
        b"from dataclasses import dataclass\n\n\n"
        b"@dataclass(frozen=True)\nclass Hit:\n    value: bytes\n    ttl: int = 0\n"
    ),
    f"{PACKAGE}/sub/__init__.py": b"",
    f"{PACKAGE}/sub/deeper.py": (
        b"from dataclasses import dataclass\n\n\n@dataclass\nclass Item:\n    name: str\n\n\n"
        b"def compiled_as() -> str:\n    return compiled_as.__code__.co_filename\n"
    ),
}
# Appended to each recorded text's code in the tests: proves the precompiled code ran, not a fresh compile.
MARKER = "\nglobal __precompiled_hit__\n__precompiled_hit__ = True\n"


@pytest.fixture(autouse=True)
def _isolated_imports() -> Iterator[None]:
    hooks, finders, path, cache = (
        list(sys.path_hooks),
        list(sys.meta_path),
        list(sys.path),
        dict(sys.path_importer_cache),
    )
    yield
    sys.path_hooks[:], sys.meta_path[:], sys.path[:] = hooks, finders, path
    sys.path_importer_cache.clear()
    sys.path_importer_cache.update(cache)
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    assert "exec" not in vars(dataclasses)


def _wheel(path: Path, sources: dict[str, bytes] = SOURCES) -> Path:
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in sources.items():
            wheel.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
        wheel.writestr(zipfile.ZipInfo(f"{DIST_INFO}/RECORD", date_time=(2024, 1, 1, 0, 0, 0)), b"")
    return path


def _compiled_wheel(tmp_path: Path) -> Path:
    wheel = _wheel(tmp_path / f"{PACKAGE}-1.0-py3-none-any.whl")
    assert compile_wheel(wheel)
    return wheel


def _table(data: bytes) -> dict[str, CodeType]:
    table: dict[str, CodeType] = marshal.loads(data)  # noqa: S302 - written by compile_wheel just now
    return table


def _marked(table: dict[str, CodeType]) -> bytes:
    return marshal.dumps({text: compile(text + MARKER, "<string>", "exec", dont_inherit=True) for text in table})


def test_a_package_calling_use_precompiled_gets_its_modules_code_in_one_file_and_its_dataclass_code(
    tmp_path: Path,
) -> None:
    wheel = _compiled_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        magic, modules = marshal.loads(archive.read(f"{PACKAGE}/{BYTECODE}"))  # noqa: S302 - written just now
        table = _table(archive.read(f"{PACKAGE}/{DATACLASS_CODE}"))
    assert magic == importlib.util.MAGIC_NUMBER
    # All but the __init__, which runs before use_precompiled reads this.
    assert {name: entry[:2] for name, entry in modules.items()} == {
        f"{PACKAGE}.variants": (False, "variants.py"),
        f"{PACKAGE}.sub": (True, "sub/__init__.py"),
        f"{PACKAGE}.sub.deeper": (False, "sub/deeper.py"),
    }
    assert all(isinstance(marshal.loads(entry[2]), CodeType) for entry in modules.values())  # noqa: S302
    # Only the __init__, which runs before use_precompiled, has a .pyc: where zipimport and where an unpacked
    # package look for it.
    tag = sys.implementation.cache_tag
    assert sorted(name for name in names if name.endswith(".pyc")) == [
        f"{PACKAGE}/__init__.pyc",
        f"{PACKAGE}/__pycache__/__init__.{tag}.pyc",
    ]
    # One entry per generated text and its code compiled without __future__ flags: a text per dataclass on Python
    # 3.13+ (Pyodide's 3.14), a text per method before.
    assert len(table) == 2 if ONE_TEXT_PER_DATACLASS else len(table) > 2
    assert all(text.startswith("def __create_fn__(") and isinstance(code, CodeType) for text, code in table.items())
    assert any("value" in text and "ttl" in text for text in table)
    first = wheel.read_bytes()
    assert not compile_wheel(wheel)  # already compiled: left as it is
    assert wheel.read_bytes() == first


def test_the_modules_the_init_imports_first_get_a_pyc_of_their_own(tmp_path: Path) -> None:
    sources = {
        **SOURCES,
        f"{PACKAGE}/__init__.py": (
            f"from {PACKAGE}.boot import use_precompiled\n\nuse_precompiled(__path__)\n".encode()
        ),
        f"{PACKAGE}/boot.py": b"from momento_web._precompiled import use_precompiled\n",
    }
    wheel = _wheel(tmp_path / f"{PACKAGE}-1.0-py3-none-any.whl", sources)
    assert compile_wheel(wheel)
    with zipfile.ZipFile(wheel) as archive:
        compiled = sorted(name for name in archive.namelist() if name.endswith(".pyc"))
    tag = sys.implementation.cache_tag
    assert compiled == [
        f"{PACKAGE}/__init__.pyc",
        f"{PACKAGE}/__pycache__/__init__.{tag}.pyc",
        f"{PACKAGE}/__pycache__/boot.{tag}.pyc",
        f"{PACKAGE}/boot.pyc",
    ]


def test_a_package_that_does_not_ask_keeps_pycache_bytecode(tmp_path: Path) -> None:
    plain = {name: b"" if name.endswith("__init__.py") else data for name, data in SOURCES.items()}
    wheel = _wheel(tmp_path / "plain.whl", plain)
    assert precompiled_package(read_wheel(wheel)) is None
    assert compile_wheel(wheel)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert f"{PACKAGE}/__pycache__/variants.{sys.implementation.cache_tag}.pyc" in names
    assert not [name for name in names if name.endswith(("/variants.pyc", ".marshal"))]


def _finder() -> PrecompiledFinder:
    finder = sys.meta_path[0]
    assert isinstance(finder, PrecompiledFinder)
    return finder


def test_recording_imports_every_module_and_forgets_them(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "probe.whl")
    table = record_dataclass_code(wheel, PACKAGE, [PACKAGE, f"{PACKAGE}.variants", f"{PACKAGE}.sub.deeper"])
    assert len(table) == 2 if ONE_TEXT_PER_DATACLASS else len(table) > 2
    assert PACKAGE not in sys.modules
    assert str(wheel) not in sys.path


def _import_installed(site: Path) -> ModuleType:
    """The package as an unpacked install in ``site``, with use_precompiled called as Pyodide would call it."""
    sys.path.insert(0, str(site))
    package = importlib.import_module(PACKAGE)
    assert use_precompiled(package.__path__, platform="emscripten")
    return package


def test_unpacked_the_package_runs_its_bytecode_and_the_precompiled_dataclass_code(tmp_path: Path) -> None:
    wheel = _compiled_wheel(tmp_path)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
        table = _table(archive.read(f"{PACKAGE}/{DATACLASS_CODE}"))
    (site / PACKAGE / DATACLASS_CODE).write_bytes(_marked(table))
    _import_installed(site)

    variants = importlib.import_module(f"{PACKAGE}.variants")
    deeper = importlib.import_module(f"{PACKAGE}.sub.deeper")
    assert _finder() is getattr(variants, "__loader__", None)
    assert variants.__file__ == str(site / PACKAGE / "variants.py")  # the source, for tracebacks
    assert deeper.__file__ == str(site / PACKAGE / "sub" / "deeper.py")
    assert deeper.compiled_as() == deeper.__file__  # not the path in the wheel it was compiled under
    assert importlib.import_module(f"{PACKAGE}.sub").__path__ == [str(site / PACKAGE / "sub")]
    assert variants.__precompiled_hit__ is True
    assert deeper.__precompiled_hit__ is True
    hit = variants.Hit(b"v", ttl=3)
    assert [f.name for f in dataclasses.fields(hit)] == ["value", "ttl"]
    assert hit == variants.Hit(b"v", 3)
    assert hash(hit) == hash(variants.Hit(b"v", 3))
    assert repr(hit) == "Hit(value=b'v', ttl=3)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.value = b"w"
    assert "exec" not in vars(dataclasses)  # only while the package's modules run


def test_from_the_wheel_on_sys_path_the_package_runs_the_precompiled_dataclass_code(tmp_path: Path) -> None:
    wheel = _compiled_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    table = _table(entries[f"{PACKAGE}/{DATACLASS_CODE}"])
    entries[f"{PACKAGE}/{DATACLASS_CODE}"] = _marked(table)
    mounted = tmp_path / "mounted.whl"
    with zipfile.ZipFile(mounted, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)

    package = _import_installed(mounted)
    assert package.__file__ == f"{mounted}/{PACKAGE}/__init__.pyc"  # zipimport, before the finder
    variants = importlib.import_module(f"{PACKAGE}.variants")
    assert _finder() is getattr(variants, "__loader__", None)
    assert variants.__file__ == f"{mounted}/{PACKAGE}/variants.py"
    assert variants.__precompiled_hit__ is True
    assert variants.Hit(b"v") == variants.Hit(b"v", 0)
    # Tracebacks and inspect read the source from the zip through the loader.
    assert inspect.getsource(variants) == SOURCES[f"{PACKAGE}/variants.py"].decode()


def test_from_the_wheel_on_sys_path_zipimport_reads_only_the_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = _compiled_wheel(tmp_path)
    _import_installed(wheel)
    reads: list[str] = []
    real = zipimport._get_module_code  # type: ignore[attr-defined]  # private: zipimport's reader of a module

    def counting(importer: zipimport.zipimporter, fullname: str) -> object:
        reads.append(fullname)
        return real(importer, fullname)

    monkeypatch.setattr(zipimport, "_get_module_code", counting)
    deeper = importlib.import_module(f"{PACKAGE}.sub.deeper")
    assert deeper.Item("x").name == "x"
    assert reads == []  # the subpackage and its module came from the package's one file


def test_the_package_imported_again_from_the_same_place_keeps_one_finder(tmp_path: Path) -> None:
    package = _import_installed(_compiled_wheel(tmp_path))
    finders = list(sys.meta_path)
    assert use_precompiled(package.__path__, platform="emscripten")
    assert len(sys.meta_path) == len(finders)
    assert sys.meta_path[0] is not finders[0]


def test_without_a_table_or_elsewhere_nothing_changes(tmp_path: Path) -> None:
    wheel = _compiled_wheel(tmp_path)
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / PACKAGE / DATACLASS_CODE).unlink()
    sys.path.insert(0, str(site))
    package = importlib.import_module(PACKAGE)
    finders = list(sys.meta_path)
    assert not use_precompiled(package.__path__, platform="linux")  # outside Pyodide
    assert sys.meta_path == finders
    assert use_precompiled(package.__path__, platform="emscripten")
    variants = importlib.import_module(f"{PACKAGE}.variants")
    assert not hasattr(variants, "__precompiled_hit__")  # compiled as usual
    assert variants.Hit(b"v").ttl == 0


def test_bytecode_of_another_interpreter_is_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(_compiled_wheel(tmp_path)) as archive:
        archive.extractall(site)
    bundle = site / PACKAGE / BYTECODE
    _, modules = marshal.loads(bundle.read_bytes())  # noqa: S302 - written by compile_wheel just now
    bundle.write_bytes(marshal.dumps((b"\x00\x00\r\n", modules)))  # another interpreter's magic number
    sys.path.insert(0, str(site))
    package = importlib.import_module(PACKAGE)
    finders = list(sys.meta_path)
    assert not use_precompiled(package.__path__, platform="emscripten")
    assert sys.meta_path == finders
    assert importlib.import_module(f"{PACKAGE}.variants").__file__ == str(site / PACKAGE / "variants.py")

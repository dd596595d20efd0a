"""Add bytecode to Pyodide's standard library zip for the modules a page of ours imports.

Pyodide ships its standard library as sources only (``python_stdlib.zip``, mounted as ``/lib/python3XY.zip``) and
never writes bytecode, so a page compiles every standard module it imports, at every load: ``tarfile`` and
``importlib.metadata``, which ``pyodide.loadPackage`` imports for the first package a page loads, take about 100 and
50 ms, ``email`` (``micropip``) 200 ms (bench/README.md, "Issue 16"). ``zipimport`` reads ``mod.pyc`` beside
``mod.py`` before compiling, so this writes that bytecode into the zip our site serves, for the modules imported by
Pyodide's start, its package loader, ``micropip`` and the SDK's clients (found by importing them here, inside the
same Pyodide under Node: ``node scripts/in_pyodide.mjs <pyodide dir> compile_stdlib <stdlib zip> <wheel>...``).
Any other module compiles as before. The sources stay, for tracebacks.

The zip is rewritten in place once: a zip that already holds bytecode is left as it is.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import zipfile
from pathlib import Path

from scripts.compile_wheels import bytecode

LOG = logging.getLogger("compile_stdlib")

#: What a page runs in Python besides its own code: the package loader (``loadPackage``, PyScript's
#: ``packages``), micropip, and the SDK's clients, async and sync.
ENTRY_MODULES = (
    "pyodide._package_loader",
    "tarfile",
    "importlib.metadata",
    "micropip",
    "momento_web.cache_client_async",
    "momento_web.topic_client_async",
    "momento_web.auth_client_async",
    "momento_web.cache_client",
    "momento_web.topic_client",
    "momento_web.auth_client",
)


def imported_stdlib_members(stdlib_on_path: str, wheels: list[str]) -> set[str]:
    """Members of the mounted standard library zip whose modules the entry modules import."""
    sys.path.extend(wheels)  # the SDK, micropip and packaging, straight from their wheels
    for name in ENTRY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            LOG.warning("%s not importable here (%s): its standard modules stay uncompiled", name, exc)
    importlib.invalidate_caches()  # what the package loader calls after unpacking (it imports more)
    prefix = stdlib_on_path + os.sep
    members = set()
    for module in list(sys.modules.values()):
        origin = getattr(module, "__file__", None) or ""
        if origin.startswith(prefix) and origin.endswith(".py"):
            members.add(origin[len(prefix) :])
    return members


def compile_stdlib(zip_path: Path, members: set[str], stdlib_on_path: str) -> int:
    """Rewrite ``zip_path`` with ``mod.pyc`` beside each member of ``members``; the number added (0 when the zip
    already holds bytecode)."""
    with zipfile.ZipFile(zip_path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    if any(info.filename.endswith(".pyc") for info, _ in entries):
        return 0
    added = 0
    out = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w") as target:
        for info, data in entries:
            target.writestr(info, data)
            if info.filename in members:
                pyc = zipfile.ZipInfo(info.filename[:-3] + ".pyc", date_time=info.date_time)
                pyc.compress_type = zipfile.ZIP_DEFLATED
                # The file name zipimport would give the code had it compiled the source itself.
                target.writestr(pyc, bytecode(data, f"{stdlib_on_path}/{info.filename}"))
                added += 1
    out.replace(zip_path)
    return added


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="compile_stdlib: %(message)s")
    zip_path, wheels = Path(argv[0]), argv[1:]
    stdlib_on_path = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
    members = imported_stdlib_members(stdlib_on_path, wheels)
    added = compile_stdlib(zip_path, members, stdlib_on_path)
    LOG.info("%s: bytecode for %d of the %d standard modules imported", zip_path.name, added, len(members))
    return 0

"""Add CPython bytecode to pure-Python wheels, so that Pyodide imports them without compiling.

Pyodide never writes bytecode (``sys.dont_write_bytecode``), so every page load compiles every module it imports:
about a quarter of the SDK's import time (bench/README.md, "Cold start"). Bytecode must come from Pyodide's own
CPython (3.14), which the host does not have, so this module runs *inside* Pyodide under Node
(``scripts/compile_wheels.mjs``), with the wheels' directory mounted at the path it is given.

Each ``pkg/mod.py`` gains ``pkg/__pycache__/mod.<cache tag>.pyc`` in *unchecked-hash* form: the import system uses
it without looking at the source's mtime (which unpacking does not preserve), and the source stays for
tracebacks. RECORD is rewritten to list them (``write_wheel``, which ``scripts/assemble_web.py`` also uses to trim
the page's wheel). A wheel that already holds bytecode for this interpreter is left as it is, and the output is
byte-for-byte reproducible, so the lock's hashes only change when a wheel does.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import io
import logging
import marshal
import sys
import zipfile
from pathlib import Path, PurePosixPath

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


def _pyc_name(source: str) -> str:
    path = PurePosixPath(source)
    return str(path.parent / "__pycache__" / f"{path.stem}.{sys.implementation.cache_tag}.pyc")


def _bytecode(source: bytes, name: str) -> bytes:
    # A hash-based pyc (PEP 552): magic, flags (0b01 = hash-based, unchecked), source hash, marshalled code.
    code = compile(source, name, "exec", dont_inherit=True)
    header = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def _is_module(name: str) -> bool:
    # Sources inside the package tree; not the .data/ scripts or headers of a wheel.
    return name.endswith(".py") and not name.split("/", 1)[0].endswith(".data")


def compile_wheel(path: Path) -> bool:
    """Rewrite ``path`` with bytecode added; False when it already has bytecode for this interpreter."""
    entries = read_wheel(path)
    names = {info.filename for info, _ in entries}
    sources = [(info, data) for info, data in entries if _is_module(info.filename)]
    if not sources or all(_pyc_name(info.filename) in names for info, _ in sources):
        return False

    added: list[Entry] = []
    for info, data in sources:
        pyc = zipfile.ZipInfo(_pyc_name(info.filename), date_time=info.date_time)
        pyc.compress_type = zipfile.ZIP_DEFLATED
        pyc.external_attr = info.external_attr
        added.append((pyc, _bytecode(data, info.filename)))
    write_wheel(path, [*entries, *added])
    return True


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="compile_wheels: %(message)s")
    for arg in argv:
        path = Path(arg)
        if compile_wheel(path):
            LOG.info("added %s bytecode to %s", sys.implementation.cache_tag, path.name)
    return 0

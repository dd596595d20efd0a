"""Assemble the offline site: Pyodide, the wheels it needs, our SDK wheel, PyScript.

Result (all generated, git-ignored, outside the source folders)::

    dist/momento_web-*.whl       the SDK's distribution, given Pyodide's bytecode here (in place)
    dist/web/pyodide/            Pyodide 314.0.7 from npm + wheels + re-pinned pyodide-lock.json + that same wheel
    dist/web/npm/pyscript/       @pyscript/core 0.7.31 from npm

The static servers (``scripts/serve.py``) serve ``web/`` (the apps' sources) with ``dist/web/`` laid over it.

Everything comes from the npm registry and PyPI only. Downloads are cached under ``.cache/`` so a warm
run does no network traffic. The lock is rebuilt from the pristine copy inside the npm tarball on every
run, which makes the script idempotent.

Lock changes:

* every wheel we place under a lock ``file_name`` (PyPI builds, not byte-identical to Pyodide's own)
  gets its ``sha256`` re-pinned, otherwise browsers fail the SRI check;
* ``momento-web`` is registered with its emscripten dependencies, which are none (the SDK has its own protobuf
  codec, ``momento_web.wire.protobuf``; only the emulator uses ``google.protobuf``), so
  ``pyodide.loadPackage("momento-web")`` and PyScript ``packages = ["momento-web"]`` work offline and fetch one
  wheel;
* that wheel is the SDK's distribution itself, byte for byte: ``pip install``, ``micropip.install`` and PyScript's
  ``packages`` all get the same file. It carries bytecode for Pyodide's CPython beside its sources, the code of
  its modules in one file (``scripts/compile_wheels.py``), added to ``dist/``'s wheel before it is copied, so a page
  does not compile it at import; other interpreters ignore that bytecode.

Run it with the project venv's interpreter (it needs ``pyodide-lock``, ``pkginfo`` and ``packaging``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from packaging.utils import canonicalize_name, parse_wheel_filename

LOG = logging.getLogger("assemble_web")

ROOT = Path(__file__).resolve().parent.parent

PYODIDE_VERSION = "314.0.7"
PYSCRIPT_VERSION = "0.7.31"
TARGET_PYTHON = "3.14"  # Pyodide 314.x runs CPython 3.14; micropip needs Requires-Python >= 3.13

#: Lock packages whose dependency closure must be present locally: micropip (PyScript and
#: ``micropip.install``) and what pytest-pyodide's ``run_in_pyodide`` loads (pytest, tblib).
LOCK_ROOTS = ("micropip", "packaging", "pytest", "tblib")
#: Lock packages that PyPI ships only as an sdist; built with ``pip wheel``.
SDIST_ONLY = frozenset({"atomicwrites"})
#: Wheels earlier versions of this script placed for the SDK; removed when found (the lock no longer names them).
RETIRED_WHEELS = ("protobuf-*-py3-none-any.whl",)
SDK_DIST = "momento_web"
#: What CPython 3.14 names the bytecode of ``mod.py`` (``__pycache__/mod.cpython-314.pyc``), and the module and
#: dataclass code a package calling ``use_precompiled`` gets (``_bytecode.cpython-314.marshal``, …).
BYTECODE_SUFFIXES = tuple(f".cpython-{TARGET_PYTHON.replace('.', '')}.{kind}" for kind in ("pyc", "marshal"))


class AssembleError(RuntimeError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run(cmd: list[str], cwd: Path | None = None) -> None:
    LOG.debug("running %s", " ".join(cmd))
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssembleError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")


# ---------------------------------------------------------------------------------------------------------
# npm tarballs
# ---------------------------------------------------------------------------------------------------------


def npm_tarball(spec: str, expected_name: str, cache: Path) -> Path:
    """Return ``cache/expected_name``, running ``npm pack spec`` into ``cache`` if it is missing."""
    target = cache / expected_name
    if target.is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise AssembleError("npm not found on PATH (needed once to fetch " + spec + ")")
    LOG.info("npm pack %s", spec)
    run([npm, "pack", spec, "--pack-destination", str(cache), "--silent"], cwd=cache)
    if not target.is_file():
        raise AssembleError(f"npm pack {spec} did not produce {target}")
    return target


def installed_version(package_json: Path) -> str | None:
    try:
        return str(json.loads(package_json.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def extract_package(tarball: Path, dest: Path) -> None:
    """Extract an npm tarball (top directory ``package/``) into ``dest``, stripping that directory."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        members = []
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if len(parts) < 2 or parts[0] != "package" or not (member.isfile() or member.isdir()):
                continue
            member.name = str(Path(*parts[1:]))
            members.append(member)
        tar.extractall(dest, members=members, filter="data")


def read_member(tarball: Path, name: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as tar:
        fh = tar.extractfile(f"package/{name}")
        if fh is None:
            raise AssembleError(f"{name} missing from {tarball}")
        return fh.read()


def ensure_npm_package(
    spec: str, tarball_name: str, version: str, dest: Path, cache: Path, required: Iterable[str], wipe: bool
) -> Path:
    """Fetch (cached) and extract an npm package unless ``dest`` already holds that version.

    ``wipe`` empties ``dest`` first (for directories that hold nothing else, so hashed chunks of an older
    version do not pile up).
    """
    tarball = npm_tarball(spec, tarball_name, cache)
    if installed_version(dest / "package.json") == version and all((dest / f).is_file() for f in required):
        LOG.info("%s already in %s", spec, dest)
        return tarball
    if wipe and dest.exists():
        shutil.rmtree(dest)
    LOG.info("extracting %s into %s", tarball.name, dest)
    extract_package(tarball, dest)
    missing = [f for f in required if not (dest / f).is_file()]
    if missing:
        raise AssembleError(f"{tarball.name} lacks {missing}")
    return tarball


# ---------------------------------------------------------------------------------------------------------
# wheels from PyPI
# ---------------------------------------------------------------------------------------------------------


def wheel_key(filename: str) -> tuple[str, str]:
    name, version, _, _ = parse_wheel_filename(filename)
    return canonicalize_name(name), str(version)


def cached_wheels(cache: Path) -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    for path in cache.glob("*.whl"):
        try:
            found[wheel_key(path.name)] = path
        except ValueError:
            LOG.warning("ignoring oddly named wheel %s", path)
    return found


def pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args]


def pip_download(reqs: Iterable[str], dest: Path) -> None:
    run(
        pip(
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            "any",
            "--implementation",
            "py",
            "--python-version",
            TARGET_PYTHON,
            "-d",
            str(dest),
            *reqs,
        )
    )


def pip_build_wheel(req: str, dest: Path) -> None:
    run(pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(dest), req))


def fetch_wheels(pins: dict[str, str], cache: Path) -> dict[str, Path]:
    """Return ``{name: cached wheel}`` for ``{name: version}``; downloads only what the cache lacks."""
    cache.mkdir(parents=True, exist_ok=True)
    have = cached_wheels(cache)
    missing = {n: v for n, v in pins.items() if (canonicalize_name(n), v) not in have}
    if missing:
        LOG.info("fetching %d wheel(s) from PyPI: %s", len(missing), ", ".join(sorted(missing)))
        binary = {n: v for n, v in missing.items() if n not in SDIST_ONLY}
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            tmpdir = Path(tmp)
            if binary:
                try:
                    pip_download([f"{n}=={v}" for n, v in sorted(binary.items())], tmpdir)
                except AssembleError as exc:  # one odd package should not hide which one it is
                    LOG.warning("batch download failed, retrying one by one: %s", str(exc).splitlines()[0])
                    for n, v in sorted(binary.items()):
                        try:
                            pip_download([f"{n}=={v}"], tmpdir)
                        except AssembleError:
                            LOG.info("no pure wheel for %s==%s on PyPI, building one", n, v)
                            pip_build_wheel(f"{n}=={v}", tmpdir)
            for n, v in sorted(missing.items()):
                if n in SDIST_ONLY:
                    LOG.info("building wheel for sdist-only %s==%s", n, v)
                    pip_build_wheel(f"{n}=={v}", tmpdir)
            for built in tmpdir.glob("*.whl"):
                shutil.move(str(built), cache / built.name)
        have = cached_wheels(cache)
    result: dict[str, Path] = {}
    for n, v in pins.items():
        path = have.get((canonicalize_name(n), v))
        if path is None:
            raise AssembleError(f"could not obtain a wheel for {n}=={v}")
        if not path.name.endswith("-none-any.whl"):
            raise AssembleError(f"{path.name} is not a pure-Python wheel")
        result[n] = path
    return result


def place(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` unless an identical file is already there (keeps mtimes stable)."""
    if dest.is_file() and dest.stat().st_size == src.stat().st_size and sha256_of(dest) == sha256_of(src):
        return
    shutil.copyfile(src, dest)


def has_bytecode(wheel: Path) -> bool:
    with zipfile.ZipFile(wheel) as archive:
        return any(name.endswith(BYTECODE_SUFFIXES) for name in archive.namelist())


def add_stdlib_bytecode(pyodide_dir: Path, wheels: list[Path]) -> None:
    """Add bytecode to the standard library zip we serve, for what a page imports (scripts/compile_stdlib.py);
    once: a zip that has it is left alone (a module imported only by a later SDK then compiles in the page)."""
    stdlib = pyodide_dir / "python_stdlib.zip"
    with zipfile.ZipFile(stdlib) as archive:
        if any(name.endswith(".pyc") for name in archive.namelist()):
            return
    LOG.info("compiling the standard modules a page imports inside Pyodide")
    run(
        [
            "node",
            str(ROOT / "scripts" / "in_pyodide.mjs"),
            str(pyodide_dir),
            "compile_stdlib",
            str(stdlib),
            *map(str, wheels),
        ]
    )


def add_bytecode(pyodide_dir: Path, wheels: list[Path]) -> None:
    """Add Pyodide's CPython bytecode to ``wheels`` in place (scripts/compile_wheels.py says why and how)."""
    todo = [wheel for wheel in wheels if not has_bytecode(wheel)]
    if todo:
        LOG.info("compiling %s to bytecode inside Pyodide", ", ".join(wheel.name for wheel in todo))
        run(["node", str(ROOT / "scripts" / "in_pyodide.mjs"), str(pyodide_dir), "compile_wheels", *map(str, todo)])


# ---------------------------------------------------------------------------------------------------------
# lock
# ---------------------------------------------------------------------------------------------------------


def lock_closure(packages: dict[str, dict[str, object]], roots: Iterable[str]) -> list[str]:
    """Names of ``roots`` and everything they depend on, per the lock's ``depends`` lists."""
    seen: list[str] = []
    stack = [canonicalize_name(r) for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in packages:
            raise AssembleError(f"{name} is not in pyodide-lock.json")
        seen.append(name)
        depends = packages[name].get("depends", [])
        if not isinstance(depends, list):
            raise AssembleError(f"{name}: its depends in pyodide-lock.json is not a list")
        stack.extend(canonicalize_name(str(d)) for d in depends)
    return sorted(seen)


def find_sdk_wheel(directory: Path) -> Path:
    wheels = sorted(directory.glob(f"{SDK_DIST}-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise AssembleError(
            f"expected exactly one {SDK_DIST}-*.whl in {directory}, found {[w.name for w in wheels]}"
            " (./build.sh builds it into dist/)"
        )
    return wheels[0]


def write_lock(
    pristine: bytes,
    pyodide_dir: Path,
    repinned: dict[str, Path],
    sdk_wheel: Path,
) -> None:
    """Write ``pyodide-lock.json``: pristine lock + re-pinned hashes + the SDK's wheel."""
    try:
        from pyodide_lock import PyodideLockSpec
        from pyodide_lock.utils import add_wheels_to_spec, update_package_sha256
    except ImportError as exc:  # pragma: no cover - environment problem
        raise AssembleError(f"pyodide-lock is not installed in this interpreter ({sys.executable}): {exc}") from exc
    try:
        import pkginfo  # noqa: F401  (add_wheels_to_spec reads wheel metadata with it)
    except ImportError as exc:  # pragma: no cover - environment problem
        raise AssembleError("pkginfo is required by pyodide_lock.utils.add_wheels_to_spec") from exc

    lock_path = pyodide_dir / "pyodide-lock.json"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pyodide-lock.json"
        src.write_bytes(pristine)
        spec = PyodideLockSpec.from_json(src)

    for name, wheel in repinned.items():
        update_package_sha256(spec.packages[name], wheel)

    # Adds momento-web. Its dependencies come from the wheel's Requires-Dist evaluated for emscripten, so httpx
    # (sys_platform != "emscripten") and the extras are left out: none remain, and any that did would fail here
    # rather than in the browser.
    spec = add_wheels_to_spec(spec, [sdk_wheel], base_path=pyodide_dir)
    depends = spec.packages[canonicalize_name(SDK_DIST)].depends
    if depends:
        raise AssembleError(f"momento-web depends on {depends} in the lock; a page should load one wheel")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pyodide-lock.json"
        spec.to_json(out)
        new = out.read_bytes()
    if lock_path.is_file() and lock_path.read_bytes() == new:
        LOG.info("pyodide-lock.json unchanged")
        return
    lock_path.write_bytes(new)
    LOG.info(
        "pyodide-lock.json: re-pinned %d package(s), registered %s",
        len(repinned),
        sdk_wheel.name,
    )


def verify_lock(pyodide_dir: Path) -> None:
    """Every package we rely on must exist locally with the hash the lock names."""
    data = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = data["packages"]
    needed = set(lock_closure(packages, [*LOCK_ROOTS, SDK_DIST]))
    for name in sorted(needed):
        entry = packages[name]
        path = pyodide_dir / entry["file_name"]
        if not path.is_file():
            raise AssembleError(f"{name}: {entry['file_name']} missing from {pyodide_dir}")
        if sha256_of(path) != entry["sha256"]:
            raise AssembleError(f"{name}: sha256 of {path.name} does not match the lock")
    LOG.info("lock verified: %d local packages (%s)", len(needed), ", ".join(sorted(needed)))


# ---------------------------------------------------------------------------------------------------------


def assemble(dist: Path, cache: Path) -> None:
    web = dist / "web"
    pyodide_dir = web / "pyodide"
    npm_cache = cache / "npm"
    wheel_cache = cache / "wheels"

    pyodide_tgz = ensure_npm_package(
        f"pyodide@{PYODIDE_VERSION}",
        f"pyodide-{PYODIDE_VERSION}.tgz",
        PYODIDE_VERSION,
        pyodide_dir,
        npm_cache,
        required=("pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"),
        wipe=False,  # also holds our wheels
    )
    ensure_npm_package(
        f"@pyscript/core@{PYSCRIPT_VERSION}",
        f"pyscript-core-{PYSCRIPT_VERSION}.tgz",
        PYSCRIPT_VERSION,
        web / "npm" / "pyscript",
        npm_cache,
        required=("dist/core.js", "dist/core.css"),
        wipe=True,
    )

    pristine = read_member(pyodide_tgz, "pyodide-lock.json")
    packages: dict[str, dict[str, object]] = json.loads(pristine)["packages"]
    closure = lock_closure(packages, LOCK_ROOTS)
    pins = {name: str(packages[name]["version"]) for name in closure}
    wheels = fetch_wheels(pins, wheel_cache)

    repinned: dict[str, Path] = {}
    for name in closure:
        dest = pyodide_dir / str(packages[name]["file_name"])
        place(wheels[name], dest)
        repinned[name] = dest
    # The wheel a page imports is the distribution: bytecode goes into dist/'s copy, then that file is served.
    built = find_sdk_wheel(dist)
    add_bytecode(pyodide_dir, [built])
    for stale in pyodide_dir.glob(f"{SDK_DIST}-*.whl"):
        if stale.name != built.name:
            stale.unlink()
    sdk_wheel = pyodide_dir / built.name
    place(built, sdk_wheel)

    write_lock(pristine, pyodide_dir, repinned, sdk_wheel)
    verify_lock(pyodide_dir)
    add_stdlib_bytecode(pyodide_dir, [sdk_wheel, repinned["micropip"], repinned["packaging"]])
    remove_retired_wheels(pyodide_dir)


def remove_retired_wheels(pyodide_dir: Path) -> None:
    """Delete wheels we used to ship that the lock no longer names (a page would never fetch them)."""
    named = {
        entry["file_name"] for entry in json.loads((pyodide_dir / "pyodide-lock.json").read_text())["packages"].values()
    }
    for pattern in RETIRED_WHEELS:
        for wheel in sorted(pyodide_dir.glob(pattern)):
            if wheel.name not in named:
                wheel.unlink()
                LOG.info("removed %s (no longer needed)", wheel.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="holds the SDK wheel; the site goes to DIST/web (%(default)s)"
    )
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache", help="download cache (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="assemble_web: %(message)s")
    try:
        assemble(args.dist.resolve(), args.cache.resolve())
    except AssembleError as exc:
        LOG.error("%s", exc)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

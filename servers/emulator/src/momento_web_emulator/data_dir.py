"""``--data-dir``: the directory where the emulator keeps what must survive a restart, one file per feature
(stores in ``stores.sqlite3``; others add their own file beside it)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


class DataDirError(Exception):
    """The data directory cannot be created or written."""


def prepare(directory: Path) -> Path:
    """``directory`` made absolute and created if missing; raises DataDirError if it is not a writable directory."""
    path = directory.expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"cannot create the data directory {path}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(f"the data directory {path} is not writable")
    return path


def argument_type(text: str) -> Path:
    """argparse ``type=`` for ``--data-dir``: a usable directory, created if missing."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a directory")
    try:
        return prepare(Path(text))
    except DataDirError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None

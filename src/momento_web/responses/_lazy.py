"""Response packages whose names load on first use (PEP 562).

Importing ``momento_web.responses.data.scalar.get`` imports the packages above it first; if their ``__init__``
imported every operation's module, a page that only gets and sets would load all of them. So the packages
declare their names (``__all__``, and the real imports for type checkers) and load each from its module, named
in :mod:`momento_web.responses` (``_MODULES``), when it is first asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection


def accessors(package: str, exported: Collection[str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose ``__all__`` is ``exported``."""

    def load(name: str) -> object:
        from momento_web.responses import _LAZY  # the parent package: always imported before its subpackages

        module = _LAZY.get(name) if name in exported else None
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this function
        return value

    def listing() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exported))

    return load, listing

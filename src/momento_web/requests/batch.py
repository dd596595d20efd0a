"""Inputs of ``set_batch`` (a JS SDK method)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class SetBatchItem:
    """One item of ``set_batch``; ``ttl`` None uses the call's ``ttl`` (and that, the client's default)."""

    key: str | bytes
    value: str | bytes
    ttl: timedelta | None = None

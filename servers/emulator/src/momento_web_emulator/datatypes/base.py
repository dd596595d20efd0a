"""What the store's items are made of: kinds, the errors of operations on them, and the collection protocol."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from enum import Enum
from typing import ClassVar, Self

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
_INTEGER = re.compile(rb"-?[0-9]{1,19}")


class ItemKind(Enum):
    SCALAR = "scalar"
    DICTIONARY = "dictionary"
    SET = "set"
    LIST = "list"
    SORTED_SET = "sorted_set"
    LEADERBOARD = "leaderboard"  # kept apart from the others: see Cache.namespace


class StoreError(Exception):
    """A request the store refuses; the service layer maps each subclass to a gRPC status."""


class WrongItemKind(StoreError):
    def __init__(self, expected: ItemKind, actual: ItemKind) -> None:
        super().__init__(f"item is a {actual.value}, not a {expected.value}")
        self.expected = expected
        self.actual = actual


class NotAnInteger(StoreError):
    """Increment of a value that is not a base-10 signed 64-bit integer."""


class IntegerOverflow(StoreError):
    """Increment whose result does not fit in a signed 64-bit integer."""


class InvalidScore(StoreError):
    """A sorted set score that is not a number (NaN), given or computed."""


def parse_int64(value: bytes) -> int:
    """Strict base-10 signed 64-bit integer (no sign ``+``, spaces or underscores, unlike ``int()``)."""
    if _INTEGER.fullmatch(value) is None:
        raise NotAnInteger("stored value is not a base-10 integer")
    number = int(value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise NotAnInteger("stored value does not fit in a signed 64-bit integer")
    return number


def add_int64(current: bytes | None, amount: int) -> bytes:
    """The base-10 text of ``current`` (absent = 0) plus ``amount``; NotAnInteger / IntegerOverflow."""
    result = (0 if current is None else parse_int64(current)) + amount
    if not INT64_MIN <= result <= INT64_MAX:
        raise IntegerOverflow(f"increment result {result} does not fit in a signed 64-bit integer")
    return str(result).encode("ascii")


class Collection(ABC):
    """A collection item's value. ``nbytes`` counts its payload (elements, fields, values; 8 per score) and is
    kept current by every mutation, so the store can bound memory without walking collections.

    ``element_overhead`` is what one element costs beyond its payload (its Python objects, its table slot), which
    the store counts against ``--max-bytes`` on top of the payload, so that a million empty values are not free.
    Measured with tracemalloc on CPython 3.13 (tests/unit/test_emulator_memory.py keeps the numbers honest); the
    table of them: docs/protocol/emulator.md#memory-and-limits.
    """

    kind: ClassVar[ItemKind]
    element_overhead: ClassVar[int] = 0
    nbytes: int

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def copy(self) -> Self:
        """An independent copy (the store snapshots a collection before a change that may exceed a limit)."""

"""List: a deque of values, so that both ends are cheap."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable
from typing import Self

from momento_web_emulator.datatypes.base import Collection, ItemKind


class ListValue(Collection):
    kind = ItemKind.LIST
    element_overhead = 48  # a bytes object of its own (counted even for the shared empty one) and a deque slot
    __slots__ = ("_values", "nbytes")

    def __init__(self, values: Iterable[bytes] = ()) -> None:
        self._values: deque[bytes] = deque()
        self.nbytes = 0
        self.push_back(values)

    def __len__(self) -> int:
        return len(self._values)

    def copy(self) -> Self:
        clone = type(self)()
        clone._values = self._values.copy()
        clone.nbytes = self.nbytes
        return clone

    def push_back(self, values: Iterable[bytes], truncate_front_to: int = 0) -> int:
        """Append ``values``; keep at most ``truncate_front_to`` values (0 = no limit) by dropping from the
        front. Returns the new length."""
        for value in values:
            self._values.append(value)
            self.nbytes += len(value)
        while truncate_front_to and len(self._values) > truncate_front_to:
            self.nbytes -= len(self._values.popleft())
        return len(self._values)

    def push_front(self, values: Iterable[bytes], truncate_back_to: int = 0) -> int:
        """Prepend ``values``, keeping their order; keep at most ``truncate_back_to`` values (0 = no limit) by
        dropping from the back. Returns the new length."""
        for value in reversed(list(values)):
            self._values.appendleft(value)
            self.nbytes += len(value)
        while truncate_back_to and len(self._values) > truncate_back_to:
            self.nbytes -= len(self._values.pop())
        return len(self._values)

    def pop_front(self) -> bytes:
        value = self._values.popleft()
        self.nbytes -= len(value)
        return value

    def pop_back(self) -> bytes:
        value = self._values.pop()
        self.nbytes -= len(value)
        return value

    def slice(self, start: int | None, end: int | None) -> list[bytes]:
        """``list[start:end]`` with Python's rules (negative = from the end, out of range = clipped)."""
        first, stop, _ = slice(start, end).indices(len(self._values))
        return list(itertools.islice(self._values, first, max(first, stop)))

    def retain(self, start: int | None, end: int | None) -> int:
        """Keep only ``list[start:end]``; returns the new length."""
        kept = self.slice(start, end)
        self._values = deque(kept)
        self.nbytes = sum(map(len, kept))
        return len(kept)

    def remove_value(self, value: bytes) -> int:
        """Drop every occurrence of ``value``; returns the new length."""
        kept = [item for item in self._values if item != value]
        self.nbytes -= (len(self._values) - len(kept)) * len(value)
        self._values = deque(kept)
        return len(kept)

    def erase(self, ranges: Iterable[tuple[int, int]]) -> int:
        """Drop ``count`` values from ``begin`` for each ``(begin, count)``, all indexes taken before any
        removal; returns the new length."""
        doomed: set[int] = set()
        for begin, count in ranges:
            doomed.update(range(begin, min(begin + count, len(self._values))))
        kept = [value for index, value in enumerate(self._values) if index not in doomed]
        self._values = deque(kept)
        self.nbytes = sum(map(len, kept))
        return len(kept)

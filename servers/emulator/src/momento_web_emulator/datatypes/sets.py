"""Set: distinct elements."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Self

from momento_web_emulator.datatypes.base import Collection, ItemKind


class SetValue(Collection):
    kind = ItemKind.SET
    element_overhead = 80  # a bytes object and a hash-table entry
    __slots__ = ("_elements", "nbytes")

    def __init__(self, elements: Iterable[bytes] = ()) -> None:
        self._elements: set[bytes] = set()
        self.nbytes = 0
        self.add(elements)

    def __len__(self) -> int:
        return len(self._elements)

    def copy(self) -> Self:
        clone = type(self)()
        clone._elements = set(self._elements)
        clone.nbytes = self.nbytes
        return clone

    def elements(self) -> list[bytes]:
        return list(self._elements)

    def add(self, elements: Iterable[bytes]) -> int:
        for element in elements:
            if element not in self._elements:
                self._elements.add(element)
                self.nbytes += len(element)
        return len(self._elements)

    def remove(self, elements: Iterable[bytes]) -> int:
        """Drop ``elements`` (absent ones are ignored); returns how many are left."""
        for element in elements:
            if element in self._elements:
                self._elements.remove(element)
                self.nbytes -= len(element)
        return len(self._elements)

    def contains(self, elements: Iterable[bytes]) -> list[bool]:
        return [element in self._elements for element in elements]

    def sample(self, limit: int, rng: random.Random) -> list[bytes]:
        """Up to ``limit`` distinct elements chosen at random."""
        if limit >= len(self._elements):
            return list(self._elements)
        return rng.sample(list(self._elements), limit)

    def pop(self, count: int, rng: random.Random) -> list[bytes]:
        """Remove and return up to ``count`` elements chosen at random."""
        chosen = self.sample(count, rng)
        self.remove(chosen)
        return chosen

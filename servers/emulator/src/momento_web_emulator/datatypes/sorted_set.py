"""Sorted set: values with scores, ordered by (score, value bytes).

The order is kept incrementally: a list of ``(score, value)`` sorted at all times (bisect on insert and
removal) next to a dict value → score. Reads never sort: ranks and score ranges are binary searches, and
fetches are slices. NaN is refused (it has no place in an order).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Self

from momento_web_emulator.datatypes.base import Collection, InvalidScore, ItemKind

_SCORE = itemgetter(0)
_ENTRY_BYTES = 8  # a score is a double

ScoreBound = tuple[float, bool] | None
"""``(score, exclusive)``, or None for unbounded."""


def checked_score(score: float) -> float:
    if math.isnan(score):
        raise InvalidScore("a sorted set score must be a number, not NaN")
    return score


class SortedSetValue(Collection):
    kind = ItemKind.SORTED_SET
    element_overhead = 176  # a bytes object, a float, a dict entry, a (score, value) tuple and its list slot
    __slots__ = ("_order", "_scores", "nbytes")

    def __init__(self, elements: Iterable[tuple[bytes, float]] = ()) -> None:
        self._scores: dict[bytes, float] = {}
        self._order: list[tuple[float, bytes]] = []
        self.nbytes = 0
        self.put(elements)

    def __len__(self) -> int:
        return len(self._scores)

    def copy(self) -> Self:
        clone = type(self)()
        clone._scores = dict(self._scores)
        clone._order = list(self._order)
        clone.nbytes = self.nbytes
        return clone

    def items(self) -> Iterator[tuple[bytes, float]]:
        """``(value, score)`` in ascending order."""
        return ((value, score) for score, value in self._order)

    # --- writes ----------------------------------------------------------------------------------------------

    def put(self, elements: Iterable[tuple[bytes, float]]) -> int:
        checked = [(value, checked_score(score)) for value, score in elements]  # all or nothing
        for value, score in checked:
            self._place(value, score)
        return len(self._scores)

    def increment(self, value: bytes, amount: float) -> float:
        """Add ``amount`` to the score of ``value`` (absent = 0); returns the new score."""
        score = checked_score(self._scores.get(value, 0.0) + checked_score(amount))
        self._place(value, score)
        return score

    def remove(self, values: Iterable[bytes]) -> int:
        """Drop ``values`` (absent ones are ignored); returns how many are left."""
        for value in values:
            score = self._scores.pop(value, None)
            if score is not None:
                del self._order[bisect.bisect_left(self._order, (score, value))]
                self.nbytes -= len(value) + _ENTRY_BYTES
        return len(self._scores)

    def _place(self, value: bytes, score: float) -> None:
        old = self._scores.get(value)
        if old is not None:
            if old == score:
                return
            del self._order[bisect.bisect_left(self._order, (old, value))]
        else:
            self.nbytes += len(value) + _ENTRY_BYTES
        self._scores[value] = score
        bisect.insort(self._order, (score, value))

    # --- reads -----------------------------------------------------------------------------------------------

    def score(self, value: bytes) -> float | None:
        return self._scores.get(value)

    def rank(self, value: bytes, descending: bool = False) -> int | None:
        score = self._scores.get(value)
        if score is None:
            return None
        ascending = bisect.bisect_left(self._order, (score, value))
        return len(self._order) - 1 - ascending if descending else ascending

    def by_rank(self, start: int | None, end: int | None, descending: bool = False) -> list[tuple[bytes, float]]:
        """Ranks ``[start, end)`` in the given order (Python slice rules: negative counts from the end)."""
        size = len(self._order)
        first, stop, _ = slice(start, end).indices(size)
        if stop <= first:
            return []
        if descending:  # ranks first..stop-1 of the reversed order are these ascending positions
            return [(value, score) for score, value in reversed(self._order[size - stop : size - first])]
        return [(value, score) for score, value in self._order[first:stop]]

    def by_score(
        self, low: ScoreBound, high: ScoreBound, descending: bool = False, offset: int = 0, count: int = -1
    ) -> list[tuple[bytes, float]]:
        """Elements with scores within the bounds, in the given order, skipping ``offset`` and returning at
        most ``count`` (negative = all)."""
        first, stop = self._score_span(low, high)
        positions = range(stop - 1, first - 1, -1) if descending else range(first, stop)
        chosen = positions[offset:] if count < 0 else positions[offset : offset + count]
        return [(self._order[i][1], self._order[i][0]) for i in chosen]

    def count_by_score(self, low: ScoreBound, high: ScoreBound) -> int:
        first, stop = self._score_span(low, high)
        return stop - first

    def _score_span(self, low: ScoreBound, high: ScoreBound) -> tuple[int, int]:
        """Ascending positions ``[first, stop)`` of the scores within the bounds."""
        first = 0
        if low is not None:
            find = bisect.bisect_right if low[1] else bisect.bisect_left
            first = find(self._order, low[0], key=_SCORE)
        stop = len(self._order)
        if high is not None:
            find = bisect.bisect_left if high[1] else bisect.bisect_right
            stop = find(self._order, high[0], key=_SCORE)
        return first, max(first, stop)

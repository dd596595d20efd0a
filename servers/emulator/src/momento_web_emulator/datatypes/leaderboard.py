"""Leaderboard: uint32 ids, each with one score, ranked by score.

Ranks are ordinal and 0-based: ascending, rank 0 is the lowest score; descending, the highest. Elements with the
same score come in the alphanumerical order of their ids, i.e. of the ids written in decimal (1, 10, 123, 2, …), in
both orders, as Momento documents for its leaderboards. So descending is not the ascending order reversed: the score
groups are reversed, the ids within a group are not.

The order is kept incrementally in one list of ``(score, id)`` sorted by ``(score, str(id))`` next to a dict
id → score. Ascending reads are binary searches and slices; descending ones walk the score groups from the top,
one binary search per group, so no read sorts and none copies the list.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Self

from momento_web_emulator.datatypes.base import Collection, InvalidScore, ItemKind

UINT32_MAX = 2**32 - 1
# One element's payload, what the wire carries (the item size limit counts it): a uint32 id and a double score.
PAYLOAD_BYTES = 12
# What one element really takes, counted against --max-bytes (payload plus element_overhead): measured with
# tracemalloc on CPython 3.13 (tests/unit/test_emulator_leaderboard.py keeps it honest): its dict entry, the id and
# score objects, its (score, id) tuple and its slot in the ordered list.
ELEMENT_BYTES = 168
# A batch of at least 1/_RESORT_FRACTION of the leaderboard is merged by one sort instead of one insertion per
# element (each insertion moves the list's tail).
_RESORT_FRACTION = 8

Entry = tuple[float, int]
Ranked = tuple[int, float, int]
"""``(id, score, rank)``."""


def _order_key(entry: Entry) -> tuple[float, str]:
    return entry[0], str(entry[1])


def _score(entry: Entry) -> float:
    return entry[0]


def checked_score(score: float) -> float:
    """Momento leaderboards take neither NaN nor infinities."""
    if not math.isfinite(score):
        raise InvalidScore(f"a leaderboard score must be a finite number, not {score}")
    return score


class LeaderboardValue(Collection):
    kind = ItemKind.LEADERBOARD
    element_overhead = ELEMENT_BYTES - PAYLOAD_BYTES
    __slots__ = ("_order", "_scores", "nbytes")

    def __init__(self, elements: Iterable[tuple[int, float]] = ()) -> None:
        self._scores: dict[int, float] = {}
        self._order: list[Entry] = []
        self.nbytes = 0
        self.upsert(elements)

    def __len__(self) -> int:
        return len(self._scores)

    def copy(self) -> Self:
        clone = type(self)()
        clone._scores = dict(self._scores)
        clone._order = list(self._order)
        clone.nbytes = self.nbytes
        return clone

    # --- writes ----------------------------------------------------------------------------------------------

    def upsert(self, elements: Iterable[tuple[int, float]]) -> None:
        """Insert or re-score ``elements`` (the last score of an id repeated in them wins); all or nothing."""
        changes = {element_id: checked_score(score) for element_id, score in elements}
        if len(changes) * _RESORT_FRACTION >= len(self._order):
            self._scores.update(changes)
            self._order = sorted(((score, element_id) for element_id, score in self._scores.items()), key=_order_key)
        else:
            for element_id, score in changes.items():
                old = self._scores.get(element_id)
                if old == score:
                    continue
                if old is not None:
                    del self._order[self._position(old, element_id)]
                self._scores[element_id] = score
                bisect.insort(self._order, (score, element_id), key=_order_key)
        self.nbytes = len(self._scores) * PAYLOAD_BYTES

    def remove(self, ids: Iterable[int]) -> None:
        """Drop ``ids`` (absent ones are ignored)."""
        for element_id in ids:
            score = self._scores.pop(element_id, None)
            if score is not None:
                del self._order[self._position(score, element_id)]
        self.nbytes = len(self._scores) * PAYLOAD_BYTES

    # --- reads -----------------------------------------------------------------------------------------------

    def ranks(self, ids: Iterable[int], descending: bool = False) -> list[Ranked]:
        """The ids present, in the order asked (each once), with their scores and ranks."""
        found: dict[int, Ranked] = {}
        for element_id in ids:
            score = self._scores.get(element_id)
            if score is not None and element_id not in found:
                position = self._position(score, element_id)
                found[element_id] = (element_id, score, self._rank(position, descending))
        return list(found.values())

    def competition_ranks(self, ids: Iterable[int], descending: bool = True) -> list[Ranked]:
        """As :meth:`ranks`, with competition ranks: equal scores share the rank of the first of them."""
        found: dict[int, Ranked] = {}
        for element_id in ids:
            score = self._scores.get(element_id)
            if score is not None and element_id not in found:
                start, stop = self._group(score)
                found[element_id] = (element_id, score, len(self._order) - stop if descending else start)
        return list(found.values())

    def by_rank(self, start: int, stop: int, descending: bool = False) -> list[Ranked]:
        """Ranks ``[start, stop)`` (clipped to the leaderboard's length)."""
        size = len(self._order)
        stop = min(stop, size)
        if start >= stop:
            return []
        if not descending:
            return [(self._order[p][1], self._order[p][0], p) for p in range(start, stop)]
        return self._ranked(islice(self._descending(0, size, start), stop - start))

    def by_score(
        self, low: float | None, high: float | None, descending: bool = False, offset: int = 0, count: int = 0
    ) -> list[Ranked]:
        """Scores in ``[low, high)`` (None: unbounded) in the given order, skipping ``offset``, at most ``count``."""
        first = 0 if low is None else bisect.bisect_left(self._order, low, key=_score)
        stop = len(self._order) if high is None else bisect.bisect_left(self._order, high, key=_score)
        if first + offset >= stop:
            return []
        if not descending:
            chosen = range(first + offset, min(stop, first + offset + count))
            return [(self._order[p][1], self._order[p][0], p) for p in chosen]
        return self._ranked(islice(self._descending(first, stop, offset), count))

    # --- positions -------------------------------------------------------------------------------------------

    def _position(self, score: float, element_id: int) -> int:
        return bisect.bisect_left(self._order, (score, str(element_id)), key=_order_key)

    def _group(self, score: float) -> tuple[int, int]:
        """Positions ``[start, stop)`` of the elements with ``score``."""
        order = self._order
        return bisect.bisect_left(order, score, key=_score), bisect.bisect_right(order, score, key=_score)

    def _rank(self, position: int, descending: bool) -> int:
        if not descending:
            return position
        start, stop = self._group(self._order[position][0])
        return len(self._order) - stop + position - start

    def _descending(self, low: int, high: int, skip: int) -> Iterator[tuple[int, int]]:
        """``(position, descending rank)`` of the positions in ``[low, high)`` (whole score groups) in descending
        order, from the ``skip``-th on."""
        size = len(self._order)
        # The skip-th from the top lies in the group of ascending position high-1-skip (reversing the groups keeps
        # their members), whose members take descending places [high-stop, high-start) in id order.
        start, stop = self._group(self._order[high - 1 - skip][0])
        position = start + skip - (high - stop)
        while True:
            for current in range(position, stop):
                yield current, size - stop + current - start
            if start <= low:
                return
            stop = start
            start, _ = self._group(self._order[stop - 1][0])
            position = start

    def _ranked(self, positions: Iterable[tuple[int, int]]) -> list[Ranked]:
        order = self._order
        return [(order[p][1], order[p][0], rank) for p, rank in positions]

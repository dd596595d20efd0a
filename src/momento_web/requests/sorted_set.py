"""Inputs of ``sorted_set_union_store`` (a JS SDK method)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class SortedSetAggregate(Enum):
    """How ``sorted_set_union_store`` combines the weighted scores of a value found in several sources."""

    SUM = 0
    MIN = 1
    MAX = 2


@dataclass(frozen=True)
class SortedSetSource:
    """A sorted set of the same cache whose scores, multiplied by ``weight``, enter a union."""

    sorted_set_name: str
    weight: float = 1.0

"""``SortOrder``: the order of sorted set fetches and ranks."""

from __future__ import annotations

from enum import Enum


class SortOrder(Enum):
    ASCENDING = True
    DESCENDING = False

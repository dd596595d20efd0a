"""The values of the emulator's items: one module per collection type, plus what they share."""

from momento_web_emulator.datatypes.base import (
    INT64_MAX,
    INT64_MIN,
    Collection,
    IntegerOverflow,
    InvalidScore,
    ItemKind,
    NotAnInteger,
    StoreError,
    WrongItemKind,
    add_int64,
    parse_int64,
)
from momento_web_emulator.datatypes.dictionary import DictionaryValue
from momento_web_emulator.datatypes.leaderboard import LeaderboardValue
from momento_web_emulator.datatypes.lists import ListValue
from momento_web_emulator.datatypes.sets import SetValue
from momento_web_emulator.datatypes.sorted_set import ScoreBound, SortedSetValue

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "Collection",
    "DictionaryValue",
    "IntegerOverflow",
    "InvalidScore",
    "ItemKind",
    "LeaderboardValue",
    "ListValue",
    "NotAnInteger",
    "ScoreBound",
    "SetValue",
    "SortedSetValue",
    "StoreError",
    "WrongItemKind",
    "add_int64",
    "parse_int64",
]

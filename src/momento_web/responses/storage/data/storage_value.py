"""``StorageValue``: what a store holds at a key, with its type."""

from __future__ import annotations

import builtins
import math

from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service

StorageValueType = int | float | str | bytes
"""A 64-bit integer, a double, a string or bytes: the four types a store holds."""


class StorageValue:
    """A stored value; the JS SDK's typed accessors :meth:`int`, :meth:`double`, :meth:`string` and :meth:`bytes`
    return it when it has that type and None otherwise. ``value`` is the value itself, for ``match``::

        match found.value:
            case StorageValue(int() as number): ...
            case StorageValue(str() as text): ...

    An integer and a double are different values even when equal as numbers (``1`` is not ``1.0``).
    """

    __slots__ = ("_value",)
    __match_args__ = ("value",)

    def __init__(self, value: StorageValueType) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float | str | builtins.bytes):
            raise InvalidArgumentException(
                f"A stored value must be an int, float, str or bytes. Given type: {type(value)}", Service.STORAGE
            )
        self._value: StorageValueType = value

    @property
    def value(self) -> StorageValueType:
        return self._value

    def int(self) -> builtins.int | None:
        value = self._value
        return value if isinstance(value, builtins.int) else None

    def double(self) -> builtins.float | None:
        value = self._value
        return value if isinstance(value, builtins.float) else None

    def string(self) -> builtins.str | None:
        value = self._value
        return value if isinstance(value, builtins.str) else None

    def bytes(self) -> builtins.bytes | None:
        value = self._value
        return value if isinstance(value, builtins.bytes) else None

    def __eq__(self, other: object) -> builtins.bool:
        if not isinstance(other, StorageValue):
            return NotImplemented
        mine, theirs = self._value, other._value
        if type(mine) is not type(theirs):
            return False
        # NaN is a value a store holds like any other: equal to itself here, unlike float equality.
        both_nan = isinstance(mine, float) and isinstance(theirs, float) and math.isnan(mine) and math.isnan(theirs)
        return both_nan or mine == theirs

    def __hash__(self) -> builtins.int:
        value = self._value
        if isinstance(value, float) and math.isnan(value):
            return hash((float, "nan"))
        return hash((type(value), value))

    def __repr__(self) -> builtins.str:
        return f"StorageValue({self._value!r})"

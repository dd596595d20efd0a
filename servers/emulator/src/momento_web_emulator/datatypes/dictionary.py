"""Dictionary: field → value."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable
from typing import Self

from momento_web_emulator.datatypes.base import Collection, ItemKind, add_int64


class DictionaryValue(Collection):
    kind = ItemKind.DICTIONARY
    element_overhead = 128  # two bytes objects (field, value) and a dict entry
    __slots__ = ("_fields", "nbytes")

    def __init__(self, fields: dict[bytes, bytes] | None = None) -> None:
        self._fields: dict[bytes, bytes] = {}
        self.nbytes = 0
        self.set_many((fields or {}).items())

    def __len__(self) -> int:
        return len(self._fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DictionaryValue) and other._fields == self._fields

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"DictionaryValue({self._fields!r})"

    def copy(self) -> Self:
        clone = type(self)()
        clone._fields = dict(self._fields)
        clone.nbytes = self.nbytes
        return clone

    def items(self) -> ItemsView[bytes, bytes]:
        return self._fields.items()

    def get(self, field: bytes) -> bytes | None:
        return self._fields.get(field)

    def set(self, field: bytes, value: bytes) -> None:
        old = self._fields.get(field)
        self.nbytes += len(value) - (len(old) if old is not None else -len(field))
        self._fields[field] = value

    def set_many(self, pairs: Iterable[tuple[bytes, bytes]]) -> None:
        for field, value in pairs:
            self.set(field, value)

    def increment(self, field: bytes, amount: int) -> int:
        """Add ``amount`` to the base-10 integer in ``field`` (absent = 0); returns the new value."""
        value = add_int64(self._fields.get(field), amount)
        self.set(field, value)
        return int(value)

    def remove(self, fields: Iterable[bytes]) -> int:
        """Drop ``fields`` (absent ones are ignored); returns how many fields are left."""
        for field in fields:
            old = self._fields.pop(field, None)
            if old is not None:
                self.nbytes -= len(field) + len(old)
        return len(self._fields)

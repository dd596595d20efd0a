"""An entry of a vector index: its id, its vector and its metadata.

Metadata values are typed on the wire: ``str``, ``int`` (64-bit), ``float`` (double), ``bool`` and ``list[str]``.
A value's exact Python type decides which, so ``True`` is a boolean, never the integer 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web._messages import vectorindex as pb
from momento_web.internal.vector_index import validation

MetadataValue = str | int | float | bool | list[str]
Metadata = dict[str, MetadataValue]
"""The metadata of an item: field name to value."""


@dataclass
class ItemMetadata:
    """The id and metadata of an entry (what ``get_item_metadata_batch`` knows about it)."""

    id: str
    metadata: Metadata = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.metadata is None:
            self.metadata = {}


@dataclass(init=False, repr=False)
class Item(ItemMetadata):
    """A full entry: what ``upsert_item_batch`` writes and ``get_item_batch`` returns. ``metadata`` None means
    none. Compared by value (id, vector and metadata)."""

    vector: list[float] = field(default_factory=list)

    def __init__(self, id: str, vector: list[float], metadata: Metadata | None = None) -> None:
        self.id = id
        self.vector = vector
        self.metadata = {} if metadata is None else metadata

    def __repr__(self) -> str:
        return f"Item(id={self.id!r}, vector={self.vector!r}, metadata={self.metadata!r})"

    def to_proto(self) -> pb._Item:
        """The wire form; raises ``InvalidArgumentException`` for an id, vector or metadata it cannot carry."""
        if not isinstance(self.id, str):
            raise validation.invalid(f"Item id must be a string. Given type: {type(self.id)}")
        if not isinstance(self.metadata, dict):
            raise validation.invalid(f"Item metadata must be a dict. Given type: {type(self.metadata)}")
        return pb._Item(
            id=self.id,
            vector=validation.vector(self.vector, "Item vector"),
            metadata=[metadata_to_proto(name, value) for name, value in self.metadata.items()],
        )


def metadata_to_proto(name: object, value: object) -> pb._Metadata:
    if not isinstance(name, str):
        raise validation.invalid(f"Metadata field names must be strings. Given type: {type(name)}")
    # Exact types: bool is a subclass of int, and a str subclass or a tuple is not what the wire names.
    if type(value) is str:
        return pb._Metadata(field=name, string_value=value)
    if type(value) is int:
        return pb._Metadata(field=name, integer_value=validation.int64(value, f"Metadata field {name!r}"))
    if type(value) is float:
        return pb._Metadata(field=name, double_value=value)
    if type(value) is bool:
        return pb._Metadata(field=name, boolean_value=value)
    if type(value) is list and all(type(element) is str for element in value):
        return pb._Metadata(field=name, list_of_strings_value=pb._Metadata._ListOfStrings(values=value))
    raise validation.invalid(
        "Metadata values must be either str, int, float, bool, or list[str]. "
        f"Field {name!r} has a value of type {type(value)!r} with value {value!r}."
    )


def metadata_from_proto(entries: list[pb._Metadata]) -> Metadata:
    """Metadata as the server sent it; an entry whose value kind is unknown (a newer server) is skipped."""
    metadata: Metadata = {}
    for entry in entries:
        kind = entry.WhichOneof("value")
        if kind == "string_value":
            metadata[entry.field] = entry.string_value
        elif kind == "integer_value":
            metadata[entry.field] = entry.integer_value
        elif kind == "double_value":
            metadata[entry.field] = entry.double_value
        elif kind == "boolean_value":
            metadata[entry.field] = entry.boolean_value
        elif kind == "list_of_strings_value":
            metadata[entry.field] = list(entry.list_of_strings_value.values)
    return metadata

"""Type aliases of the public API, as ``momento.typing``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TCacheName = str
TTopicName = str
TMomentoValue = str | bytes
TScalarKey = str | bytes
TScalarValue = str | bytes

TCollectionName = str
TCollectionValue = str | bytes

TDictionaryName = TCollectionName
TDictionaryField = str | bytes
TDictionaryValue = str | bytes
TDictionaryFields = Iterable[TDictionaryField]
# Mapping is invariant in its key type, hence the four concrete mappings.
TDictionaryItems = (
    Mapping[str, str]
    | Mapping[str, bytes]
    | Mapping[bytes, str]
    | Mapping[bytes, bytes]
    | Mapping[str | bytes, str | bytes]
)

TListName = TCollectionName
TListValue = str | bytes
TListValuesInput = Iterable[TListValue]

TSetName = TCollectionName
TSetElement = str | bytes
TSetElementsInput = Iterable[TSetElement]

TSortedSetName = TCollectionName
TSortedSetValue = str | bytes
TSortedSetScore = float  # an int is accepted too (the official Python SDK rejects it)
TSortedSetValues = Iterable[TSortedSetValue]
TSortedSetElements = (
    Mapping[str, float] | Mapping[bytes, float] | Mapping[str | bytes, float] | Iterable[tuple[str | bytes, float]]
)

"""Type aliases of the public API: every alias of ``momento.typing`` (``TLIstValuesOutput`` keeps momento's
spelling), with the same meaning."""

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
TListValuesInputBytes = Iterable[bytes]
TListValuesInputStr = Iterable[str]
TListValuesInput = Iterable[TListValue]
TListValuesOutputBytes = list[bytes]
TListValuesOutputStr = list[str]
TLIstValuesOutput = TListValuesOutputBytes | TListValuesOutputStr  # momento's spelling

TSetName = TCollectionName
TSetElement = str | bytes
TSetElementsInputBytes = Iterable[bytes]
TSetElementsInputStr = Iterable[str]
TSetElementsInput = Iterable[TSetElement]
TSetElementsOutputStr = set[str]
TSetElementsOutputBytes = set[bytes]
TSetElementsOutput = TSetElementsOutputBytes | TSetElementsOutputStr

TSortedSetName = TCollectionName
TSortedSetValue = str | bytes
TSortedSetScore = float  # a float, as in momento: an int score is rejected
TSortedSetValues = Iterable[TSortedSetValue]
# A mapping of value to score, as in momento; (value, score) pairs are accepted too.
TSortedSetElements = (
    Mapping[str, float] | Mapping[bytes, float] | Mapping[str | bytes, float] | Iterable[tuple[str | bytes, float]]
)

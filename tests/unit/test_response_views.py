"""The derived views of response variants (the ``*_string`` and dictionary accessors), built from the raw
fields the SDK fills in."""

from __future__ import annotations

import pytest

from momento_web.responses import (
    CacheDictionaryFetch,
    CacheGet,
    CacheGetBatch,
    CacheKeysExist,
    CacheSetContainsElements,
    CacheSortedSetGetScore,
    CacheSortedSetGetScores,
)

BINARY = b"\xff\x00"


def test_dictionary_views_decode_keys_values_or_both() -> None:
    fetched = CacheDictionaryFetch.Hit({b"k": b"v", "ключ".encode(): "значение".encode()})
    assert fetched.value_dictionary_bytes_string == {b"k": "v", "ключ".encode(): "значение"}
    assert fetched.value_dictionary_string_bytes == {"k": b"v", "ключ": "значение".encode()}
    assert fetched.value_dictionary_string_string == {"k": "v", "ключ": "значение"}


def test_dictionary_views_decode_strictly() -> None:
    fetched = CacheDictionaryFetch.Hit({b"k": BINARY})
    assert fetched.value_dictionary_string_bytes == {"k": BINARY}  # only the keys are decoded
    with pytest.raises(UnicodeDecodeError):
        _ = fetched.value_dictionary_string_string


def test_get_batch_views_hold_the_hits_in_key_order() -> None:
    batch = CacheGetBatch.Success(
        responses=[CacheGet.Hit(b"1"), CacheGet.Miss(), CacheGet.Hit(b"3")], keys=[b"a", b"b", b"c"]
    )
    assert batch.value_dictionary_bytes_bytes == {b"a": b"1", b"c": b"3"}
    assert batch.value_dictionary_string_string == {"a": "1", "c": "3"}
    assert batch.value_dictionary_bytes_string == {b"a": "1", b"c": "3"}
    assert batch.value_dictionary_string_bytes == {"a": b"1", "c": b"3"}
    assert list(batch.value_dictionary_bytes_bytes) == [b"a", b"c"]


def test_sorted_set_get_scores_views_hold_the_hits() -> None:
    scores = CacheSortedSetGetScores.Hit(
        [CacheSortedSetGetScore.Hit(b"x", 1.5), CacheSortedSetGetScore.Miss(b"y"), CacheSortedSetGetScore.Hit(b"z", -2)]
    )
    assert scores.value_dictionary_bytes == {b"x": 1.5, b"z": -2}
    assert scores.value_dictionary_string == {"x": 1.5, "z": -2}


def test_keys_exist_views_pair_keys_with_answers() -> None:
    exists = CacheKeysExist.Success(exists=[True, False], keys=[b"a", BINARY])
    assert exists.exists_dictionary_bytes == {b"a": True, BINARY: False}
    with pytest.raises(UnicodeDecodeError):  # binary keys are read through the bytes view
        _ = exists.exists_dictionary
    assert CacheKeysExist.Success(exists=[False], keys=[b"k"]).exists_dictionary == {"k": False}


def test_set_contains_elements_views_match_keys_exist() -> None:
    # Keyed like exists_dictionary: str (the JS SDK's Record<string, boolean>), with a bytes twin.
    contains = CacheSetContainsElements.Hit(contains_elements=[True, False], elements=["ключ".encode(), BINARY])
    assert contains.contains_elements_dictionary_bytes == {"ключ".encode(): True, BINARY: False}
    with pytest.raises(UnicodeDecodeError):  # binary elements are read through the bytes view
        _ = contains.contains_elements_dictionary
    hit = CacheSetContainsElements.Hit(contains_elements=[False, True], elements=[b"a", "ü".encode()])
    assert hit.contains_elements_dictionary == {"a": False, "ü": True}

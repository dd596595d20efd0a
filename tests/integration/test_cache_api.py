"""The whole cache API against a real emulator process on CPython: collections, conditional writes, batches and
TTL operations. Table-driven where the behaviour is shared (misses, type errors, validation), one test per
family where it is not."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.config import WireFormat
from momento_web.errors import MomentoErrorCode
from momento_web.internal.services import Service
from momento_web.requests import CollectionTtl, SetBatchItem, SortedSetAggregate, SortedSetSource, SortOrder
from momento_web.responses import (
    CacheDecreaseTtl,
    CacheDelete,
    CacheDictionaryFetch,
    CacheDictionaryGetField,
    CacheDictionaryGetFields,
    CacheDictionaryIncrement,
    CacheDictionaryLength,
    CacheDictionaryRemoveField,
    CacheDictionaryRemoveFields,
    CacheDictionarySetField,
    CacheDictionarySetFields,
    CacheGet,
    CacheGetBatch,
    CacheGetWithHash,
    CacheIncreaseTtl,
    CacheItemGetTtl,
    CacheItemGetType,
    CacheKeyExists,
    CacheKeysExist,
    CacheListConcatenateBack,
    CacheListConcatenateFront,
    CacheListFetch,
    CacheListLength,
    CacheListPopBack,
    CacheListPopFront,
    CacheListPushBack,
    CacheListPushFront,
    CacheListRemoveValue,
    CacheListRetain,
    CacheSet,
    CacheSetAddElement,
    CacheSetAddElements,
    CacheSetBatch,
    CacheSetContainsElement,
    CacheSetContainsElements,
    CacheSetFetch,
    CacheSetIfAbsent,
    CacheSetIfAbsentOrEqual,
    CacheSetIfAbsentOrHashEqual,
    CacheSetIfAbsentOrHashNotEqual,
    CacheSetIfEqual,
    CacheSetIfNotEqual,
    CacheSetIfPresent,
    CacheSetIfPresentAndHashEqual,
    CacheSetIfPresentAndHashNotEqual,
    CacheSetIfPresentAndNotEqual,
    CacheSetLength,
    CacheSetPop,
    CacheSetRemoveElement,
    CacheSetRemoveElements,
    CacheSetSample,
    CacheSetWithHash,
    CacheSortedSetFetch,
    CacheSortedSetGetRank,
    CacheSortedSetGetScore,
    CacheSortedSetGetScores,
    CacheSortedSetIncrementScore,
    CacheSortedSetLength,
    CacheSortedSetLengthByScore,
    CacheSortedSetPutElement,
    CacheSortedSetPutElements,
    CacheSortedSetRemoveElement,
    CacheSortedSetRemoveElements,
    CacheSortedSetUnionStore,
    CacheUpdateTtl,
    CreateCache,
    CreateSigningKey,
    ItemType,
    ListSigningKeys,
    RevokeSigningKey,
    SigningKey,
)
from momento_web.responses.mixins import ErrorResponseMixin
from tests.conftest import LocalServer, run_server

Call = Callable[[CacheClientAsync, str, str], Awaitable[Any]]
"""``(client, cache, name) -> response`` for one operation on the item called ``name``."""

ONE_MB = bytes(range(256)) * 4096
MIXED_FIELDS: dict[str | bytes, str | bytes] = {b"\x00\xff": b"\xfe\x00", "ключ": "значение ✓", "e": b""}
NAN = float("nan")


@pytest.fixture
async def client(emulator: LocalServer) -> AsyncIterator[CacheClientAsync]:
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    async with await CacheClientAsync.create(
        Configurations.Laptop.latest(), credentials, timedelta(seconds=60)
    ) as client:
        yield client


@pytest.fixture
async def cache(client: CacheClientAsync) -> AsyncIterator[str]:
    name = f"api-{uuid.uuid4().hex[:8]}"
    assert await client.create_cache(name) == CreateCache.Success()
    yield name
    await client.delete_cache(name)


async def remaining_ttl(client: CacheClientAsync, cache: str, name: str) -> timedelta:
    response = await client.item_get_ttl(cache, name)
    assert isinstance(response, CacheItemGetTtl.Hit), response
    return response.remaining_ttl


def error_kind(response: object) -> tuple[str, MomentoErrorCode | None]:
    """``("Error", code)`` for an Error variant, so a wrong variant fails the comparison visibly."""
    if not isinstance(response, ErrorResponseMixin):
        return type(response).__qualname__, None
    return "Error", response.error_code


# --- shared behaviour, parametrized over operations ---------------------------------------------------------------

READS_OF_ABSENT_ITEMS: list[Any] = [
    pytest.param(lambda c, n, k: c.dictionary_fetch(n, k), CacheDictionaryFetch.Miss(), id="dictionary_fetch"),
    pytest.param(
        lambda c, n, k: c.dictionary_get_field(n, k, "f"), CacheDictionaryGetField.Miss(), id="dictionary_get_field"
    ),
    pytest.param(
        lambda c, n, k: c.dictionary_get_fields(n, k, ["f"]),
        CacheDictionaryGetFields.Miss(),
        id="dictionary_get_fields",
    ),
    pytest.param(lambda c, n, k: c.dictionary_length(n, k), CacheDictionaryLength.Miss(), id="dictionary_length"),
    pytest.param(
        lambda c, n, k: c.dictionary_remove_field(n, k, "f"),
        CacheDictionaryRemoveField.Success(),
        id="dictionary_remove_field",
    ),
    pytest.param(
        lambda c, n, k: c.dictionary_remove_fields(n, k, ["f"]),
        CacheDictionaryRemoveFields.Success(),
        id="dictionary_remove_fields",
    ),
    pytest.param(lambda c, n, k: c.list_fetch(n, k), CacheListFetch.Miss(), id="list_fetch"),
    pytest.param(lambda c, n, k: c.list_length(n, k), CacheListLength.Miss(), id="list_length"),
    pytest.param(lambda c, n, k: c.list_pop_back(n, k), CacheListPopBack.Miss(), id="list_pop_back"),
    pytest.param(lambda c, n, k: c.list_pop_front(n, k), CacheListPopFront.Miss(), id="list_pop_front"),
    pytest.param(
        lambda c, n, k: c.list_remove_value(n, k, "v"), CacheListRemoveValue.Success(), id="list_remove_value"
    ),
    pytest.param(
        lambda c, n, k: c.list_retain(n, k, start_index=0, end_index=1), CacheListRetain.Success(), id="list_retain"
    ),
    pytest.param(lambda c, n, k: c.set_fetch(n, k), CacheSetFetch.Miss(), id="set_fetch"),
    pytest.param(
        lambda c, n, k: c.set_contains_element(n, k, "e"), CacheSetContainsElement.Miss(), id="set_contains_element"
    ),
    pytest.param(
        lambda c, n, k: c.set_contains_elements(n, k, ["e"]),
        CacheSetContainsElements.Miss(),
        id="set_contains_elements",
    ),
    pytest.param(lambda c, n, k: c.set_length(n, k), CacheSetLength.Miss(), id="set_length"),
    pytest.param(lambda c, n, k: c.set_pop(n, k, 1), CacheSetPop.Miss(), id="set_pop"),
    pytest.param(lambda c, n, k: c.set_sample(n, k, 1), CacheSetSample.Miss(), id="set_sample"),
    pytest.param(
        lambda c, n, k: c.set_remove_element(n, k, "e"), CacheSetRemoveElement.Success(), id="set_remove_element"
    ),
    pytest.param(
        lambda c, n, k: c.set_remove_elements(n, k, ["e"]), CacheSetRemoveElements.Success(), id="set_remove_elements"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_rank(n, k), CacheSortedSetFetch.Miss(), id="sorted_set_fetch_by_rank"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k), CacheSortedSetFetch.Miss(), id="sorted_set_fetch_by_score"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_get_rank(n, k, "v"), CacheSortedSetGetRank.Miss(), id="sorted_set_get_rank"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_get_score(n, k, "v"), CacheSortedSetGetScore.Miss(b"v"), id="sorted_set_get_score"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_get_scores(n, k, ["v"]), CacheSortedSetGetScores.Miss(), id="sorted_set_get_scores"
    ),
    pytest.param(lambda c, n, k: c.sorted_set_length(n, k), CacheSortedSetLength.Miss(), id="sorted_set_length"),
    pytest.param(
        lambda c, n, k: c.sorted_set_length_by_score(n, k, 0, 1),
        CacheSortedSetLengthByScore.Miss(),
        id="sorted_set_length_by_score",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_remove_element(n, k, "v"),
        CacheSortedSetRemoveElement.Success(),
        id="sorted_set_remove_element",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_remove_elements(n, k, ["v"]),
        CacheSortedSetRemoveElements.Success(),
        id="sorted_set_remove_elements",
    ),
    pytest.param(lambda c, n, k: c.get_with_hash(n, k), CacheGetWithHash.Miss(), id="get_with_hash"),
    pytest.param(lambda c, n, k: c.key_exists(n, k), CacheKeyExists.Success(False), id="key_exists"),
    pytest.param(lambda c, n, k: c.item_get_type(n, k), CacheItemGetType.Miss(), id="item_get_type"),
    pytest.param(lambda c, n, k: c.item_get_ttl(n, k), CacheItemGetTtl.Miss(), id="item_get_ttl"),
    pytest.param(lambda c, n, k: c.update_ttl(n, k, timedelta(seconds=9)), CacheUpdateTtl.Miss(), id="update_ttl"),
    pytest.param(
        lambda c, n, k: c.increase_ttl(n, k, timedelta(seconds=9)), CacheIncreaseTtl.Miss(), id="increase_ttl"
    ),
    pytest.param(
        lambda c, n, k: c.decrease_ttl(n, k, timedelta(seconds=9)), CacheDecreaseTtl.Miss(), id="decrease_ttl"
    ),
]


@pytest.mark.parametrize(("call", "expected"), READS_OF_ABSENT_ITEMS)
async def test_absent_items_miss_and_removals_succeed(
    client: CacheClientAsync, cache: str, call: Call, expected: object
) -> None:
    assert await call(client, cache, "absent") == expected
    assert await client.key_exists(cache, "absent") == CacheKeyExists.Success(False)  # nothing was created


# Every operation that needs a collection of its own type, run on a key that holds a scalar: at least one call per
# emulator collection handler (ListErase has no client method).
WRONG_TYPE: list[Any] = [
    pytest.param(lambda c, n, k: c.dictionary_fetch(n, k), id="dictionary_fetch"),
    pytest.param(lambda c, n, k: c.dictionary_get_fields(n, k, ["f"]), id="dictionary_get_fields"),
    pytest.param(lambda c, n, k: c.dictionary_set_field(n, k, "f", "v"), id="dictionary_set_field"),
    pytest.param(lambda c, n, k: c.dictionary_increment(n, k, "f"), id="dictionary_increment"),
    pytest.param(lambda c, n, k: c.dictionary_remove_fields(n, k, ["f"]), id="dictionary_remove_fields"),
    pytest.param(lambda c, n, k: c.dictionary_length(n, k), id="dictionary_length"),
    pytest.param(lambda c, n, k: c.list_push_back(n, k, "v"), id="list_push_back"),
    pytest.param(lambda c, n, k: c.list_push_front(n, k, "v"), id="list_push_front"),
    pytest.param(lambda c, n, k: c.list_concatenate_back(n, k, ["v"]), id="list_concatenate_back"),
    pytest.param(lambda c, n, k: c.list_concatenate_front(n, k, ["v"]), id="list_concatenate_front"),
    pytest.param(lambda c, n, k: c.list_pop_back(n, k), id="list_pop_back"),
    pytest.param(lambda c, n, k: c.list_pop_front(n, k), id="list_pop_front"),
    pytest.param(lambda c, n, k: c.list_fetch(n, k), id="list_fetch"),
    pytest.param(lambda c, n, k: c.list_length(n, k), id="list_length"),
    pytest.param(lambda c, n, k: c.list_remove_value(n, k, "v"), id="list_remove_value"),
    pytest.param(lambda c, n, k: c.list_retain(n, k, start_index=0), id="list_retain"),
    pytest.param(lambda c, n, k: c.set_add_elements(n, k, ["e"]), id="set_add_elements"),
    pytest.param(lambda c, n, k: c.set_remove_elements(n, k, ["e"]), id="set_remove_elements"),
    pytest.param(lambda c, n, k: c.set_fetch(n, k), id="set_fetch"),
    pytest.param(lambda c, n, k: c.set_contains_elements(n, k, ["e"]), id="set_contains_elements"),
    pytest.param(lambda c, n, k: c.set_pop(n, k, 1), id="set_pop"),
    pytest.param(lambda c, n, k: c.set_sample(n, k, 1), id="set_sample"),
    pytest.param(lambda c, n, k: c.set_length(n, k), id="set_length"),
    pytest.param(lambda c, n, k: c.sorted_set_put_elements(n, k, {"v": 1.0}), id="sorted_set_put_elements"),
    pytest.param(lambda c, n, k: c.sorted_set_increment_score(n, k, "v"), id="sorted_set_increment_score"),
    pytest.param(lambda c, n, k: c.sorted_set_remove_elements(n, k, ["v"]), id="sorted_set_remove_elements"),
    pytest.param(lambda c, n, k: c.sorted_set_fetch_by_rank(n, k), id="sorted_set_fetch_by_rank"),
    pytest.param(lambda c, n, k: c.sorted_set_fetch_by_score(n, k), id="sorted_set_fetch_by_score"),
    pytest.param(lambda c, n, k: c.sorted_set_get_rank(n, k, "v"), id="sorted_set_get_rank"),
    pytest.param(lambda c, n, k: c.sorted_set_get_scores(n, k, ["v"]), id="sorted_set_get_scores"),
    pytest.param(lambda c, n, k: c.sorted_set_length(n, k), id="sorted_set_length"),
    pytest.param(lambda c, n, k: c.sorted_set_length_by_score(n, k), id="sorted_set_length_by_score"),
    pytest.param(
        lambda c, n, k: c.sorted_set_union_store(n, "dest", [SortedSetSource(k, 1)]), id="sorted_set_union_store_source"
    ),
]


@pytest.mark.parametrize("call", WRONG_TYPE)
async def test_collection_operations_on_a_scalar_fail_with_failed_precondition(
    client: CacheClientAsync, cache: str, call: Call
) -> None:
    await client.set(cache, "scalar", "plain value")
    assert error_kind(await call(client, cache, "scalar")) == ("Error", MomentoErrorCode.FAILED_PRECONDITION_ERROR)
    assert await client.get(cache, "scalar") == CacheGet.Hit(b"plain value")


SCALAR_OPS_ON_A_LIST: list[Any] = [
    pytest.param(lambda c, n, k: c.get(n, k), id="get"),
    pytest.param(lambda c, n, k: c.increment(n, k), id="increment"),
    pytest.param(lambda c, n, k: c.get_with_hash(n, k), id="get_with_hash"),
    pytest.param(lambda c, n, k: c.set_if_equal(n, k, "v", "x"), id="set_if_equal"),
    pytest.param(lambda c, n, k: c.set_if_not_equal(n, k, "v", "x"), id="set_if_not_equal"),
    pytest.param(lambda c, n, k: c.set_if_present_and_hash_equal(n, k, "v", b"h"), id="set_if_present_and_hash_equal"),
    pytest.param(lambda c, n, k: c.get_batch(n, [k]), id="get_batch"),
    pytest.param(lambda c, n, k: c.dictionary_fetch(n, k), id="dictionary_fetch"),
]


@pytest.mark.parametrize("call", SCALAR_OPS_ON_A_LIST)
async def test_other_kinds_of_operation_on_a_list_fail_with_failed_precondition(
    client: CacheClientAsync, cache: str, call: Call
) -> None:
    await client.list_push_back(cache, "list", "v")
    assert error_kind(await call(client, cache, "list")) == ("Error", MomentoErrorCode.FAILED_PRECONDITION_ERROR)
    assert await client.list_fetch(cache, "list") == CacheListFetch.Hit([b"v"])


INVALID: list[Any] = [
    pytest.param(lambda c, n, k: c.list_push_back(n, "", "v"), "List name must not be empty", id="list name empty"),
    pytest.param(
        lambda c, n, k: c.dictionary_fetch(n, 7), "Dictionary name must be a string", id="dictionary name type"
    ),
    pytest.param(lambda c, n, k: c.set_fetch(n, ""), "Set name must not be empty", id="set name empty"),
    pytest.param(
        lambda c, n, k: c.sorted_set_length(n, b"z"), "Sorted set name must be a string", id="sorted set name type"
    ),
    pytest.param(lambda c, n, k: c.set_add_element("", k, "e"), "Cache name must not be empty", id="cache name empty"),
    pytest.param(
        lambda c, n, k: c.set_add_element(n, k, 5),
        "Could not convert the given type to bytes: <class 'int'>",
        id="element type",
    ),
    pytest.param(
        lambda c, n, k: c.list_concatenate_back(n, k, 5),
        "Unsupported type for values: <class 'int'>",
        id="values not iterable",
    ),
    pytest.param(
        lambda c, n, k: c.dictionary_set_fields(n, k, ["a"]),
        "Unsupported type for items: <class 'list'>",
        id="items not a mapping",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_put_element(n, k, "v", "1"),
        "score must be a float. Given type: <class 'str'>",
        id="score type",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_put_element(n, k, "v", 1),
        "score must be a float. Given type: <class 'int'>",
        id="int score",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_increment_score(n, k, "v", True), "score must be a float", id="bool score"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_put_elements(n, k, [1, 2]),
        "Unsupported type for sorted set elements: <class 'list'>",
        id="elements shape",
    ),
    pytest.param(
        lambda c, n, k: c.set_add_element(n, k, "e", ttl=timedelta(1)),
        "ttl must be a CollectionTtl",
        id="collection ttl type",
    ),
    pytest.param(lambda c, n, k: c.set_pop(n, k, 0), "count must be positive (> 0)", id="pop count"),
    pytest.param(lambda c, n, k: c.set_sample(n, k, -1), "limit must be non-negative (>= 0)", id="sample limit"),
    pytest.param(
        lambda c, n, k: c.list_fetch(n, k, start_index=0, end_index=0),
        "endIndex (exclusive) must be larger than startIndex (inclusive)",
        id="list slice",
    ),
    pytest.param(
        lambda c, n, k: c.list_retain(n, k, start_index=0, end_index=0),
        "endIndex (exclusive) must be larger than startIndex (inclusive)",
        id="list retain slice",
    ),
    pytest.param(
        lambda c, n, k: c.list_fetch(n, k, start_index=1.5), "start_index must be an integer", id="index type"
    ),
    pytest.param(
        lambda c, n, k: c.list_push_back(n, k, "v", truncate_front_to_size=-1),
        "truncate_front_to_size must be non-negative (>= 0)",
        id="truncate size",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_rank(n, k, 5, 2), "start rank must be less than end rank", id="rank order"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_rank(n, k, -1, -3),
        "negative start rank must be less than negative end rank",
        id="negative ranks",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k, 5, 1),
        "minScore must be less than or equal to maxScore",
        id="score range",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_length_by_score(n, k, 5, 1),
        "minScore must be less than or equal to maxScore",
        id="length score range",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k, NAN), "min_score must not be NaN", id="NaN min score"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k, NAN, NAN), "min_score must not be NaN", id="NaN scores"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_length_by_score(n, k, max_score=NAN),
        "max_score must not be NaN",
        id="NaN length max score",
    ),
    pytest.param(lambda c, n, k: c.sorted_set_put_element(n, k, "v", NAN), "score must not be NaN", id="NaN put score"),
    pytest.param(
        lambda c, n, k: c.sorted_set_put_elements(n, k, {"a": 1.0, "b": NAN}), "score must not be NaN", id="NaN element"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_increment_score(n, k, "v", NAN), "score must not be NaN", id="NaN increment"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k, offset=-1), "offset must be non-negative (>= 0)", id="offset"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_fetch_by_score(n, k, count=-1), "count must be non-negative (>= 0)", id="count"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_get_rank(n, k, "v", "ASC"), "sort_order must be a SortOrder", id="sort order"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_union_store(n, k, []), "At least one sources is required", id="no sources"
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_union_store(n, k, [SortedSetSource("a", float("inf"))]),
        "weight must be a finite number",
        id="weight",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_union_store(n, k, [SortedSetSource("a", NAN)]),
        "weight must be a finite number",
        id="NaN weight",
    ),
    pytest.param(
        lambda c, n, k: c.sorted_set_union_store(n, k, [SortedSetSource("", 1)]),
        "Sorted set name must not be empty",
        id="source name",
    ),
    pytest.param(
        lambda c, n, k: c.update_ttl(n, k, timedelta(0)), "TTL must be a positive amount of time.", id="update ttl zero"
    ),
    pytest.param(lambda c, n, k: c.increase_ttl(n, k, 5), "TTL must be a timedelta.", id="increase ttl type"),
    pytest.param(lambda c, n, k: c.set_if_equal(n, k, "v", 5), "Unsupported type for equal", id="condition type"),
    pytest.param(
        lambda c, n, k: c.dictionary_increment(n, k, "f", "1"), "amount must be an integer", id="increment amount"
    ),
    pytest.param(lambda c, n, k: c.get_batch(n, 5), "Unsupported type for keys: <class 'int'>", id="batch keys"),
    pytest.param(
        lambda c, n, k: c.set_batch(n, [("k", "v")]), "set_batch items must be SetBatchItem", id="batch items"
    ),
    pytest.param(
        lambda c, n, k: c.set_batch(n, {"k": "v"}, ttl=timedelta(0)),
        "TTL must be a positive amount of time.",
        id="batch ttl",
    ),
    pytest.param(
        lambda c, n, k: c.set_with_hash(n, k, "v", ttl=timedelta(0)),
        "TTL must be a positive amount of time.",
        id="set_with_hash ttl zero",
    ),
    pytest.param(
        lambda c, n, k: c.set_if_absent_or_hash_equal(n, k, "v", b"h", ttl=timedelta(0)),
        "TTL must be a positive amount of time.",
        id="hash condition ttl zero",
    ),
]


@pytest.mark.parametrize(("call", "fragment"), INVALID)
async def test_invalid_arguments_are_error_values(
    client: CacheClientAsync, cache: str, call: Call, fragment: str
) -> None:
    response = await call(client, cache, "item")
    assert error_kind(response) == ("Error", MomentoErrorCode.INVALID_ARGUMENT_ERROR)
    assert fragment in response.message
    assert response.message.startswith("Invalid argument passed to Momento client: ")


# Each collection type written with binary, unicode and empty data, and read back exactly.
ROUND_TRIPS: list[tuple[str, Call, Call, object]] = [
    (
        "dictionary",
        lambda c, n, k: c.dictionary_set_fields(n, k, MIXED_FIELDS),
        lambda c, n, k: c.dictionary_fetch(n, k),
        CacheDictionaryFetch.Hit({b"\x00\xff": b"\xfe\x00", "ключ".encode(): "значение ✓".encode(), b"e": b""}),
    ),
    (
        "list",
        lambda c, n, k: c.list_concatenate_back(n, k, [b"\x00\xff", "日本語", b"", b"\x00\xff"]),
        lambda c, n, k: c.list_fetch(n, k),
        CacheListFetch.Hit([b"\x00\xff", "日本語".encode(), b"", b"\x00\xff"]),
    ),
    (
        "set",
        lambda c, n, k: c.set_add_elements(n, k, [b"\x00\xff", "🔑", b"", "🔑"]),
        lambda c, n, k: c.set_fetch(n, k),
        CacheSetFetch.Hit({b"\x00\xff", "🔑".encode(), b""}),
    ),
    (
        "sorted set",
        lambda c, n, k: c.sorted_set_put_elements(n, k, [(b"\x00\xff", -1.5), ("ü", 2.0), (b"", 1e300)]),
        lambda c, n, k: c.sorted_set_fetch_by_rank(n, k),
        CacheSortedSetFetch.Hit([(b"\x00\xff", -1.5), ("ü".encode(), 2.0), (b"", 1e300)]),
    ),
]


@pytest.mark.parametrize(
    ("write", "read", "expected"), [case[1:] for case in ROUND_TRIPS], ids=[case[0] for case in ROUND_TRIPS]
)
@pytest.mark.parametrize("name", ["plain", "имя ✓", "\x00bin"], ids=["ascii-name", "unicode-name", "nul-name"])
async def test_unicode_and_binary_collections_round_trip(
    client: CacheClientAsync, cache: str, write: Call, read: Call, expected: object, name: str
) -> None:
    write_response = await write(client, cache, name)
    assert "Success" in type(write_response).__qualname__, write_response
    assert await read(client, cache, name) == expected


@pytest.mark.parametrize("wire_format", [WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def test_one_megabyte_values_in_every_collection(emulator: LocalServer, wire_format: WireFormat) -> None:
    config = Configurations.Laptop.latest().with_wire_format(wire_format)
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
        cache = f"big-{uuid.uuid4().hex[:8]}"
        await client.create_cache(cache)
        assert await client.dictionary_set_field(cache, "d", "f", ONE_MB) == CacheDictionarySetField.Success()
        assert await client.dictionary_get_field(cache, "d", "f") == CacheDictionaryGetField.Hit(ONE_MB, b"f")
        assert await client.list_push_back(cache, "l", ONE_MB) == CacheListPushBack.Success(1)
        assert await client.list_pop_front(cache, "l") == CacheListPopFront.Hit(ONE_MB)
        assert await client.set_add_element(cache, "s", ONE_MB) == CacheSetAddElement.Success()
        assert await client.set_fetch(cache, "s") == CacheSetFetch.Hit({ONE_MB})
        assert await client.sorted_set_put_element(cache, "z", ONE_MB, 1.0) == CacheSortedSetPutElement.Success()
        assert await client.sorted_set_get_score(cache, "z", ONE_MB) == CacheSortedSetGetScore.Hit(ONE_MB, 1.0)
        await client.delete_cache(cache)


# --- TTL ----------------------------------------------------------------------------------------------------------

COLLECTION_WRITES: list[tuple[str, Callable[[CacheClientAsync, str, str, CollectionTtl], Awaitable[Any]]]] = [
    ("dictionary", lambda c, n, k, ttl: c.dictionary_set_field(n, k, "f", "v", ttl=ttl)),
    ("dictionary_increment", lambda c, n, k, ttl: c.dictionary_increment(n, k, "n", ttl=ttl)),
    ("list", lambda c, n, k, ttl: c.list_push_front(n, k, "v", ttl=ttl)),
    ("list_concatenate", lambda c, n, k, ttl: c.list_concatenate_back(n, k, ["v"], ttl=ttl)),
    ("set", lambda c, n, k, ttl: c.set_add_element(n, k, "e", ttl=ttl)),
    ("sorted_set", lambda c, n, k, ttl: c.sorted_set_put_element(n, k, "v", 1.0, ttl=ttl)),
    ("sorted_set_increment", lambda c, n, k, ttl: c.sorted_set_increment_score(n, k, "v", ttl=ttl)),
]


@pytest.mark.parametrize("write", [case[1] for case in COLLECTION_WRITES], ids=[case[0] for case in COLLECTION_WRITES])
async def test_collection_ttl_refresh_semantics(client: CacheClientAsync, cache: str, write: Any) -> None:
    async def remaining() -> timedelta:
        return await remaining_ttl(client, cache, "coll")

    await write(client, cache, "coll", CollectionTtl.of(timedelta(seconds=30)))
    assert timedelta(seconds=29) < await remaining() <= timedelta(seconds=30)
    # No refresh: an existing collection keeps its TTL whatever the write says.
    await write(client, cache, "coll", CollectionTtl(timedelta(seconds=600), refresh_ttl=False))
    assert await remaining() <= timedelta(seconds=30)
    # Refresh: it gets the new one.
    await write(client, cache, "coll", CollectionTtl.of(timedelta(seconds=600)))
    assert await remaining() > timedelta(seconds=590)
    # refresh_ttl_if_provided(): no TTL given, so no refresh; the client default (60 s) is for new collections.
    await write(client, cache, "coll", CollectionTtl.refresh_ttl_if_provided())
    assert await remaining() > timedelta(seconds=590)
    await write(client, cache, "fresh", CollectionTtl.refresh_ttl_if_provided())
    assert timedelta(seconds=59) < await remaining_ttl(client, cache, "fresh") <= timedelta(seconds=60)


@pytest.mark.parametrize(
    ("ttl", "refreshed"),
    [
        (CollectionTtl.of(timedelta(seconds=600)), True),
        (CollectionTtl(ttl=timedelta(seconds=600), refresh_ttl=False), False),
        (CollectionTtl.of(timedelta(seconds=600)).with_no_refresh_ttl_on_updates(), False),
    ],
    ids=["refresh", "no-refresh", "with-no-refresh"],
)
async def test_list_retain_refreshes_the_ttl_unless_told_not_to(
    client: CacheClientAsync, cache: str, ttl: CollectionTtl, refreshed: bool
) -> None:
    # Not in COLLECTION_WRITES: a retain never creates a list, and those cases start from none.
    await client.list_concatenate_back(cache, "l", ["a", "b", "c"], ttl=CollectionTtl.of(timedelta(seconds=30)))
    assert await client.list_retain(cache, "l", start_index=1, ttl=ttl) == CacheListRetain.Success()
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"b", b"c"])
    remaining = await remaining_ttl(client, cache, "l")
    assert remaining > timedelta(seconds=590) if refreshed else remaining <= timedelta(seconds=30)


async def test_collections_and_scalars_expire(client: CacheClientAsync, cache: str) -> None:
    short = CollectionTtl.of(timedelta(milliseconds=300))
    for _, write in COLLECTION_WRITES:
        await write(client, cache, f"short-{_}", short)
        await write(client, cache, f"long-{_}", CollectionTtl.of(timedelta(seconds=60)))
    await client.set(cache, "scalar", "v", ttl=timedelta(milliseconds=300))
    names = [name for name, _ in COLLECTION_WRITES]
    before = await client.keys_exist(cache, [f"short-{n}" for n in names] + ["scalar"])
    assert before == CacheKeysExist.Success(
        [True] * (len(names) + 1), [f"short-{n}".encode() for n in names] + [b"scalar"]
    )
    await asyncio.sleep(0.6)
    after = await client.keys_exist(cache, [f"short-{n}" for n in names] + [f"long-{n}" for n in names])
    assert isinstance(after, CacheKeysExist.Success)
    assert after.exists == [False] * len(names) + [True] * len(names)
    assert await client.list_fetch(cache, "short-list") == CacheListFetch.Miss()


async def test_item_ttl_updates(client: CacheClientAsync, cache: str) -> None:
    await client.set(cache, "k", "v", ttl=timedelta(seconds=100))
    assert await client.increase_ttl(cache, "k", timedelta(seconds=50)) == CacheIncreaseTtl.NotSet()
    assert await client.increase_ttl(cache, "k", timedelta(seconds=500)) == CacheIncreaseTtl.Set()
    assert await client.decrease_ttl(cache, "k", timedelta(seconds=900)) == CacheDecreaseTtl.NotSet()
    assert await client.decrease_ttl(cache, "k", timedelta(seconds=200)) == CacheDecreaseTtl.Set()
    ttl = await client.item_get_ttl(cache, "k")
    assert isinstance(ttl, CacheItemGetTtl.Hit)
    assert timedelta(seconds=199) < ttl.remaining_ttl <= timedelta(seconds=200)
    assert 199_000 < ttl.remaining_ttl_millis <= 200_000
    await client.set_add_element(cache, "s", "e")
    assert await client.update_ttl(cache, "s", timedelta(milliseconds=200)) == CacheUpdateTtl.Set()
    await asyncio.sleep(0.4)
    assert await client.set_fetch(cache, "s") == CacheSetFetch.Miss()


# --- scalar extras ------------------------------------------------------------------------------------------------


async def test_set_if_conditions(client: CacheClientAsync, cache: str) -> None:
    assert await client.set_if_present(cache, "k", "a") == CacheSetIfPresent.NotStored()
    assert await client.set_if_absent_or_equal(cache, "k", "a", "zzz") == CacheSetIfAbsentOrEqual.Stored()
    assert await client.set_if_absent(cache, "k", "b") == CacheSetIfAbsent.NotStored()
    assert await client.set_if_equal(cache, "k", "b", "nope") == CacheSetIfEqual.NotStored()
    assert await client.set_if_equal(cache, "k", "b", "a") == CacheSetIfEqual.Stored()
    assert await client.set_if_not_equal(cache, "k", "c", "b") == CacheSetIfNotEqual.NotStored()
    assert await client.set_if_not_equal(cache, "k", "c", "x") == CacheSetIfNotEqual.Stored()
    assert await client.set_if_present_and_not_equal(cache, "k", "d", "c") == CacheSetIfPresentAndNotEqual.NotStored()
    assert await client.set_if_present_and_not_equal(cache, "k", "d", "x") == CacheSetIfPresentAndNotEqual.Stored()
    assert await client.set_if_absent_or_equal(cache, "k", "e", "x") == CacheSetIfAbsentOrEqual.NotStored()
    assert await client.set_if_present(cache, "k", b"\x00f") == CacheSetIfPresent.Stored()
    assert await client.get(cache, "k") == CacheGet.Hit(b"\x00f")
    assert await client.set_if_not_equal(cache, "new", "n", "x") == CacheSetIfNotEqual.Stored()  # absent counts
    assert (
        await client.set_if_present_and_not_equal(cache, "absent", "n", "x") == CacheSetIfPresentAndNotEqual.NotStored()
    )
    await client.set_if_absent(cache, "ttl", "v", ttl=timedelta(seconds=5))
    ttl = await client.item_get_ttl(cache, "ttl")
    assert isinstance(ttl, CacheItemGetTtl.Hit)
    assert ttl.remaining_ttl <= timedelta(seconds=5)


async def test_hashes_and_hash_conditions(client: CacheClientAsync, cache: str) -> None:
    stored = await client.set_with_hash(cache, "k", "one")
    assert isinstance(stored, CacheSetWithHash.Stored)
    got = await client.get_with_hash(cache, "k")
    assert got == CacheGetWithHash.Hit(b"one", stored.hash_bytes)
    assert got.hash_string == stored.hash_bytes.hex()
    other = await client.set_with_hash(cache, "other", "two")
    assert isinstance(other, CacheSetWithHash.Stored)
    assert other.hash_bytes != stored.hash_bytes
    assert other.hash_bytes

    assert await client.set_if_present_and_hash_equal(cache, "k", "x", other.hash_bytes) == (
        CacheSetIfPresentAndHashEqual.NotStored()
    )
    assert await client.set_if_present_and_hash_not_equal(cache, "k", "x", stored.hash_bytes) == (
        CacheSetIfPresentAndHashNotEqual.NotStored()
    )
    updated = await client.set_if_present_and_hash_equal(cache, "k", "two", stored.hash_bytes)
    assert updated == CacheSetIfPresentAndHashEqual.Stored(other.hash_bytes)  # the hash depends on the value only
    created = await client.set_if_absent_or_hash_equal(cache, "new", "v", b"anything")
    assert created == CacheSetIfAbsentOrHashEqual.Stored(_hash_of(await client.get_with_hash(cache, "new")))
    assert await client.set_if_absent_or_hash_not_equal(cache, "k", "z", other.hash_bytes) == (
        CacheSetIfAbsentOrHashNotEqual.NotStored()
    )
    assert isinstance(
        await client.set_if_absent_or_hash_not_equal(cache, "k", "z", stored.hash_bytes),
        CacheSetIfAbsentOrHashNotEqual.Stored,
    )
    assert await client.get(cache, "k") == CacheGet.Hit(b"z")
    assert await client.get_with_hash(cache, "absent") == CacheGetWithHash.Miss()
    empty = await client.set_with_hash(cache, "empty", b"")
    assert isinstance(empty, CacheSetWithHash.Stored)
    assert empty.hash_bytes  # empty values have a hash too
    assert await client.get_with_hash(cache, "empty") == CacheGetWithHash.Hit(b"", empty.hash_bytes)


async def test_hash_writes_take_their_ttl(client: CacheClientAsync, cache: str) -> None:
    five = timedelta(seconds=5)
    assert isinstance(await client.set_with_hash(cache, "k", "v", ttl=five), CacheSetWithHash.Stored)
    assert timedelta(seconds=4) < await remaining_ttl(client, cache, "k") <= five  # not the 60 s default
    stored = await client.set_if_absent_or_hash_not_equal(cache, "new", "v", b"h", ttl=five)
    assert isinstance(stored, CacheSetIfAbsentOrHashNotEqual.Stored), stored
    assert timedelta(seconds=4) < await remaining_ttl(client, cache, "new") <= five


def _hash_of(response: object) -> bytes:
    assert isinstance(response, CacheGetWithHash.Hit), response
    return response.hash_bytes


async def test_batches_keep_request_order(client: CacheClientAsync, cache: str) -> None:
    items: dict[str | bytes, str | bytes] = {b"\x00b": b"\xff", "ü": "ö", "empty": b"", "big": ONE_MB}
    stored = await client.set_batch(cache, items)
    assert stored == CacheSetBatch.Success([CacheSet.Success()] * 4)
    got = await client.get_batch(cache, ["ü", "absent", b"\x00b", "empty", "big"])
    assert isinstance(got, CacheGetBatch.Success)
    assert got.responses == [
        CacheGet.Hit("ö".encode()), CacheGet.Miss(), CacheGet.Hit(b"\xff"), CacheGet.Hit(b""), CacheGet.Hit(ONE_MB)
    ]  # fmt: skip
    assert got.keys == ["ü".encode(), b"absent", b"\x00b", b"empty", b"big"]
    assert got.value_dictionary_bytes_bytes == {
        "ü".encode(): "ö".encode(),
        b"\x00b": b"\xff",
        b"empty": b"",
        b"big": ONE_MB,
    }
    assert await client.get_batch(cache, []) == CacheGetBatch.Success([], [])
    per_item = [SetBatchItem("short", "s", ttl=timedelta(seconds=5)), SetBatchItem("default", "d")]
    assert await client.set_batch(cache, per_item, ttl=timedelta(seconds=100)) == CacheSetBatch.Success(
        [CacheSet.Success()] * 2
    )
    short, default = await client.item_get_ttl(cache, "short"), await client.item_get_ttl(cache, "default")
    assert isinstance(short, CacheItemGetTtl.Hit)
    assert isinstance(default, CacheItemGetTtl.Hit)
    assert short.remaining_ttl <= timedelta(seconds=5) < timedelta(seconds=99) < default.remaining_ttl


async def test_key_existence_and_types(client: CacheClientAsync, cache: str) -> None:
    await client.set(cache, "scalar", "v")
    await client.dictionary_set_field(cache, "dictionary", "f", "v")
    await client.list_push_back(cache, "list", "v")
    await client.set_add_element(cache, "set", "e")
    await client.sorted_set_put_element(cache, "sorted", "v", 1.0)
    names = ["scalar", "dictionary", "list", "set", "sorted"]
    types = [await client.item_get_type(cache, name) for name in names]
    expected = [ItemType.SCALAR, ItemType.DICTIONARY, ItemType.LIST, ItemType.SET, ItemType.SORTED_SET]
    assert types == [CacheItemGetType.Hit(item_type) for item_type in expected]
    exists = await client.keys_exist(cache, [*names, "absent"])
    assert isinstance(exists, CacheKeysExist.Success)
    assert exists.exists == [True] * 5 + [False]
    assert exists.exists_dictionary == {**dict.fromkeys(names, True), "absent": False}
    assert await client.key_exists(cache, "sorted") == CacheKeyExists.Success(True)
    assert await client.delete(cache, "list") == CacheDelete.Success()
    assert await client.key_exists(cache, "list") == CacheKeyExists.Success(False)


# --- collections: one test per family -----------------------------------------------------------------------------


async def test_dictionary_operations(client: CacheClientAsync, cache: str) -> None:
    assert await client.dictionary_set_fields(cache, "d", {"a": "1", "b": "2"}) == CacheDictionarySetFields.Success()
    assert await client.dictionary_set_field(cache, "d", "c", b"\x00") == CacheDictionarySetField.Success()
    assert await client.dictionary_set_field(cache, "d", "a", "one") == CacheDictionarySetField.Success()
    fetched = await client.dictionary_fetch(cache, "d")
    assert isinstance(fetched, CacheDictionaryFetch.Hit)
    assert fetched.value_dictionary_string_bytes == {"a": b"one", "b": b"2", "c": b"\x00"}
    fields = await client.dictionary_get_fields(cache, "d", ["b", "zz", "a"])
    assert fields == CacheDictionaryGetFields.Hit(
        [
            CacheDictionaryGetField.Hit(b"2", b"b"),
            CacheDictionaryGetField.Miss(),
            CacheDictionaryGetField.Hit(b"one", b"a"),
        ]
    )
    assert isinstance(fields, CacheDictionaryGetFields.Hit)
    assert fields.value_dictionary_string_string == {"b": "2", "a": "one"}
    field = await client.dictionary_get_field(cache, "d", "b")
    assert isinstance(field, CacheDictionaryGetField.Hit)
    assert (field.field_string, field.value_string) == ("b", "2")
    assert await client.dictionary_get_field(cache, "d", "zz") == CacheDictionaryGetField.Miss()
    assert await client.dictionary_increment(cache, "d", "b", 40) == CacheDictionaryIncrement.Success(42)
    assert await client.dictionary_increment(cache, "d", "n") == CacheDictionaryIncrement.Success(1)
    assert await client.dictionary_increment(cache, "d", "n", -5) == CacheDictionaryIncrement.Success(-4)
    not_a_number = await client.dictionary_increment(cache, "d", "a")
    assert error_kind(not_a_number) == ("Error", MomentoErrorCode.FAILED_PRECONDITION_ERROR)
    assert await client.dictionary_length(cache, "d") == CacheDictionaryLength.Hit(4)
    assert await client.dictionary_remove_field(cache, "d", "a") == CacheDictionaryRemoveField.Success()
    assert await client.dictionary_remove_fields(cache, "d", ["b", "zz"]) == CacheDictionaryRemoveFields.Success()
    assert await client.dictionary_length(cache, "d") == CacheDictionaryLength.Hit(2)
    await client.dictionary_remove_fields(cache, "d", ["c", "n"])
    assert await client.dictionary_fetch(cache, "d") == CacheDictionaryFetch.Miss()  # gone with its last field
    assert await client.item_get_type(cache, "d") == CacheItemGetType.Miss()


async def test_list_operations(client: CacheClientAsync, cache: str) -> None:
    assert await client.list_concatenate_back(cache, "l", ["c", "d"]) == CacheListConcatenateBack.Success(2)
    assert await client.list_concatenate_front(cache, "l", ["a", "b"]) == CacheListConcatenateFront.Success(4)
    assert await client.list_push_back(cache, "l", "e") == CacheListPushBack.Success(5)
    assert await client.list_push_front(cache, "l", "_") == CacheListPushFront.Success(6)
    fetched = await client.list_fetch(cache, "l")
    assert isinstance(fetched, CacheListFetch.Hit)
    assert fetched.value_list_string == ["_", "a", "b", "c", "d", "e"]
    # Python slicing, empty slices included ([0:0] alone is rejected, as in the JS SDK; see INVALID).
    slices = [(None, None), (1, 3), (-2, None), (None, -4), (4, 99), (-99, 2), (0, 6), (-6, 0)]
    empty = [(3, 1), (-1, -3), (2, 2), (-2, -2), (5, -3), (-1, 2), (99, None), (None, -99)]
    model = ["_", "a", "b", "c", "d", "e"]
    for start, end in slices + empty:
        got = await client.list_fetch(cache, "l", start_index=start, end_index=end)
        assert got == CacheListFetch.Hit([v.encode() for v in model[start:end]]), (start, end)
    assert all(model[start:end] == [] for start, end in empty)
    # end_index=0 is an index (the JS SDK would fetch everything): [-99:0] is empty.
    assert await client.list_fetch(cache, "l", start_index=-99, end_index=0) == CacheListFetch.Hit([])
    assert await client.list_length(cache, "l") == CacheListLength.Hit(6)
    assert await client.list_pop_front(cache, "l") == CacheListPopFront.Hit(b"_")
    assert await client.list_pop_back(cache, "l") == CacheListPopBack.Hit(b"e")
    # Truncation drops from the other end.
    assert await client.list_push_back(cache, "l", "x", truncate_front_to_size=3) == CacheListPushBack.Success(3)
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"c", b"d", b"x"])
    assert await client.list_push_front(cache, "l", "y", truncate_back_to_size=2) == CacheListPushFront.Success(2)
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"y", b"c"])
    assert await client.list_concatenate_back(cache, "l", ["1", "2", "3"], truncate_front_to_size=4) == (
        CacheListConcatenateBack.Success(4)
    )
    assert await client.list_concatenate_front(cache, "l", ["p", "q"], truncate_back_to_size=3) == (
        CacheListConcatenateFront.Success(3)
    )
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"p", b"q", b"c"])
    await client.list_concatenate_back(cache, "l", ["q", "z", "q"])
    assert await client.list_remove_value(cache, "l", "q") == CacheListRemoveValue.Success()
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"p", b"c", b"z"])
    assert await client.list_retain(cache, "l", start_index=1) == CacheListRetain.Success()
    assert await client.list_fetch(cache, "l") == CacheListFetch.Hit([b"c", b"z"])
    await client.list_push_back(cache, "empty-values", b"")
    assert await client.list_pop_back(cache, "empty-values") == CacheListPopBack.Hit(b"")  # not a Miss
    assert await client.list_length(cache, "empty-values") == CacheListLength.Miss()  # gone with its last value
    assert await client.list_retain(cache, "l", start_index=5) == CacheListRetain.Success()
    assert await client.list_fetch(cache, "l") == CacheListFetch.Miss()  # an empty slice removes the list
    for start, end in [(3, 1), (-1, -3)]:
        await client.list_concatenate_back(cache, "l", ["a", "b", "c", "d"])
        assert await client.list_retain(cache, "l", start_index=start, end_index=end) == CacheListRetain.Success()
        assert await client.key_exists(cache, "l") == CacheKeyExists.Success(False), (start, end)


async def test_set_operations(client: CacheClientAsync, cache: str) -> None:
    assert await client.set_add_elements(cache, "s", ["a", "b", "c", "a"]) == CacheSetAddElements.Success()
    assert await client.set_add_element(cache, "s", b"\x00") == CacheSetAddElement.Success()
    fetched = await client.set_fetch(cache, "s")
    assert fetched == CacheSetFetch.Hit({b"a", b"b", b"c", b"\x00"})
    assert await client.set_length(cache, "s") == CacheSetLength.Hit(4)
    assert await client.set_contains_element(cache, "s", "a") == CacheSetContainsElement.Hit(True)
    assert await client.set_contains_element(cache, "s", "zz") == CacheSetContainsElement.Hit(False)
    contains = await client.set_contains_elements(cache, "s", ["zz", "b"])
    assert contains == CacheSetContainsElements.Hit([False, True], [b"zz", b"b"])
    assert isinstance(contains, CacheSetContainsElements.Hit)
    assert contains.contains_elements_dictionary == {"zz": False, "b": True}
    assert contains.contains_elements_dictionary_bytes == {b"zz": False, b"b": True}
    sample = await client.set_sample(cache, "s", 2)
    assert isinstance(sample, CacheSetSample.Hit)
    assert len(sample.value_set_bytes) == 2
    assert sample.value_set_bytes <= {b"a", b"b", b"c", b"\x00"}
    assert await client.set_sample(cache, "s", 10) == CacheSetSample.Hit({b"a", b"b", b"c", b"\x00"})
    assert await client.set_sample(cache, "s", 0) == CacheSetSample.Hit(set())
    assert await client.set_remove_element(cache, "s", b"\x00") == CacheSetRemoveElement.Success()
    assert await client.set_remove_elements(cache, "s", ["a", "zz"]) == CacheSetRemoveElements.Success()
    popped = await client.set_pop(cache, "s", 1)
    assert isinstance(popped, CacheSetPop.Hit)
    assert len(popped.value_set_bytes) == 1
    rest = {b"b", b"c"} - popped.value_set_bytes
    assert await client.set_fetch(cache, "s") == CacheSetFetch.Hit(rest)
    assert await client.set_pop(cache, "s", 5) == CacheSetPop.Hit(rest)
    assert await client.set_fetch(cache, "s") == CacheSetFetch.Miss()  # popped empty, so gone


async def test_set_sampling_is_random(client: CacheClientAsync, cache: str) -> None:
    await client.set_add_elements(cache, "s", [str(i) for i in range(30)])
    samples = set()
    for _ in range(10):
        sample = await client.set_sample(cache, "s", 3)
        assert isinstance(sample, CacheSetSample.Hit)
        samples.add(frozenset(sample.value_set_string))
    assert len(samples) > 1


async def test_sorted_set_ranks_scores_and_bounds(client: CacheClientAsync, cache: str) -> None:
    elements = {"e": 5.0, "b": 2.0, "c": 2.0, "a": 1.0, "d": 4.5, "f": -1e9}
    assert await client.sorted_set_put_elements(cache, "z", elements) == CacheSortedSetPutElements.Success()
    ascending = [(b"f", -1e9), (b"a", 1.0), (b"b", 2.0), (b"c", 2.0), (b"d", 4.5), (b"e", 5.0)]
    assert await client.sorted_set_fetch_by_rank(cache, "z") == CacheSortedSetFetch.Hit(ascending)
    descending = await client.sorted_set_fetch_by_rank(cache, "z", sort_order=SortOrder.DESCENDING)
    assert descending == CacheSortedSetFetch.Hit(ascending[::-1])
    assert isinstance(descending, CacheSortedSetFetch.Hit)
    assert descending.value_list_string[0] == ("e", 5.0)
    for start, end in [(1, 3), (-2, None), (None, 2), (0, 0), (2, 99)]:
        got = await client.sorted_set_fetch_by_rank(cache, "z", start, end)
        assert got == CacheSortedSetFetch.Hit(ascending[start:end]), (start, end)
    got = await client.sorted_set_fetch_by_rank(cache, "z", 0, 2, SortOrder.DESCENDING)
    assert got == CacheSortedSetFetch.Hit(ascending[::-1][0:2])
    # by score: inclusive bounds, unbounded ends, order, offset and count
    assert await client.sorted_set_fetch_by_score(cache, "z", 2, 4.5) == CacheSortedSetFetch.Hit(ascending[2:5])
    assert await client.sorted_set_fetch_by_score(cache, "z", max_score=1) == CacheSortedSetFetch.Hit(ascending[:2])
    got = await client.sorted_set_fetch_by_score(cache, "z", 1, None, SortOrder.DESCENDING, offset=1, count=2)
    assert got == CacheSortedSetFetch.Hit([(b"d", 4.5), (b"c", 2.0)])
    assert await client.sorted_set_fetch_by_score(cache, "z", 100, 200) == CacheSortedSetFetch.Hit([])
    # ranks: ties ordered by value bytes; descending ranks count from the top
    assert await client.sorted_set_get_rank(cache, "z", "c") == CacheSortedSetGetRank.Hit(3)
    assert await client.sorted_set_get_rank(cache, "z", "c", SortOrder.DESCENDING) == CacheSortedSetGetRank.Hit(2)
    assert await client.sorted_set_get_rank(cache, "z", "nope") == CacheSortedSetGetRank.Miss()
    assert await client.sorted_set_get_score(cache, "z", "d") == CacheSortedSetGetScore.Hit(b"d", 4.5)
    assert await client.sorted_set_get_score(cache, "z", "nope") == CacheSortedSetGetScore.Miss(b"nope")
    scores = await client.sorted_set_get_scores(cache, "z", ["a", "nope", "e"])
    assert scores == CacheSortedSetGetScores.Hit(
        [
            CacheSortedSetGetScore.Hit(b"a", 1.0),
            CacheSortedSetGetScore.Miss(b"nope"),
            CacheSortedSetGetScore.Hit(b"e", 5.0),
        ]
    )
    assert isinstance(scores, CacheSortedSetGetScores.Hit)
    assert scores.value_dictionary_string == {"a": 1.0, "e": 5.0}
    assert await client.sorted_set_length(cache, "z") == CacheSortedSetLength.Hit(6)
    assert await client.sorted_set_length_by_score(cache, "z", 2, 5) == CacheSortedSetLengthByScore.Hit(4)
    assert await client.sorted_set_length_by_score(cache, "z", min_score=4.6) == CacheSortedSetLengthByScore.Hit(1)
    assert await client.sorted_set_length_by_score(cache, "z") == CacheSortedSetLengthByScore.Hit(6)


async def test_sorted_set_writes(client: CacheClientAsync, cache: str) -> None:
    assert await client.sorted_set_put_element(cache, "z", "a", 1.0) == CacheSortedSetPutElement.Success()
    assert await client.sorted_set_put_element(cache, "z", "a", 3.5) == CacheSortedSetPutElement.Success()
    assert await client.sorted_set_increment_score(cache, "z", "a") == CacheSortedSetIncrementScore.Success(4.5)
    assert await client.sorted_set_increment_score(cache, "z", "a", -10.0) == CacheSortedSetIncrementScore.Success(-5.5)
    assert await client.sorted_set_increment_score(cache, "z", "new", 0.25) == CacheSortedSetIncrementScore.Success(
        0.25
    )
    assert await client.sorted_set_fetch_by_rank(cache, "z") == CacheSortedSetFetch.Hit([(b"a", -5.5), (b"new", 0.25)])
    assert await client.sorted_set_remove_element(cache, "z", "a") == CacheSortedSetRemoveElement.Success()
    assert await client.sorted_set_remove_elements(cache, "z", ["new", "zz"]) == CacheSortedSetRemoveElements.Success()
    assert await client.sorted_set_fetch_by_rank(cache, "z") == CacheSortedSetFetch.Miss()


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [
        (SortedSetAggregate.SUM, [(b"only-y", -4.0), (b"both", 2.0 - 2.0 + 0.5), (b"only-x", 6.0)]),
        (SortedSetAggregate.MIN, [(b"only-y", -4.0), (b"both", -2.0), (b"only-x", 6.0)]),
        (SortedSetAggregate.MAX, [(b"only-y", -4.0), (b"both", 2.0), (b"only-x", 6.0)]),
    ],
)
async def test_sorted_set_union_store(
    client: CacheClientAsync, cache: str, aggregate: SortedSetAggregate, expected: list[tuple[bytes, float]]
) -> None:
    await client.sorted_set_put_elements(cache, "x", {"both": 1.0, "only-x": 3.0})
    await client.sorted_set_put_elements(cache, "y", {"both": 1.0, "only-y": 2.0})
    await client.sorted_set_put_elements(cache, "w", {"both": 0.5})
    await client.sorted_set_put_element(cache, "dest", "stale", 99.0)  # overwritten, not a source
    sources = [SortedSetSource("x", 2), SortedSetSource("y", -2), SortedSetSource("absent", 7)]
    if aggregate is SortedSetAggregate.SUM:
        sources.append(SortedSetSource("w", 1))
    stored = await client.sorted_set_union_store(cache, "dest", sources, aggregate, ttl=timedelta(seconds=30))
    assert stored == CacheSortedSetUnionStore.Success(3)
    assert await client.sorted_set_fetch_by_rank(cache, "dest") == CacheSortedSetFetch.Hit(expected)
    ttl = await client.item_get_ttl(cache, "dest")
    assert isinstance(ttl, CacheItemGetTtl.Hit)
    assert ttl.remaining_ttl <= timedelta(seconds=30)
    empty = await client.sorted_set_union_store(cache, "dest", [SortedSetSource("absent", 1)])
    assert empty == CacheSortedSetUnionStore.Success(0)
    assert await client.key_exists(cache, "dest") == CacheKeyExists.Success(False)


# --- limits -------------------------------------------------------------------------------------------------------


async def test_memory_limits_are_resource_exhausted_with_err() -> None:
    from scripts.localhost import HOST, free_port

    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--max-item-bytes", "2048",
            "--max-items", "3"]  # fmt: skip
    with run_server("emulator-limits", args, HOST, port):
        credentials = CredentialProvider.for_momento_local(HOST, port)
        async with await CacheClientAsync.create(Configurations.Laptop.latest(), credentials, timedelta(60)) as client:
            await client.create_cache("c")
            too_big = await client.set(cache_name="c", key="k", value=b"x" * 2048)
            assert isinstance(too_big, CacheSet.Error), too_big
            assert too_big.error_code is MomentoErrorCode.LIMIT_EXCEEDED_ERROR
            details = too_big.inner_exception.transport_details
            assert details is not None
            assert details.grpc.metadata is not None
            assert details.grpc.metadata["err"] == "item_size_limit_exceeded"
            assert "Item size limit exceeded" in too_big.message
            assert await client.list_push_back("c", "l", b"x" * 1000) == CacheListPushBack.Success(1)
            grown = await client.list_push_back("c", "l", b"y" * 1100)
            assert error_kind(grown) == ("Error", MomentoErrorCode.LIMIT_EXCEEDED_ERROR)
            assert await client.list_length("c", "l") == CacheListLength.Hit(1)  # unchanged
            await client.set("c", "a", "1")
            await client.set("c", "b", "2")
            full = await client.set_add_element("c", "s", "e")
            assert isinstance(full, CacheSetAddElement.Error), full
            assert full.error_code is MomentoErrorCode.LIMIT_EXCEEDED_ERROR
            assert "at most 3 items" in full.message
            assert await client.set("c", "a", "replaced") == CacheSet.Success()  # replacing needs no room


# --- control plane: signing keys ----------------------------------------------------------------------------------


async def test_signing_keys_lifecycle(client: CacheClientAsync, emulator: LocalServer) -> None:
    created = await client.create_signing_key(timedelta(minutes=30))
    assert isinstance(created, CreateSigningKey.Success), created
    assert json.loads(created.key)["kid"] == created.key_id
    assert created.endpoint == emulator.host
    # A naive local datetime, as momento gives: comparable with datetime.now().
    assert created.expires_at.tzinfo is None
    assert timedelta(minutes=29) < created.expires_at - datetime.now() <= timedelta(minutes=30)
    listed = await client.list_signing_keys()
    assert isinstance(listed, ListSigningKeys.Success)
    assert SigningKey(created.key_id, created.expires_at, emulator.host) in listed.signing_keys
    assert await client.revoke_signing_key(created.key_id) == RevokeSigningKey.Success()
    listed = await client.list_signing_keys()
    assert isinstance(listed, ListSigningKeys.Success)
    assert created.key_id not in [key.key_id for key in listed.signing_keys]
    # As momento: under a minute rounds to 0 minutes, which the server refuses (an auth service error) ...
    invalid = await client.create_signing_key(timedelta(seconds=10))
    assert error_kind(invalid) == ("Error", MomentoErrorCode.INVALID_ARGUMENT_ERROR)
    assert isinstance(invalid, CreateSigningKey.Error)
    assert invalid.inner_exception.service == Service.AUTH
    # ... while a TTL that is not a positive timedelta never leaves the client, with momento's messages.
    for ttl, message in [
        (timedelta(0), "TTL must be a positive amount of time."),
        (timedelta(minutes=-5), "TTL must be a positive amount of time."),
        (30, "TTL must be a timedelta."),
    ]:
        refused = await client.create_signing_key(ttl)  # type: ignore[arg-type]
        assert isinstance(refused, CreateSigningKey.Error), refused
        assert refused.error_code == MomentoErrorCode.INVALID_ARGUMENT_ERROR
        assert refused.inner_exception.message == message

"""Peer cross-check for collections, conditional writes and TTL operations: per data type, what the official
``@gomomento/sdk-web`` (Node, ``web_sdk_peer.mjs`` op ``call``) writes through the emulator, our SDK reads back
identically, and the other way round. One Node run per data type keeps this quick.

Known JS quirks avoided on purpose (docs/protocol/sdk-quirks.md, quirks 16 and 17): the JS SDK keys dictionaries
and score records by decoded strings, so fields and sorted-set values it reads are text; length 0 would be a JS
``Miss``.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.errors import MomentoErrorCode
from momento_web.requests import CollectionTtl, SortedSetSource, SortOrder
from momento_web.responses import (
    CacheDictionaryFetch,
    CacheGet,
    CacheGetWithHash,
    CacheItemGetTtl,
    CacheListFetch,
    CacheSetFetch,
    CacheSetWithHash,
    CacheSortedSetFetch,
    CreateCache,
)
from tests.conftest import LocalServer
from tests.peer import test_official_web_sdk

# The session fixture of the cache cross-check: the `node` executable, with tests/peer/node_modules installed.
node = test_official_web_sdk.node

BINARY = b"\x00\xff\xfe binary \x80"
UNICODE = "ünïcödé ✓ 日本語"


def arg(data: Any) -> Any:
    """A ``call`` argument: bytes as ``{"b64": ...}``, lists and tuples element-wise, the rest as is."""
    if isinstance(data, bytes):
        return {"b64": base64.b64encode(data).decode("ascii")}
    if isinstance(data, list | tuple):
        return [arg(item) for item in data]
    return data


def mapping(pairs: dict[Any, Any]) -> dict[str, Any]:
    return {"map": [[arg(key), arg(value)] for key, value in pairs.items()]}


def source(sorted_set_name: str, weight: float) -> dict[str, Any]:
    return {"sortedSetName": sorted_set_name, "weight": weight}


def call(cache: str, method: str, *args: Any, **options: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"op": "call", "method": method, "cache": cache, "args": [arg(a) for a in args]}
    if options:
        op["options"] = options
    return op


def raw(value: Any) -> Any:
    """Undo :func:`arg` on a result: ``{"b64": ...}`` back to bytes, recursively."""
    if isinstance(value, dict):
        if set(value) == {"b64"}:
            return base64.b64decode(value["b64"])
        return {key: raw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [raw(item) for item in value]
    return value


def results(node: str, emulator: LocalServer, ops: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """``(type, value)`` per op, run by the official SDK."""
    return [
        (r["type"], raw(r.get("value", r.get("errorCode"))))
        for r in test_official_web_sdk.run_official(node, emulator, ops)
    ]


@pytest.fixture
async def ours(emulator: LocalServer) -> AsyncIterator[CacheClientAsync]:
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    async with await CacheClientAsync.create(Configurations.Laptop.latest(), credentials, timedelta(60)) as client:
        yield client


@pytest.fixture
async def cache(ours: CacheClientAsync) -> AsyncIterator[str]:
    name = f"peer-coll-{uuid.uuid4().hex[:8]}"
    assert await ours.create_cache(name) == CreateCache.Success()
    yield name
    await ours.delete_cache(name)


async def test_dictionaries_both_ways(node: str, emulator: LocalServer, ours: CacheClientAsync, cache: str) -> None:
    fields: dict[str | bytes, str | bytes] = {"text": UNICODE, "bin": BINARY, "n": "40", "empty": b""}
    await ours.dictionary_set_fields(cache, "ours", fields)
    ops = [
        call(cache, "dictionaryFetch", "ours"),
        call(cache, "dictionaryGetFields", "ours", ["bin", "absent", "text"]),
        call(cache, "dictionaryGetField", "ours", "bin"),
        call(cache, "dictionaryIncrement", "ours", "n", 2),
        call(cache, "dictionaryLength", "ours"),
        call(cache, "dictionarySetFields", "theirs", mapping({"text": UNICODE, "bin": BINARY, "ключ": "v"})),
        call(cache, "dictionaryIncrement", "theirs", "count", 5),
        call(cache, "dictionarySetField", "theirs", "extra", BINARY, ttl={"collectionTtl": [30, True]}),
        call(cache, "dictionaryRemoveField", "theirs", "ключ"),
        call(cache, "listPushBack", "theirs", "not a list"),
    ]
    assert results(node, emulator, ops) == [
        ("Hit", {"text": UNICODE.encode(), "bin": BINARY, "n": b"40", "empty": b""}),
        ("Hit", {"bin": BINARY, "text": UNICODE.encode()}),
        ("Hit", BINARY),
        ("Success", 42),
        ("Hit", 4),
        ("Success", None),
        ("Success", 5),
        ("Success", None),
        ("Success", None),
        ("Error", "FAILED_PRECONDITION_ERROR"),
    ]
    theirs = {b"text": UNICODE.encode(), b"bin": BINARY, b"extra": BINARY, b"count": b"5"}
    assert await ours.dictionary_fetch(cache, "theirs") == CacheDictionaryFetch.Hit(theirs)
    ttl = await ours.item_get_ttl(cache, "theirs")
    assert isinstance(ttl, CacheItemGetTtl.Hit)
    assert ttl.remaining_ttl <= timedelta(seconds=30)


async def test_lists_both_ways(node: str, emulator: LocalServer, ours: CacheClientAsync, cache: str) -> None:
    await ours.list_concatenate_back(cache, "ours", ["a", BINARY, UNICODE, "d", ""])
    ops = [
        call(cache, "listFetch", "ours"),
        call(cache, "listFetch", "ours", startIndex=1, endIndex=-1),
        call(cache, "listLength", "ours"),
        call(cache, "listPopFront", "ours"),
        call(cache, "listPopBack", "ours"),
        call(cache, "listConcatenateBack", "theirs", ["x", BINARY, UNICODE]),
        call(cache, "listPushFront", "theirs", "front", truncateBackToSize=3),
        call(cache, "listPushBack", "theirs", BINARY),
        call(cache, "listRemoveValue", "theirs", "front"),
        call(cache, "listRetain", "ours", startIndex=1, endIndex=3),
    ]
    assert results(node, emulator, ops) == [
        ("Hit", [b"a", BINARY, UNICODE.encode(), b"d", b""]),
        ("Hit", [BINARY, UNICODE.encode(), b"d"]),
        ("Hit", 5),
        ("Hit", b"a"),
        ("Miss", None),  # JS quirk 16: an empty popped value is a Miss (ours says Hit(b""))
        ("Success", 3),
        ("Success", 3),
        ("Success", 4),
        ("Success", None),
        ("Success", None),
    ]
    assert await ours.list_fetch(cache, "theirs") == CacheListFetch.Hit([b"x", BINARY, BINARY])
    assert await ours.list_fetch(cache, "ours") == CacheListFetch.Hit([UNICODE.encode(), b"d"])


async def test_sets_both_ways(node: str, emulator: LocalServer, ours: CacheClientAsync, cache: str) -> None:
    ours_elements = {b"a", BINARY, UNICODE.encode(), b""}
    await ours.set_add_elements(cache, "ours", ours_elements)
    ops = [
        call(cache, "setFetch", "ours"),
        call(cache, "setContainsElements", "ours", ["a", "absent"]),
        call(cache, "setContainsElement", "ours", BINARY),
        call(cache, "setLength", "ours"),
        call(cache, "setSample", "ours", 2),
        call(cache, "setAddElements", "theirs", ["x", BINARY, UNICODE, "x"]),
        call(cache, "setAddElement", "theirs", "y"),
        call(cache, "setRemoveElements", "theirs", ["x"]),
        call(cache, "setPop", "ours", 4),
    ]
    got = results(node, emulator, ops)
    fetched, contains, contains_one, length, sample, *writes, popped = got
    assert fetched[0] == "Hit"
    assert set(fetched[1]) == ours_elements
    assert contains == ("Hit", {"a": True, "absent": False})
    assert contains_one == ("Hit", True)
    assert length == ("Hit", 4)
    assert sample[0] == "Hit"
    assert len(sample[1]) == 2
    assert set(sample[1]) <= ours_elements
    assert writes == [("Success", None)] * 3
    assert popped[0] == "Hit"
    assert set(popped[1]) == ours_elements
    assert await ours.set_fetch(cache, "theirs") == CacheSetFetch.Hit({BINARY, UNICODE.encode(), b"y"})
    assert await ours.set_fetch(cache, "ours") == CacheSetFetch.Miss()  # popped empty


async def test_sorted_sets_both_ways(node: str, emulator: LocalServer, ours: CacheClientAsync, cache: str) -> None:
    await ours.sorted_set_put_elements(cache, "ours", {"a": 1.0, "b": 2.0, "c": 2.0, "d": -0.5, UNICODE: 10.0})
    ascending = [(b"d", -0.5), (b"a", 1), (b"b", 2), (b"c", 2), (UNICODE.encode(), 10)]
    ops = [
        call(cache, "sortedSetFetchByRank", "ours"),
        call(cache, "sortedSetFetchByRank", "ours", startRank=1, endRank=3, order="DESC"),
        call(cache, "sortedSetFetchByScore", "ours", minScore=1, maxScore=2, order="DESC"),
        call(cache, "sortedSetFetchByScore", "ours", offset=1, count=2),
        call(cache, "sortedSetGetRank", "ours", "c"),
        call(cache, "sortedSetGetRank", "ours", "c", order="DESC"),
        call(cache, "sortedSetGetScore", "ours", UNICODE),
        call(cache, "sortedSetGetScores", "ours", ["a", "absent", "b"]),
        call(cache, "sortedSetLength", "ours"),
        call(cache, "sortedSetLengthByScore", "ours", minScore=1, maxScore=2),
        call(cache, "sortedSetPutElements", "theirs", mapping({"x": 3, BINARY: -1, UNICODE: 0.25})),
        call(cache, "sortedSetIncrementScore", "theirs", "x", 1.5),
        call(cache, "sortedSetPutElement", "theirs", "y", 100),
        call(cache, "sortedSetRemoveElement", "theirs", "y"),
        call(cache, "sortedSetUnionStore", "union", [source("ours", 2), source("theirs", 1)], aggregate=2),
    ]
    assert results(node, emulator, ops) == [
        ("Hit", [[v, s] for v, s in ascending]),
        ("Hit", [[b"c", 2], [b"b", 2]]),
        ("Hit", [[b"c", 2], [b"b", 2], [b"a", 1]]),
        ("Hit", [[b"a", 1], [b"b", 2]]),
        ("Hit", 3),
        ("Hit", 1),
        ("Hit", 10),
        ("Hit", [1, None, 2]),
        ("Hit", 5),
        ("Hit", 3),
        ("Success", None),
        ("Success", 4.5),
        ("Success", None),
        ("Success", None),
        ("Success", 7),
    ]
    theirs = [(BINARY, -1.0), (UNICODE.encode(), 0.25), (b"x", 4.5)]
    assert await ours.sorted_set_fetch_by_rank(cache, "theirs") == CacheSortedSetFetch.Hit(theirs)
    union = await ours.sorted_set_fetch_by_rank(cache, "union", sort_order=SortOrder.DESCENDING)
    assert union == CacheSortedSetFetch.Hit(
        [(UNICODE.encode(), 20.0), (b"x", 4.5), (b"c", 4.0), (b"b", 4.0), (b"a", 2.0), (b"d", -1.0), (BINARY, -1.0)]
    )
    # Ours writes a union the official SDK reads.
    await ours.sorted_set_union_store(cache, "ours-union", [SortedSetSource("theirs", -1)])
    [(kind, values)] = results(node, emulator, [call(cache, "sortedSetFetchByRank", "ours-union")])
    assert (kind, values) == ("Hit", [[b"x", -4.5], [UNICODE.encode(), -0.25], [BINARY, 1]])


async def test_conditional_writes_hashes_and_ttls_both_ways(
    node: str, emulator: LocalServer, ours: CacheClientAsync, cache: str
) -> None:
    mine = await ours.set_with_hash(cache, "ours", BINARY)
    assert isinstance(mine, CacheSetWithHash.Stored)
    await ours.set(cache, "ttl", "v", ttl=timedelta(seconds=100))
    await ours.dictionary_set_field(cache, "collection", "f", "v", ttl=CollectionTtl.of(timedelta(seconds=100)))
    ops = [
        call(cache, "getWithHash", "ours"),
        call(cache, "setIfPresentAndHashEqual", "ours", "next", mine.hash_bytes),
        call(cache, "setIfPresentAndHashNotEqual", "absent", "never", b"\x01"),
        call(cache, "setIfAbsentOrHashNotEqual", "absent", UNICODE, b"\x01"),
        call(cache, "setWithHash", "theirs", UNICODE),
        call(cache, "setIfAbsent", "cond", "first"),
        call(cache, "setIfEqual", "cond", "second", "first"),
        call(cache, "setIfNotEqual", "cond", "third", "second"),
        call(cache, "setIfPresentAndNotEqual", "cond", "fourth", "x"),
        call(cache, "setIfAbsentOrEqual", "cond", "fifth", "fourth"),
        call(cache, "increaseTtl", "ttl", 50_000),
        call(cache, "decreaseTtl", "ttl", 50_000),
        call(cache, "updateTtl", "collection", 300_000),
        call(cache, "itemGetTtl", "collection"),
        call(cache, "keyExists", "collection"),
    ]
    got = results(node, emulator, ops)
    assert got[0] == ("Hit", {"value": BINARY, "hash": mine.hash_bytes})
    assert got[1][0] == "Stored"
    assert got[2:4] == [("NotStored", None), ("Stored", got[3][1])]
    assert got[4][0] == "Stored"
    assert [kind for kind, _ in got[5:10]] == ["Stored", "Stored", "NotStored", "Stored", "Stored"]
    assert got[10:13] == [("NotSet", None), ("Set", None), ("Set", None)]
    assert got[13][0] == "Hit"
    assert 290_000 < got[13][1] <= 300_000
    assert got[14] == ("Success", True)
    # What the official SDK stored, read by ours: values and the very hashes it was given.
    assert await ours.get_with_hash(cache, "ours") == CacheGetWithHash.Hit(b"next", got[1][1])
    assert await ours.get_with_hash(cache, "absent") == CacheGetWithHash.Hit(UNICODE.encode(), got[3][1])
    assert await ours.get_with_hash(cache, "theirs") == CacheGetWithHash.Hit(UNICODE.encode(), got[4][1])
    assert await ours.get(cache, "cond") == CacheGet.Hit(b"fifth")
    remaining = await ours.item_get_ttl(cache, "ttl")
    assert isinstance(remaining, CacheItemGetTtl.Hit)
    assert remaining.remaining_ttl <= timedelta(seconds=50)
    wrong_type = await ours.set_with_hash(cache, "ours", "v")
    assert isinstance(wrong_type, CacheSetWithHash.Stored)
    failed = results(node, emulator, [call(cache, "setFetch", "ours")])
    assert failed == [("Error", MomentoErrorCode.FAILED_PRECONDITION_ERROR.name)]

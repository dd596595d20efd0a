"""A representative slice of the cache API inside Pyodide in headless Chromium, over fetch, cross-origin to a real
emulator: every collection type, conditional writes and hashes, batches (server streams), TTL operations, and the
error paths (type mismatch, validation), a collection expiring, and a 1 MB collection value. One Pyodide call
covers it all, so the browser starts once."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _exercise_collections(selenium: Any, host: str, port: int) -> None:
    import asyncio
    import uuid
    from datetime import timedelta

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.errors import MomentoErrorCode
    from momento_web.requests import CollectionTtl, SetBatchItem, SortedSetAggregate, SortedSetSource, SortOrder
    from momento_web.responses import (
        CacheDictionaryFetch,
        CacheDictionaryGetFields,
        CacheDictionaryIncrement,
        CacheGet,
        CacheGetBatch,
        CacheGetWithHash,
        CacheIncreaseTtl,
        CacheItemGetTtl,
        CacheItemGetType,
        CacheKeysExist,
        CacheListFetch,
        CacheListPopFront,
        CacheListPushBack,
        CacheSet,
        CacheSetBatch,
        CacheSetContainsElements,
        CacheSetFetch,
        CacheSetIfAbsent,
        CacheSetIfEqual,
        CacheSetIfPresentAndHashEqual,
        CacheSetPop,
        CacheSetWithHash,
        CacheSortedSetFetch,
        CacheSortedSetGetRank,
        CacheSortedSetUnionStore,
        CreateCache,
        ItemType,
    )
    from momento_web.transport.fetch_transport import FetchTransport

    binary = bytes(range(256)) * 16
    one_mb = bytes(range(256)) * 4096
    config = Configurations.Browser.latest()
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"browser-api-{uuid.uuid4().hex[:6]}"
    async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
        assert isinstance(client._transport, FetchTransport)
        assert await client.create_cache(cache) == CreateCache.Success()

        # dictionary
        items: dict[str | bytes, str | bytes] = {"ключ": "значение", "bin": binary}
        await client.dictionary_set_fields(cache, "d", items)
        assert await client.dictionary_increment(cache, "d", "n", 7) == CacheDictionaryIncrement.Success(7)
        fetched = await client.dictionary_fetch(cache, "d")
        assert fetched == CacheDictionaryFetch.Hit({"ключ".encode(): "значение".encode(), b"bin": binary, b"n": b"7"})
        fields = await client.dictionary_get_fields(cache, "d", ["ключ", "absent"])
        assert isinstance(fields, CacheDictionaryGetFields.Hit), fields
        assert fields.value_dictionary_string_string == {"ключ": "значение"}

        # list
        ttl = CollectionTtl.of(timedelta(seconds=30))
        await client.list_concatenate_back(cache, "l", ["a", "b", binary], ttl=ttl)
        assert await client.list_push_back(cache, "l", "c", truncate_front_to_size=3) == CacheListPushBack.Success(3)
        assert await client.list_fetch(cache, "l", start_index=-2) == CacheListFetch.Hit([binary, b"c"])
        assert await client.list_pop_front(cache, "l") == CacheListPopFront.Hit(b"b")
        assert await client.list_push_back(cache, "big", one_mb) == CacheListPushBack.Success(1)
        assert await client.list_fetch(cache, "big") == CacheListFetch.Hit([one_mb])  # base64 text frames both ways

        # set
        await client.set_add_elements(cache, "s", ["x", "y", binary])
        assert await client.set_fetch(cache, "s") == CacheSetFetch.Hit({b"x", b"y", binary})
        contains = await client.set_contains_elements(cache, "s", ["x", "z"])
        assert contains == CacheSetContainsElements.Hit([True, False], [b"x", b"z"])

        # sorted set
        await client.sorted_set_put_elements(cache, "z", {"a": 1.0, "b": 2.0, "c": 2.0})
        descending = await client.sorted_set_fetch_by_rank(cache, "z", sort_order=SortOrder.DESCENDING)
        assert descending == CacheSortedSetFetch.Hit([(b"c", 2.0), (b"b", 2.0), (b"a", 1.0)])
        assert await client.sorted_set_get_rank(cache, "z", "b") == CacheSortedSetGetRank.Hit(1)
        union = await client.sorted_set_union_store(cache, "u", [SortedSetSource("z", 3)], SortedSetAggregate.MAX)
        assert union == CacheSortedSetUnionStore.Success(3)
        by_score = await client.sorted_set_fetch_by_score(cache, "u", min_score=4, offset=1, count=1)
        assert by_score == CacheSortedSetFetch.Hit([(b"c", 6.0)])

        # conditional writes and hashes
        assert await client.set_if_absent(cache, "k", "v1") == CacheSetIfAbsent.Stored()
        assert await client.set_if_equal(cache, "k", "v2", "v1") == CacheSetIfEqual.Stored()
        stored = await client.set_with_hash(cache, "h", binary)
        assert isinstance(stored, CacheSetWithHash.Stored), stored
        assert await client.get_with_hash(cache, "h") == CacheGetWithHash.Hit(binary, stored.hash_bytes)
        swapped = await client.set_if_present_and_hash_equal(cache, "h", "next", stored.hash_bytes)
        assert isinstance(swapped, CacheSetIfPresentAndHashEqual.Stored), swapped

        # batches: server streams through fetch
        assert await client.set_batch(cache, [SetBatchItem("b1", "1"), SetBatchItem(b"\x00b2", binary)]) == (
            CacheSetBatch.Success([CacheSet.Success(), CacheSet.Success()])
        )
        batch = await client.get_batch(cache, ["b1", "absent", b"\x00b2"])
        assert batch == CacheGetBatch.Success(
            [CacheGet.Hit(b"1"), CacheGet.Miss(), CacheGet.Hit(binary)], [b"b1", b"absent", b"\x00b2"]
        )

        # key-level
        assert await client.item_get_type(cache, "z") == CacheItemGetType.Hit(ItemType.SORTED_SET)
        exists = await client.keys_exist(cache, ["d", "gone"])
        assert exists == CacheKeysExist.Success([True, False], [b"d", b"gone"])
        assert await client.increase_ttl(cache, "l", timedelta(seconds=300)) == CacheIncreaseTtl.Set()
        remaining = await client.item_get_ttl(cache, "l")
        assert isinstance(remaining, CacheItemGetTtl.Hit)
        assert remaining.remaining_ttl > timedelta(seconds=30)

        # a collection TTL runs out: poll (browser timers are coarse) rather than sleep a fixed long time
        await client.dictionary_set_field(cache, "short", "f", "v", ttl=CollectionTtl.of(timedelta(milliseconds=300)))
        assert isinstance(await client.dictionary_fetch(cache, "short"), CacheDictionaryFetch.Hit)
        for _ in range(100):  # up to ~5 s
            if await client.dictionary_fetch(cache, "short") == CacheDictionaryFetch.Miss():
                break
            await asyncio.sleep(0.05)
        assert await client.dictionary_fetch(cache, "short") == CacheDictionaryFetch.Miss()

        # errors: a type mismatch from the server, a validation error from the client
        mismatch = await client.list_fetch(cache, "d")
        assert isinstance(mismatch, CacheListFetch.Error), mismatch
        assert mismatch.error_code is MomentoErrorCode.FAILED_PRECONDITION_ERROR
        invalid = await client.set_pop(cache, "s", 0)
        assert isinstance(invalid, CacheSetPop.Error), invalid
        assert invalid.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
        await client.delete_cache(cache)


def test_collections_and_extras_over_fetch(selenium_sdk: Any, emulator: LocalServer) -> None:
    _exercise_collections(selenium_sdk, emulator.host, emulator.port)

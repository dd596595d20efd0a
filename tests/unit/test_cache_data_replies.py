"""``CacheClientAsync`` against canned replies the emulator never sends (a zero length, a missing sorted set
for a rank), and the collection TTL options as they go on the wire."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from google.protobuf.message import Message

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web._generated import cacheclient_pb2 as pb
from momento_web.requests import CollectionTtl
from momento_web.responses import (
    CacheDictionaryLength,
    CacheListLength,
    CacheSetLength,
    CacheSortedSetGetRank,
    CacheSortedSetLength,
    CacheSortedSetLengthByScore,
)
from tests.unit.fakes import RecordingTransport, sent_payload

Call = Callable[[CacheClientAsync], Awaitable[object]]


def _client(reply: Message) -> tuple[CacheClientAsync, RecordingTransport]:
    transport = RecordingTransport(reply.SerializeToString())
    config = Configurations.Laptop.latest().with_transport_factory(lambda: transport)
    client = CacheClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 8080), timedelta(seconds=60))
    return client, transport


@pytest.mark.parametrize(
    ("reply", "call", "hit"),
    [
        (
            pb._DictionaryLengthResponse(found={"length": 0}),
            lambda c: c.dictionary_length("c", "d"),
            CacheDictionaryLength.Hit,
        ),
        (pb._ListLengthResponse(found={"length": 0}), lambda c: c.list_length("c", "l"), CacheListLength.Hit),
        (pb._SetLengthResponse(found={"length": 0}), lambda c: c.set_length("c", "s"), CacheSetLength.Hit),
        (
            pb._SortedSetLengthResponse(found={"length": 0}),
            lambda c: c.sorted_set_length("c", "z"),
            CacheSortedSetLength.Hit,
        ),
        (
            pb._SortedSetLengthByScoreResponse(found={"length": 0}),
            lambda c: c.sorted_set_length_by_score("c", "z", 1.0, 2.0),
            CacheSortedSetLengthByScore.Hit,
        ),
    ],
    ids=["dictionary", "list", "set", "sorted-set", "sorted-set-by-score"],
)
async def test_a_found_length_of_zero_is_a_hit_not_a_miss(reply: Message, call: Call, hit: type) -> None:
    client, _ = _client(reply)
    async with client:
        response = await call(client)
    assert isinstance(response, hit)
    assert response.length == 0


async def test_a_rank_in_a_missing_sorted_set_is_a_miss() -> None:
    client, _ = _client(pb._SortedSetGetRankResponse(missing={}))
    async with client:
        response = await client.sorted_set_get_rank("c", "z", "v")
    assert isinstance(response, CacheSortedSetGetRank.Miss)


@pytest.mark.parametrize(
    ("ttl", "milliseconds", "refresh"),
    [
        (CollectionTtl.of(timedelta(seconds=90)), 90_000, True),
        (CollectionTtl.of(timedelta(seconds=90)).with_no_refresh_ttl_on_updates(), 90_000, False),
        (CollectionTtl(timedelta(seconds=5), refresh_ttl=False).with_refresh_ttl_on_updates(), 5_000, True),
        (CollectionTtl.from_cache_ttl().with_no_refresh_ttl_on_updates(), 60_000, False),
        (CollectionTtl.refresh_ttl_if_provided(), 60_000, False),
    ],
    ids=["of", "no-refresh", "refresh-again", "cache-default-no-refresh", "refresh-if-provided-none"],
)
async def test_collection_ttl_goes_on_the_wire_as_milliseconds_and_refresh_flag(
    ttl: CollectionTtl, milliseconds: int, refresh: bool
) -> None:
    client, transport = _client(pb._DictionarySetResponse())
    async with client:
        await client.dictionary_set_field("c", "d", "f", "v", ttl=ttl)
    (request,) = transport.requests
    sent = pb._DictionarySetRequest.FromString(sent_payload(request))
    assert (sent.ttl_milliseconds, sent.refresh_ttl) == (milliseconds, refresh)

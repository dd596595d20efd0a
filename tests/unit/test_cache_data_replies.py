"""``CacheClientAsync`` against canned replies the emulator never sends (a zero length, a missing sorted set
for a rank, odd per-item results, miscounted batches), and the collection TTL options as they go on the wire."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from google.protobuf.message import Message

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.errors import MomentoErrorCode
from momento_web.requests import CollectionTtl, SetBatchItem
from momento_web.responses import (
    CacheDictionaryGetField,
    CacheDictionaryGetFields,
    CacheDictionaryLength,
    CacheGet,
    CacheGetBatch,
    CacheKeysExist,
    CacheListLength,
    CacheSet,
    CacheSetBatch,
    CacheSetContainsElements,
    CacheSetLength,
    CacheSortedSetGetRank,
    CacheSortedSetGetScores,
    CacheSortedSetLength,
    CacheSortedSetLengthByScore,
)
from momento_web.responses.mixins import ErrorResponseMixin
from tests.protobuf_oracle import cacheclient_pb2 as pb
from tests.unit.fakes import RecordingTransport, StreamingTransport, sent_payload

Call = Callable[[CacheClientAsync], Awaitable[object]]


def _client(reply: Message | Sequence[Message]) -> tuple[CacheClientAsync, RecordingTransport]:
    """A client answered with ``reply``, or with a server stream of several replies."""
    if isinstance(reply, Message):
        transport = RecordingTransport(reply.SerializeToString())
    else:
        transport = StreamingTransport(replies=[message.SerializeToString() for message in reply])
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
async def test_a_found_length_of_zero_is_a_hit_not_a_miss(reply: Message, call: Call, hit: type[Any]) -> None:
    client, _ = _client(reply)
    async with client:
        response = await call(client)
    assert isinstance(response, hit)
    assert response.length == 0


@pytest.mark.parametrize("reply", [b"\x1a\x01\xff", b"\x08\xff", b"\x12\x09short"], ids=["utf8", "varint", "length"])
async def test_an_undecodable_reply_is_the_calls_error_value(reply: bytes) -> None:
    client, transport = _client(pb._GetResponse())
    transport.reply = reply
    response = await client.get("c", "k")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.INTERNAL_SERVER_ERROR
    assert "could not decode _GetResponse" in response.message


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


async def _call(reply: Message | Sequence[Message], call: Call) -> object:
    client, _ = _client(reply)
    async with client:
        return await call(client)


def _unknown_error(response: object, variant: type, fragment: str) -> None:
    """``response`` is ``variant`` (an Error class) carrying UNKNOWN_ERROR with ``fragment`` in its message."""
    assert isinstance(response, variant), response
    assert isinstance(response, ErrorResponseMixin)
    assert response.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert fragment in response.message, response.message


def _get_part(result: int, body: bytes = b"") -> dict[str, object]:
    return {"result": result, "cache_body": body}


@pytest.mark.parametrize(
    ("reply", "call", "error"),
    [
        (
            pb._DictionaryGetResponse(found={"items": [_get_part(pb.Hit, b"v"), _get_part(pb.Invalid)]}),
            lambda c: c.dictionary_get_fields("c", "d", ["f", "g"]),
            CacheDictionaryGetFields.Error,
        ),
        (
            pb._DictionaryGetResponse(found={"items": [_get_part(pb.Ok, b"v")]}),
            lambda c: c.dictionary_get_field("c", "d", "f"),
            CacheDictionaryGetField.Error,
        ),
    ],
    ids=["get-fields-invalid", "get-field-ok"],
)
async def test_a_dictionary_part_neither_hit_nor_miss_is_an_error_not_a_hit(
    reply: Message, call: Call, error: type
) -> None:
    # The official Python SDK calls any part other than MISS a hit (docs/protocol/sdk-quirks.md, quirk 14); that is
    # not copied.
    _unknown_error(await _call(reply, call), error, "unexpected DictionaryGet response: result")


async def test_a_get_batch_item_neither_hit_nor_miss_is_a_get_error_inside_the_batch() -> None:
    replies = [pb._GetResponse(result=pb.Hit, cache_body=b"1"), pb._GetResponse(result=pb.Invalid, message="boom")]
    batch = await _call(replies, lambda c: c.get_batch("c", ["a", "b"]))
    assert isinstance(batch, CacheGetBatch.Success), batch
    hit, odd = batch.responses
    assert hit == CacheGet.Hit(b"1")
    _unknown_error(odd, CacheGet.Error, "boom")
    assert batch.value_dictionary_bytes_bytes == {b"a": b"1"}


async def test_a_set_batch_item_other_than_ok_is_a_set_error_inside_the_batch() -> None:
    replies = [pb._SetResponse(result=pb.Ok), pb._SetResponse(result=pb.Hit, message="odd")]
    batch = await _call(replies, lambda c: c.set_batch("c", [SetBatchItem("a", "1"), SetBatchItem("b", "2")]))
    assert isinstance(batch, CacheSetBatch.Success), batch
    ok, odd = batch.responses
    assert ok == CacheSet.Success()
    _unknown_error(odd, CacheSet.Error, "odd")


@pytest.mark.parametrize(
    ("reply", "call", "error"),
    [
        ([pb._GetResponse(result=pb.Miss)], lambda c: c.get_batch("c", ["a", "b"]), CacheGetBatch.Error),
        ([pb._GetResponse(result=pb.Miss)] * 2, lambda c: c.get_batch("c", ["a"]), CacheGetBatch.Error),
        ([], lambda c: c.set_batch("c", {"a": "1"}), CacheSetBatch.Error),
        ([pb._SetResponse(result=pb.Ok)] * 3, lambda c: c.set_batch("c", {"a": "1", "b": "2"}), CacheSetBatch.Error),
        (pb._KeysExistResponse(exists=[True]), lambda c: c.keys_exist("c", ["a", "b"]), CacheKeysExist.Error),
        (
            pb._SetContainsResponse(found={"contains": [True, False]}),
            lambda c: c.set_contains_elements("c", "s", ["a"]),
            CacheSetContainsElements.Error,
        ),
        (
            pb._DictionaryGetResponse(found={"items": [_get_part(pb.Miss)]}),
            lambda c: c.dictionary_get_fields("c", "d", ["f", "g"]),
            CacheDictionaryGetFields.Error,
        ),
        (
            pb._SortedSetGetScoreResponse(found={"elements": [{"result": pb.Hit, "score": 1.0}] * 2}),
            lambda c: c.sorted_set_get_scores("c", "z", ["v"]),
            CacheSortedSetGetScores.Error,
        ),
    ],
    ids=[
        "get-batch-short", "get-batch-long", "set-batch-none", "set-batch-long", "keys-exist", "set-contains",
        "dictionary-get", "sorted-set-get-scores",
    ],
)  # fmt: skip
async def test_a_reply_with_the_wrong_number_of_items_is_the_methods_error(
    reply: Message | Sequence[Message], call: Call, error: type
) -> None:
    _unknown_error(await _call(reply, call), error, "results for")

"""Counting a request's elements before it is decoded (``--max-request-elements``): the count is what the decoder
would build, a flood of empty elements is refused quickly and before decoding, and the dispatcher answers it as
Momento answers an oversized request."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from momento_web_emulator.__main__ import parse_args
from momento_web_emulator.auth import OpenAuthenticator
from momento_web_emulator.dispatch import DEFAULT_MAX_REQUEST_ELEMENTS, Call, Dispatcher
from momento_web_emulator.request_elements import _count, exceeds
from momento_web_emulator.rpc import CallContext, unary

from momento_web._messages import cacheclient as cache_pb
from momento_web._messages import leaderboard as leaderboard_pb
from momento_web._messages import vectorindex as vector_pb
from momento_web.wire import protobuf
from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode

FIXED_WIDTH = {
    protobuf.FIXED32,
    protobuf.SFIXED32,
    protobuf.FLOAT,
    protobuf.FIXED64,
    protobuf.SFIXED64,
    protobuf.DOUBLE,
}
EVERYTHING = 10**12


def built(message: Message) -> int:
    """The repeated values a decoded message holds, at any depth (packed fixed-width numbers aside)."""
    total = 0
    for field in message.FIELDS:
        value = getattr(message, field.name)
        if field.repeated and field.kind == protobuf.MESSAGE:
            total += len(value) + sum(built(sub) for sub in value)
        elif field.repeated:
            total += 0 if field.kind in FIXED_WIDTH else len(value)
        elif field.kind == protobuf.MESSAGE and message.HasField(field.name):
            total += built(value)
    return total


def vector_item(item_id: str, dimensions: int) -> vector_pb._Item:
    metadata = [vector_pb._Metadata(field="genre", string_value="x"), vector_pb._Metadata(field="n", integer_value=3)]
    return vector_pb._Item(id=item_id, vector=vector_pb._Vector(elements=[0.5] * dimensions), metadata=metadata)


SAMPLES: dict[str, Message] = {
    "list": cache_pb._ListConcatenateBackRequest(list_name=b"l", values=[b"", b"a", b"bc"] * 7, ttl_milliseconds=5),
    "set": cache_pb._SetUnionRequest(set_name=b"s", elements=[b"x", b"y"], ttl_milliseconds=5),
    "dictionary": cache_pb._DictionarySetRequest(
        dictionary_name=b"d", items=[cache_pb._DictionaryFieldValuePair(field=b"f", value=b"")] * 9
    ),
    "sorted set": cache_pb._SortedSetPutRequest(set_name=b"z", elements=[cache_pb._SortedSetElement(score=1.0)] * 4),
    "get batch": cache_pb._GetBatchRequest(items=[cache_pb._GetRequest(cache_key=b"k")] * 11),
    "leaderboard ids": leaderboard_pb._RemoveElementsRequest(leaderboard="b", ids=[0, 127, 128, 2**32 - 1] * 3),
    "vectors": vector_pb._UpsertItemBatchRequest(index_name="i", items=[vector_item(str(n), 8) for n in range(5)]),
    "nothing repeated": cache_pb._SetRequest(cache_key=b"k", cache_body=b"v" * 100, ttl_milliseconds=5),
}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_count_is_what_the_decoder_builds(name: str) -> None:
    message = SAMPLES[name]
    data = message.SerializeToString()
    expected = built(type(message).FromString(data))
    assert _count(type(message), data, EVERYTHING) == expected
    assert (expected == 0) == name.startswith("nothing")


def test_packed_numbers_sent_unpacked_count_too_and_unknown_fields_do_not() -> None:
    ids = bytes([0x18, 0x01]) * 5  # field 3 (ids) as five varints, unpacked
    unknown = bytes([0x7A, 0x02, 0x0A, 0x00]) + bytes([0x23, 0x08, 0x01, 0x24])  # a LEN field 15, a group 4
    data = ids + unknown + bytes([0x1A, 0x02, 0x01, 0x02])  # then two packed ids
    decoded = leaderboard_pb._RemoveElementsRequest.FromString(data)
    assert decoded.ids == [1] * 5 + [1, 2]
    assert _count(leaderboard_pb._RemoveElementsRequest, data, EVERYTHING) == 7


def test_a_short_request_is_never_walked() -> None:
    garbage = b"\xff" * 100  # not even a valid varint: walking it would find nothing to count anyway
    assert not exceeds(cache_pb._ListConcatenateBackRequest, garbage, 100)


def test_malformed_bytes_are_left_to_the_decoder_but_what_comes_before_them_counts() -> None:
    data = cache_pb._ListConcatenateBackRequest(values=[b"a"] * 10).SerializeToString()[:-1]  # the 10th truncated
    with pytest.raises(protobuf.DecodeError):
        cache_pb._ListConcatenateBackRequest.FromString(data)
    assert not exceeds(cache_pb._ListConcatenateBackRequest, data, 9)  # the decoder gives up after nine
    assert exceeds(cache_pb._ListConcatenateBackRequest, data, 8)  # but it would have built nine first


def test_packed_fixed_width_numbers_are_not_counted() -> None:
    request = vector_pb._UpsertItemBatchRequest(index_name="i", items=[vector_item("a", 1_000_000)])
    assert _count(vector_pb._UpsertItemBatchRequest, request.SerializeToString(), EVERYTHING) == 3  # item, metadata


def test_sub_messages_nested_too_deep_count_as_too_many() -> None:
    expression = vector_pb._FilterExpression(equals_expression=vector_pb._EqualsExpression(field="f", string_value="v"))
    for _ in range(150):
        expression = vector_pb._FilterExpression(
            not_expression=vector_pb._NotExpression(expression_to_negate=expression)
        )
    data = vector_pb._SearchRequest(index_name="i", filter=expression).SerializeToString()
    assert exceeds(vector_pb._SearchRequest, data, 10)


def repeated(one_element: Message, count: int) -> bytes:
    """``count`` times the serialization of a one-element message: what the message with all of them encodes to
    (the decoder appends each occurrence of a repeated field), built without ``count`` objects."""
    return one_element.SerializeToString() * count


FLOODS: dict[str, tuple[type[Message], Message, int]] = {
    "list of empty values": (
        cache_pb._ListConcatenateBackRequest,
        cache_pb._ListConcatenateBackRequest(values=[b""]),
        4_000_000,
    ),
    "set of 2-byte elements": (cache_pb._SetUnionRequest, cache_pb._SetUnionRequest(elements=[b"ab"]), 2_000_000),
    "dictionary of empty pairs": (
        cache_pb._DictionarySetRequest,
        cache_pb._DictionarySetRequest(items=[cache_pb._DictionaryFieldValuePair()]),
        4_000_000,
    ),
    "sorted set of empty elements": (
        cache_pb._SortedSetPutRequest,
        cache_pb._SortedSetPutRequest(elements=[cache_pb._SortedSetElement()]),
        4_000_000,
    ),
    "leaderboard ids of 2 bytes": (
        leaderboard_pb._RemoveElementsRequest,
        leaderboard_pb._RemoveElementsRequest(ids=[300] * 1000),  # 4,000 packed runs of 1,000
        4_000,
    ),
}


@pytest.mark.parametrize("name", FLOODS)
def test_a_flood_of_8_mib_is_refused_quickly_without_allocating(name: str) -> None:
    cls, one, count = FLOODS[name]
    data = repeated(one, count)
    assert len(data) <= 8 << 20
    started = time.perf_counter()
    assert exceeds(cls, data, DEFAULT_MAX_REQUEST_ELEMENTS)
    assert time.perf_counter() - started < 1.0  # about 0.15 s (decoding it: 3 to 6 s)
    tracemalloc.start()
    try:
        exceeds(cls, data, DEFAULT_MAX_REQUEST_ELEMENTS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, peak  # decoding it: 100 to 216 MiB


def test_repeated_serializations_decode_as_one_message() -> None:
    assert (
        cache_pb._SetUnionRequest.FromString(repeated(cache_pb._SetUnionRequest(elements=[b"ab"]), 3)).elements
        == [b"ab"] * 3
    )


def test_a_legitimate_large_request_is_accepted() -> None:
    vectors = repeated(vector_pb._UpsertItemBatchRequest(index_name="i", items=[vector_item("a", 1536)]), 1000)
    values = repeated(cache_pb._ListConcatenateBackRequest(values=[b"v" * 30]), DEFAULT_MAX_REQUEST_ELEMENTS)
    assert not exceeds(vector_pb._UpsertItemBatchRequest, vectors, DEFAULT_MAX_REQUEST_ELEMENTS)  # 6 MiB of floats
    assert not exceeds(cache_pb._ListConcatenateBackRequest, values, DEFAULT_MAX_REQUEST_ELEMENTS)
    assert exceeds(cache_pb._ListConcatenateBackRequest, values + values[:32], DEFAULT_MAX_REQUEST_ELEMENTS)


def _call(limit: int | None, handled: list[int]) -> Call:
    async def concatenate(
        request: cache_pb._ListConcatenateBackRequest, ctx: CallContext
    ) -> cache_pb._ListConcatenateBackResponse:
        handled.append(len(request.values))
        return cache_pb._ListConcatenateBackResponse(list_length=len(request.values))

    path = "/cache_client.Scs/ListConcatenateBack"
    rpcs = [unary(path, cache_pb._ListConcatenateBackRequest, concatenate)]
    return Dispatcher(rpcs, OpenAuthenticator(), max_request_elements=limit).start(path, {"cache": "c"})


async def _replies(call: Call, payload: bytes) -> list[bytes]:
    return [message async for message in call.run(payload)]


async def test_the_dispatcher_refuses_before_decoding_as_momento_refuses_an_oversized_request() -> None:
    payload = cache_pb._ListConcatenateBackRequest(list_name=b"l", values=[b""] * 101).SerializeToString()
    handled: list[int] = []
    with pytest.raises(GrpcError) as refused:
        await _replies(_call(100, handled), payload)
    assert refused.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert refused.value.metadata == {"err": "request_size_limit_exceeded"}
    assert refused.value.details == (
        "Request size limit exceeded: a request may hold at most 100 elements (--max-request-elements)"
    )
    assert handled == []
    for limit in (101, None):  # within the limit, or without one: served as ever
        assert len(await _replies(_call(limit, handled), payload)) == 1
    assert handled == [101, 101]


def test_the_flag_reaches_the_settings() -> None:
    assert parse_args([]).max_request_elements == DEFAULT_MAX_REQUEST_ELEMENTS == 250_000
    assert parse_args(["--max-request-elements", "12"]).max_request_elements == 12

"""Momento's per-element size limit on collection writes (``--max-element-bytes``; Momento documents 128 KiB, the
emulator's default is the item size limit): every write that brings elements checks each one, answers
RESOURCE_EXHAUSTED with ``err: element_size_limit_exceeded`` and changes nothing; elements at the limit, and
removals, pass."""

from __future__ import annotations

from typing import Any

import pytest
from momento_web_emulator.__main__ import parse_args
from momento_web_emulator.auth import Principal
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services import build_rpcs, translate_error
from momento_web_emulator.store import MOMENTO_ELEMENT_BYTES, MemoryLimits, Store

from momento_web._messages import cacheclient as pb
from momento_web.wire.status import GrpcError, StatusCode

LIMIT = 1000
TTL = 60_000
BIG = b"x" * (LIMIT + 1)
FITS = b"y" * LIMIT


def _store() -> Store:
    store = Store(memory_limits=MemoryLimits(max_element_bytes=LIMIT))
    store.create_cache("c")
    return store


async def _call(store: Store, rpc: str, request: Any) -> Any:
    routes = {route.path: route for route in build_rpcs(store)}
    context = CallContext(f"/cache_client.Scs/{rpc}", {"cache": "c"}, Principal("tester"))
    try:
        (reply,) = [reply async for reply in routes[context.rpc].handler(request, context)]
        return reply
    except GrpcError:
        raise
    except Exception as exc:
        translated = translate_error(exc)
        if translated is None:
            raise
        raise translated from None


def _pair(field: bytes, value: bytes) -> pb._DictionaryFieldValuePair:
    return pb._DictionaryFieldValuePair(field=field, value=value)


WRITES: dict[str, tuple[str, Any, Any]] = {  # rpc, a request with one element too large, the same within the limit
    "list push back": (
        "ListPushBack",
        pb._ListPushBackRequest(list_name=b"k", value=BIG, ttl_milliseconds=TTL),
        pb._ListPushBackRequest(list_name=b"k", value=FITS, ttl_milliseconds=TTL),
    ),
    "list push front": (
        "ListPushFront",
        pb._ListPushFrontRequest(list_name=b"k", value=BIG, ttl_milliseconds=TTL),
        pb._ListPushFrontRequest(list_name=b"k", value=FITS, ttl_milliseconds=TTL),
    ),
    "list concatenate back": (
        "ListConcatenateBack",
        pb._ListConcatenateBackRequest(list_name=b"k", values=[b"a", BIG], ttl_milliseconds=TTL),
        pb._ListConcatenateBackRequest(list_name=b"k", values=[b"a", FITS], ttl_milliseconds=TTL),
    ),
    "list concatenate front": (
        "ListConcatenateFront",
        pb._ListConcatenateFrontRequest(list_name=b"k", values=[BIG], ttl_milliseconds=TTL),
        pb._ListConcatenateFrontRequest(list_name=b"k", values=[FITS], ttl_milliseconds=TTL),
    ),
    "set union": (
        "SetUnion",
        pb._SetUnionRequest(set_name=b"k", elements=[b"a", BIG], ttl_milliseconds=TTL),
        pb._SetUnionRequest(set_name=b"k", elements=[b"a", FITS], ttl_milliseconds=TTL),
    ),
    "dictionary field": (
        "DictionarySet",
        pb._DictionarySetRequest(dictionary_name=b"k", items=[_pair(BIG, b"v")], ttl_milliseconds=TTL),
        pb._DictionarySetRequest(dictionary_name=b"k", items=[_pair(FITS, b"v")], ttl_milliseconds=TTL),
    ),
    "dictionary value": (
        "DictionarySet",
        pb._DictionarySetRequest(dictionary_name=b"k", items=[_pair(b"f", BIG)], ttl_milliseconds=TTL),
        pb._DictionarySetRequest(dictionary_name=b"k", items=[_pair(b"f", FITS)], ttl_milliseconds=TTL),
    ),
    "dictionary increment": (
        "DictionaryIncrement",
        pb._DictionaryIncrementRequest(dictionary_name=b"k", field=BIG, amount=1, ttl_milliseconds=TTL),
        pb._DictionaryIncrementRequest(dictionary_name=b"k", field=FITS, amount=1, ttl_milliseconds=TTL),
    ),
    "sorted set put": (
        "SortedSetPut",
        pb._SortedSetPutRequest(
            set_name=b"k", elements=[pb._SortedSetElement(value=BIG, score=1.0)], ttl_milliseconds=TTL
        ),
        pb._SortedSetPutRequest(
            set_name=b"k", elements=[pb._SortedSetElement(value=FITS, score=1.0)], ttl_milliseconds=TTL
        ),
    ),
    "sorted set increment": (
        "SortedSetIncrement",
        pb._SortedSetIncrementRequest(set_name=b"k", value=BIG, amount=1.0, ttl_milliseconds=TTL),
        pb._SortedSetIncrementRequest(set_name=b"k", value=FITS, amount=1.0, ttl_milliseconds=TTL),
    ),
}


@pytest.mark.parametrize("name", WRITES)
async def test_an_element_over_the_limit_is_refused_and_changes_nothing(name: str) -> None:
    rpc, too_large, fits = WRITES[name]
    store = _store()
    with pytest.raises(GrpcError) as refused:
        await _call(store, rpc, too_large)
    assert refused.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert refused.value.metadata == {"err": "element_size_limit_exceeded"}
    assert refused.value.details == f"element size {LIMIT + 1} bytes exceeds the element size limit of {LIMIT} bytes"
    assert store.item_count == 0
    await _call(store, rpc, fits)  # an element at the limit is fine
    assert store.item_count == 1


async def test_a_set_difference_minuend_is_an_element_write_too() -> None:
    store = _store()
    await _call(store, "SetUnion", pb._SetUnionRequest(set_name=b"k", elements=[b"a"], ttl_milliseconds=TTL))
    request = pb._SetDifferenceRequest(set_name=b"k", minuend=pb._SetDifferenceRequest._Minuend(elements=[BIG]))
    with pytest.raises(GrpcError) as refused:
        await _call(store, "SetDifference", request)
    assert refused.value.metadata == {"err": "element_size_limit_exceeded"}


async def test_removals_and_reads_are_not_checked() -> None:
    store = _store()
    subtrahend = pb._SetDifferenceRequest._Subtrahend(set=pb._SetDifferenceRequest._Subtrahend._Set(elements=[BIG]))
    await _call(store, "SetUnion", pb._SetUnionRequest(set_name=b"k", elements=[b"a"], ttl_milliseconds=TTL))
    await _call(store, "SetDifference", pb._SetDifferenceRequest(set_name=b"k", subtrahend=subtrahend))
    await _call(store, "SetContains", pb._SetContainsRequest(set_name=b"k", elements=[BIG]))
    await _call(store, "ListRemove", pb._ListRemoveRequest(list_name=b"l", all_elements_with_value=BIG))


def test_by_default_an_element_may_be_as_large_as_an_item_and_the_flag_reaches_the_settings() -> None:
    assert MemoryLimits().max_element_bytes == parse_args([]).max_element_bytes == MemoryLimits().max_item_bytes
    assert parse_args(["--max-element-bytes", str(MOMENTO_ELEMENT_BYTES)]).max_element_bytes == 128 * 1024

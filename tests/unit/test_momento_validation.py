"""``CacheClientAsync`` rejects bad arguments as momento 1.29.1 does: the same INVALID_ARGUMENT messages, checked
in the same order (the cache name, then the collection name, then the TTL of a scalar write, then the rest), before
anything is sent. Where momento sends a value on (a ``str`` iterated as its characters, a truncation size of 0, a
fetch ``count`` of 0), so do we.

The expected messages are momento's, as its own client reports them; tests/peer/test_official_python_sdk_validation.py
compares the two clients call by call where the official package is installed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.requests import CollectionTtl
from momento_web.responses.mixins import ErrorResponseMixin
from tests.protobuf_oracle import cacheclient_pb2 as pb
from tests.unit.fakes import RecordingTransport, sent_payload

# The client is typed Any in these calls: they pass what the signatures forbid, on purpose.
Call = Callable[[Any], Awaitable[object]]

CONVERT = "Could not convert the given type to bytes: "


def _client(reply: bytes = b"") -> tuple[CacheClientAsync, RecordingTransport]:
    transport = RecordingTransport(reply)
    config = Configurations.Laptop.latest().with_transport_factory(lambda: transport)
    client = CacheClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 8080), timedelta(seconds=60))
    return client, transport


async def _rejected(call: Call) -> str:
    """The INVALID_ARGUMENT message ``call`` returns; asserts nothing went on the wire."""
    client, transport = _client()
    response = await call(client)
    assert isinstance(response, ErrorResponseMixin), response
    assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert transport.requests == []
    return response.inner_exception.message


# --- an element, field or value of the wrong type ----------------------------------------------------------------

ELEMENT_TYPE_ERRORS: list[tuple[str, Call]] = [
    ("set_add_element", lambda c: c.set_add_element("c", "s", 1)),
    ("set_add_elements", lambda c: c.set_add_elements("c", "s", ["a", 1])),
    ("set_remove_element", lambda c: c.set_remove_element("c", "s", 1)),
    ("set_remove_elements", lambda c: c.set_remove_elements("c", "s", [1])),
    ("dictionary_set_field field", lambda c: c.dictionary_set_field("c", "d", 1, "v")),
    ("dictionary_set_field value", lambda c: c.dictionary_set_field("c", "d", "f", 1)),
    ("dictionary_set_fields field", lambda c: c.dictionary_set_fields("c", "d", {1: "v"})),
    ("dictionary_set_fields value", lambda c: c.dictionary_set_fields("c", "d", {"f": 1})),
    ("dictionary_get_field", lambda c: c.dictionary_get_field("c", "d", 1)),
    ("dictionary_get_fields", lambda c: c.dictionary_get_fields("c", "d", ["f", 1])),
    ("dictionary_remove_field", lambda c: c.dictionary_remove_field("c", "d", 1)),
    ("dictionary_remove_fields", lambda c: c.dictionary_remove_fields("c", "d", [1])),
    ("list_concatenate_back", lambda c: c.list_concatenate_back("c", "l", ["a", 1])),
    ("list_concatenate_front", lambda c: c.list_concatenate_front("c", "l", [1])),
    ("sorted_set_put_element", lambda c: c.sorted_set_put_element("c", "z", 1, 1.0)),
    ("sorted_set_put_elements", lambda c: c.sorted_set_put_elements("c", "z", {1: 1.0})),
    ("sorted_set_increment_score", lambda c: c.sorted_set_increment_score("c", "z", 1, 1.0)),
    ("sorted_set_get_score", lambda c: c.sorted_set_get_score("c", "z", 1)),
    ("sorted_set_get_scores", lambda c: c.sorted_set_get_scores("c", "z", [1])),
    ("sorted_set_remove_element", lambda c: c.sorted_set_remove_element("c", "z", 1)),
    ("sorted_set_remove_elements", lambda c: c.sorted_set_remove_elements("c", "z", [1])),
]


@pytest.mark.parametrize("call", [call for _, call in ELEMENT_TYPE_ERRORS], ids=[i for i, _ in ELEMENT_TYPE_ERRORS])
async def test_an_element_of_the_wrong_type_cannot_be_converted_to_bytes(call: Call) -> None:
    assert await _rejected(call) == CONVERT + "<class 'int'>"


@pytest.mark.parametrize("bad", [None, 1.5, True, bytearray(b"x"), ["x"]], ids=repr)
async def test_the_conversion_message_names_the_type(bad: object) -> None:
    assert await _rejected(lambda c: c.set_add_element("c", "s", bad)) == f"{CONVERT}{type(bad)}"


NAMED_ARGUMENT_ERRORS: list[tuple[Call, str]] = [
    (lambda c: c.get("c", 1), "Unsupported type for key: <class 'int'>"),
    (lambda c: c.set("c", "k", 1), "Unsupported type for value: <class 'int'>"),
    (lambda c: c.list_push_back("c", "l", 1), "Unsupported type for value: <class 'int'>"),
    (lambda c: c.list_remove_value("c", "l", None), "Unsupported type for value: <class 'NoneType'>"),
    (lambda c: c.dictionary_increment("c", "d", 1), "Unsupported type for field: <class 'int'>"),
    (lambda c: c.sorted_set_get_rank("c", "z", 1), "Unsupported type for sorted set value: <class 'int'>"),
    # containers that are not iterable (or, for items and sorted set elements, not a mapping)
    (lambda c: c.list_concatenate_back("c", "l", 1), "Unsupported type for values: <class 'int'>"),
    (lambda c: c.list_concatenate_front("c", "l", None), "Unsupported type for values: <class 'NoneType'>"),
    (lambda c: c.set_add_elements("c", "s", 1), "Unsupported type for elements: <class 'int'>"),
    (lambda c: c.set_remove_elements("c", "s", 1), "Unsupported type for elements: <class 'int'>"),
    (lambda c: c.dictionary_get_fields("c", "d", 1), "Unsupported type for fields: <class 'int'>"),
    (lambda c: c.dictionary_remove_fields("c", "d", None), "Unsupported type for fields: <class 'NoneType'>"),
    (lambda c: c.dictionary_set_fields("c", "d", [("f", "v")]), "Unsupported type for items: <class 'list'>"),
    (lambda c: c.sorted_set_put_elements("c", "z", 1), "Unsupported type for sorted set elements: <class 'int'>"),
    (lambda c: c.sorted_set_get_scores("c", "z", 1), "Unsupported type for sorted set values: <class 'int'>"),
    (lambda c: c.sorted_set_remove_elements("c", "z", 1), "Unsupported type for sorted set values: <class 'int'>"),
    (lambda c: c.get_batch("c", 1), "Unsupported type for keys: <class 'int'>"),
    (lambda c: c.keys_exist("c", 1), "Unsupported type for keys: <class 'int'>"),
    (lambda c: c.set_contains_elements("c", "s", 1), "Unsupported type for elements: <class 'int'>"),
]


@pytest.mark.parametrize(("call", "message"), NAMED_ARGUMENT_ERRORS, ids=[m for _, m in NAMED_ARGUMENT_ERRORS])
async def test_an_argument_of_the_wrong_type_is_named(call: Call, message: str) -> None:
    assert await _rejected(call) == message


# --- sorted set scores are floats ----------------------------------------------------------------------------------

SCORE_ERRORS: list[tuple[Call, str]] = [
    (lambda c: c.sorted_set_put_element("c", "z", "v", 1), "<class 'int'>"),
    (lambda c: c.sorted_set_put_element("c", "z", "v", None), "<class 'NoneType'>"),
    (lambda c: c.sorted_set_put_element("c", "z", "v", True), "<class 'bool'>"),
    (lambda c: c.sorted_set_put_elements("c", "z", {"a": 1.0, "b": 2}), "<class 'int'>"),
    (lambda c: c.sorted_set_put_elements("c", "z", {"a": None}), "<class 'NoneType'>"),
    (lambda c: c.sorted_set_increment_score("c", "z", "v", 1), "<class 'int'>"),
    (lambda c: c.sorted_set_increment_score("c", "z", "v", None), "<class 'NoneType'>"),
]


@pytest.mark.parametrize(("call", "given"), SCORE_ERRORS)
async def test_a_score_that_is_not_a_float_is_rejected(call: Call, given: str) -> None:
    assert await _rejected(call) == f"score must be a float. Given type: {given}"


async def test_increment_checks_the_score_before_the_value_and_put_the_value_before_the_score() -> None:
    increment = await _rejected(lambda c: c.sorted_set_increment_score("c", "z", 1, 1))
    assert increment == "score must be a float. Given type: <class 'int'>"
    put = await _rejected(lambda c: c.sorted_set_put_element("c", "z", 1, 1))
    assert put == CONVERT + "<class 'int'>"


async def test_score_bounds_of_fetches_may_be_ints() -> None:
    client, transport = _client(pb._SortedSetFetchResponse(missing={}).SerializeToString())
    assert (await client.sorted_set_fetch_by_score("c", "z", min_score=1, max_score=5)).__class__.__name__ == "Miss"
    request = pb._SortedSetFetchRequest.FromString(sent_payload(transport.requests[0]))
    assert (request.by_score.min_score.score, request.by_score.max_score.score) == (1.0, 5.0)


# --- what is checked first -------------------------------------------------------------------------------------------

ORDER: list[tuple[Call, str]] = [
    (lambda c: c.dictionary_get_fields("c", "", "f"), "Dictionary name must not be empty"),
    (lambda c: c.dictionary_get_fields("c", "", 1), "Dictionary name must not be empty"),
    (lambda c: c.dictionary_set_fields(None, "", None), "Cache name must be a string"),
    (lambda c: c.dictionary_set_field("c", 7, 1, 1), "Dictionary name must be a string"),
    (lambda c: c.get(None, 1), "Cache name must be a string"),
    (lambda c: c.set("", 1, 1), "Cache name must not be empty"),
    (lambda c: c.set("c", 1, 1, ttl=timedelta(0)), "TTL must be a positive amount of time."),
    (lambda c: c.set("c", 1, 1, ttl=5), "TTL must be a timedelta."),
    (lambda c: c.set("c", "k", 1, ttl=None), "Unsupported type for value: <class 'int'>"),
    (lambda c: c.increment(None, None, 0, timedelta(seconds=5)), "Cache name must be a string"),
    (lambda c: c.set_if_not_exists("c", None, 1, ttl=timedelta(-1)), "TTL must be a positive amount of time."),
    (lambda c: c.list_concatenate_back(None, None, None), "Cache name must be a string"),
    (lambda c: c.list_push_back("c", None, 1), "List name must be a string"),
    (lambda c: c.set_add_elements("c", "", 1), "Set name must not be empty"),
    (lambda c: c.sorted_set_put_element("c", b"z", 1, 1), "Sorted set name must be a string"),
    (lambda c: c.sorted_set_get_scores(None, None, None), "Cache name must be a string"),
    (lambda c: c.sorted_set_fetch_by_score(None, None, count=-1), "Cache name must be a string"),
    (lambda c: c.sorted_set_fetch_by_rank("c", "", 1.5), "Sorted set name must not be empty"),
    (lambda c: c.set_if_equal(None, 1, 1, 1), "Cache name must be a string"),
    (lambda c: c.update_ttl(None, 1, 5), "Cache name must be a string"),
    (lambda c: c.set_pop("c", "", 0), "Set name must not be empty"),
]


@pytest.mark.parametrize(("call", "message"), ORDER, ids=[f"{i}-{m}" for i, (_, m) in enumerate(ORDER)])
async def test_names_are_checked_before_anything_else(call: Call, message: str) -> None:
    assert await _rejected(call) == message


# --- what momento sends on ---------------------------------------------------------------------------------------


async def test_a_str_of_values_is_iterated_as_momento_does() -> None:
    client, transport = _client(pb._ListConcatenateBackResponse(list_length=2).SerializeToString())
    response = await client.list_concatenate_back("c", "l", "ab")
    assert response.__class__.__qualname__ == "CacheListConcatenateBack.Success"
    assert list(pb._ListConcatenateBackRequest.FromString(sent_payload(transport.requests[0])).values) == [b"a", b"b"]


async def test_bytes_as_values_are_ints_to_convert() -> None:
    assert await _rejected(lambda c: c.set_add_elements("c", "s", b"ab")) == CONVERT + "<class 'int'>"


@pytest.mark.parametrize("size", [0, None])
async def test_a_truncation_size_of_zero_truncates_nothing(size: int | None) -> None:
    client, transport = _client(pb._ListPushBackResponse(list_length=1).SerializeToString())
    response = await client.list_push_back("c", "l", "v", truncate_front_to_size=size)
    assert response.__class__.__qualname__ == "CacheListPushBack.Success"
    assert pb._ListPushBackRequest.FromString(sent_payload(transport.requests[0])).truncate_front_to_size == 0


async def test_a_negative_truncation_size_is_rejected() -> None:
    message = await _rejected(lambda c: c.list_push_front("c", "l", "v", truncate_back_to_size=-1))
    assert message == "truncate_back_to_size must be non-negative (>= 0)"


async def test_a_fetch_count_of_zero_is_sent() -> None:
    client, transport = _client(pb._SortedSetFetchResponse(missing={}).SerializeToString())
    await client.sorted_set_fetch_by_score("c", "z", count=0)
    assert pb._SortedSetFetchRequest.FromString(sent_payload(transport.requests[0])).by_score.count == 0


# --- CollectionTtl checks its TTL when made -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CollectionTtl(timedelta(seconds=-1)), "ttl must be a positive amount of time."),
        (lambda: CollectionTtl(timedelta(0)), "ttl must be a positive amount of time."),
        (lambda: CollectionTtl(5), "ttl must be a timedelta."),  # type: ignore[arg-type]
        (lambda: CollectionTtl.of(5), "ttl must be a timedelta."),  # type: ignore[arg-type]
        (lambda: CollectionTtl.refresh_ttl_if_provided(timedelta(-1)), "ttl must be a positive amount of time."),
    ],
)
def test_collection_ttl_rejects_a_bad_ttl_at_construction(make: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        make()
    assert raised.value.message == message
    assert raised.value.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR


def test_collection_ttl_accepts_none_and_positive_ttls() -> None:
    assert CollectionTtl().ttl is None
    assert CollectionTtl.of(timedelta(seconds=1)).with_no_refresh_ttl_on_updates() == CollectionTtl(
        timedelta(seconds=1), refresh_ttl=False
    )

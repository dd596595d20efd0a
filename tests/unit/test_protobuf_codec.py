"""``momento_web.wire.protobuf`` and the generated ``momento_web._messages`` against google.protobuf.

Every generated class is checked against its google.protobuf twin in ``tests/protobuf_oracle``: the same field
table as the descriptor, and for hypothesis-generated values the same bytes, each side parsing the other's bytes to
equal messages, and the same result for concatenated serializations (last scalar wins, a later oneof member clears
the earlier one, repeated fields concatenate, sub-messages merge). Then hostile bytes: ours fails with DecodeError
exactly where google.protobuf fails, and otherwise reads what it reads.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from google.protobuf import message as google_message
from google.protobuf.descriptor import FieldDescriptor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from momento_web import _messages
from momento_web._messages import auth, cacheclient, cachepubsub, common, leaderboard, permissionmessages, token
from momento_web.wire import protobuf
from momento_web.wire.protobuf import DecodeError, Message
from tests.protobuf_oracle import cacheclient_pb2


def _pairs(ours: type[Message] | ModuleType, theirs: Any) -> Iterator[tuple[type[Message], Any]]:
    """Every message class under ``ours`` (a module or class), with google.protobuf's class of the same name."""
    for name, value in vars(ours).items():
        if isinstance(value, type) and issubclass(value, Message):
            twin = getattr(theirs, name)
            yield value, twin
            yield from _pairs(value, twin)


MODULES = sorted(name for _, name, _ in pkgutil.iter_modules(_messages.__path__))
PAIRS = {
    f"{module}.{ours.__qualname__}": (ours, theirs)
    for module in MODULES
    for ours, theirs in _pairs(
        importlib.import_module(f"momento_web._messages.{module}"),
        importlib.import_module(f"tests.protobuf_oracle.{module}_pb2"),
    )
}
ALL_CLASSES = pytest.mark.parametrize(("ours", "theirs"), PAIRS.values(), ids=PAIRS.keys())
# What the SDK sends and reads on every call: more examples.
HOT = [cacheclient._GetRequest, cacheclient._GetResponse, cacheclient._SetRequest, cacheclient._SetResponse]

_KINDS = {
    FieldDescriptor.TYPE_INT32: protobuf.INT32, FieldDescriptor.TYPE_INT64: protobuf.INT64,
    FieldDescriptor.TYPE_UINT32: protobuf.UINT32, FieldDescriptor.TYPE_UINT64: protobuf.UINT64,
    FieldDescriptor.TYPE_SINT32: protobuf.SINT32, FieldDescriptor.TYPE_SINT64: protobuf.SINT64,
    FieldDescriptor.TYPE_BOOL: protobuf.BOOL, FieldDescriptor.TYPE_ENUM: protobuf.ENUM,
    FieldDescriptor.TYPE_FIXED32: protobuf.FIXED32, FieldDescriptor.TYPE_FIXED64: protobuf.FIXED64,
    FieldDescriptor.TYPE_SFIXED32: protobuf.SFIXED32, FieldDescriptor.TYPE_SFIXED64: protobuf.SFIXED64,
    FieldDescriptor.TYPE_FLOAT: protobuf.FLOAT, FieldDescriptor.TYPE_DOUBLE: protobuf.DOUBLE,
    FieldDescriptor.TYPE_STRING: protobuf.STRING, FieldDescriptor.TYPE_BYTES: protobuf.BYTES,
    FieldDescriptor.TYPE_MESSAGE: protobuf.MESSAGE,
}  # fmt: skip
_I32, _I64 = (-(2**31), 2**31 - 1), (-(2**63), 2**63 - 1)
_SCALARS: dict[int, st.SearchStrategy[Any]] = {
    protobuf.INT32: st.integers(*_I32), protobuf.ENUM: st.integers(*_I32), protobuf.SINT32: st.integers(*_I32),
    protobuf.SFIXED32: st.integers(*_I32), protobuf.INT64: st.integers(*_I64), protobuf.SINT64: st.integers(*_I64),
    protobuf.SFIXED64: st.integers(*_I64), protobuf.UINT32: st.integers(0, 2**32 - 1),
    protobuf.FIXED32: st.integers(0, 2**32 - 1), protobuf.UINT64: st.integers(0, 2**64 - 1),
    protobuf.FIXED64: st.integers(0, 2**64 - 1), protobuf.BOOL: st.booleans(),
    protobuf.FLOAT: st.floats(width=32, allow_nan=False), protobuf.DOUBLE: st.floats(allow_nan=False),
    protobuf.STRING: st.text(max_size=20), protobuf.BYTES: st.binary(max_size=20),
}  # fmt: skip
# Small values and boundaries more often: defaults (0 in a oneof), 1-byte and 10-byte varints.
for _kind in (protobuf.INT32, protobuf.ENUM, protobuf.SINT32, protobuf.INT64, protobuf.UINT64):
    _SCALARS[_kind] = st.one_of(
        st.sampled_from([0, 1, -1, 127, 128] if _kind != protobuf.UINT64 else [0, 1, 2**64 - 1]), _SCALARS[_kind]
    )


@dataclass(frozen=True)
class Value:
    """A message value that either implementation can build: its class pair and field values."""

    ours: type[Message]
    theirs: Any
    fields: dict[str, Any]

    def build(self, side: str) -> Any:
        cls = self.ours if side == "ours" else self.theirs
        return cls(**{name: _build(value, side) for name, value in self.fields.items()})


def _build(value: Any, side: str) -> Any:
    if isinstance(value, Value):
        return value.build(side)
    if isinstance(value, list):
        return [_build(item, side) for item in value]
    return value


def _twin(ours: type[Message]) -> Any:
    return next(theirs for cls, theirs in PAIRS.values() if cls is ours)


def values(ours: type[Message], depth: int = 3) -> st.SearchStrategy[Value]:
    """Messages of ``ours`` with any set of fields, at most one member per oneof, nested ``depth`` deep."""
    theirs = _twin(ours)
    plain: dict[str, st.SearchStrategy[Any]] = {}
    oneofs: dict[str, list[tuple[str, st.SearchStrategy[Any]]]] = {}
    for field in ours.FIELDS:
        if field.kind == protobuf.MESSAGE:
            assert field.message is not None
            if depth == 0:
                continue
            item: st.SearchStrategy[Any] = st.deferred(lambda f=field: values(f.message(), depth - 1))  # type: ignore[misc]
        else:
            item = _SCALARS[field.kind]
        strategy = st.lists(item, max_size=3) if field.repeated else item
        if field.oneof is None:
            plain[field.name] = strategy
        else:
            oneofs.setdefault(field.oneof, []).append((field.name, strategy))
    members = [
        st.none() | st.one_of([st.tuples(st.just(name), strategy) for name, strategy in choices])
        for choices in oneofs.values()
    ]
    return st.builds(
        lambda fields, chosen: Value(ours, theirs, {**fields, **dict(member for member in chosen if member)}),
        st.fixed_dictionaries({}, optional=plain),
        st.tuples(*members),
    )


@ALL_CLASSES
def test_field_table_matches_the_descriptor(ours: type[Message], theirs: Any) -> None:
    descriptor = theirs.DESCRIPTOR
    expected = [
        (f.number, f.name, _KINDS[f.type], f.is_repeated, f.containing_oneof.name if f.containing_oneof else None)
        for f in sorted(descriptor.fields, key=lambda f: f.number)
    ]
    assert [(f.number, f.name, f.kind, f.repeated, f.oneof) for f in ours.FIELDS] == expected
    for field, twin in zip(ours.FIELDS, sorted(descriptor.fields, key=lambda f: f.number), strict=True):
        assert field.has_presence == twin.has_presence
        if field.message is not None:
            assert _twin(field.message()).DESCRIPTOR is twin.message_type


def _check_round_trip(value: Value) -> None:
    ours, theirs = value.build("ours"), value.build("google")
    data = theirs.SerializeToString()
    assert ours.SerializeToString() == data
    assert type(ours).FromString(data) == ours
    assert type(theirs).FromString(ours.SerializeToString()) == theirs
    assert repr(ours).startswith(type(ours).__qualname__)


def _check_concatenation(first: Value, second: Value) -> None:
    data = first.build("google").SerializeToString() + second.build("google").SerializeToString()
    merged = second.ours.FromString(data)
    assert merged.SerializeToString() == second.theirs.FromString(data).SerializeToString()


@ALL_CLASSES
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_class_matches_google_protobuf(ours: type[Message], theirs: Any, data: st.DataObject) -> None:
    del theirs
    _check_round_trip(data.draw(values(ours)))
    _check_concatenation(data.draw(values(ours)), data.draw(values(ours)))


@pytest.mark.parametrize("ours", HOT, ids=lambda cls: cls.__qualname__)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_hot_path_classes_match_google_protobuf(ours: type[Message], data: st.DataObject) -> None:
    _check_round_trip(data.draw(values(ours)))
    _check_concatenation(data.draw(values(ours)), data.draw(values(ours)))


# --- hostile input -----------------------------------------------------------------------------------------

# Messages that cover every wire type and nesting: bytes/enum/string, packed bools, sint32 + oneofs, doubles.
HOSTILE_TARGETS = [
    cacheclient._GetResponse,
    cacheclient._KeysExistResponse,
    cacheclient._ListFetchRequest,
    cacheclient._SortedSetFetchResponse,
    cachepubsub._SubscriptionItem,
    token._GenerateDisposableTokenRequest,
]


def _google_parse(ours: type[Message], data: bytes) -> Any:
    twin = _twin(ours).FromString(data)
    twin.DiscardUnknownFields()  # ours keeps no unknown fields
    return twin


def _same_outcome(ours: type[Message], data: bytes) -> None:
    try:
        expected = _google_parse(ours, data).SerializeToString()
    except google_message.DecodeError:
        with pytest.raises(DecodeError):
            ours.FromString(data)
        return
    assert ours.FromString(data).SerializeToString() == expected


@pytest.mark.parametrize("ours", HOSTILE_TARGETS, ids=lambda cls: cls.__qualname__)
@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=40))
def test_arbitrary_bytes_fail_or_parse_as_google_protobuf_does(ours: type[Message], data: bytes) -> None:
    _same_outcome(ours, data)


@pytest.mark.parametrize("ours", HOSTILE_TARGETS, ids=lambda cls: cls.__qualname__)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_damaged_serializations_fail_or_parse_as_google_protobuf_does(ours: type[Message], data: st.DataObject) -> None:
    valid = data.draw(values(ours)).build("google").SerializeToString()
    cut = data.draw(st.integers(0, len(valid)))
    flip = data.draw(st.binary(min_size=0, max_size=2))
    _same_outcome(ours, valid[:cut] + flip + valid[cut + len(flip) :])


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ("08", "truncated varint"),
        ("08ff", "truncated varint"),
        ("08" + "ff" * 10 + "01", "varint longer than 10 bytes"),
        ("1205ab", "runs past the end"),
        ("12ffffffff0f", "runs past the end"),
        ("1a01ff", "invalid start byte"),  # invalid UTF-8
        ("1a03eda080", "invalid continuation byte"),  # a UTF-16 surrogate
        ("0e", "invalid wire type 6"),
        ("0f", "invalid wire type 7"),
        ("0c", "unexpected end-group tag"),
        ("0b0801", "truncated varint"),  # a group never closed
        ("0b14", "mismatched end-group tag"),
        ("0000", "field number 0"),
        ("7d0000", "truncated fixed-width"),  # unknown fixed32, two bytes short
    ],
)
def test_hostile_bytes_raise_decode_error(data: str, what: str) -> None:
    with pytest.raises(DecodeError, match=what):
        cacheclient._GetResponse.FromString(bytes.fromhex(data))
    with pytest.raises(google_message.DecodeError):
        cacheclient_pb2._GetResponse.FromString(bytes.fromhex(data))


def test_sub_message_truncated_inside_its_length_raises() -> None:
    # _GetWithHashResponse.found (length 3) holding value with length 5.
    with pytest.raises(DecodeError):
        cacheclient._GetWithHashResponse.FromString(bytes.fromhex("0a030a0561"))


def test_ten_byte_varints_decode_as_google_protobuf_does() -> None:
    assert cacheclient._GetResponse.FromString(bytes.fromhex("08ffffffffffffffffff01")).result == -1
    assert cacheclient._GetResponse.FromString(bytes.fromhex("08ffffffff0f")).result == -1  # int32 from 5 bytes
    assert cacheclient._GetResponse(result=-1).SerializeToString() == bytes.fromhex("08ffffffffffffffffff01")


def test_memoryview_and_bytearray_input() -> None:
    data = cacheclient._GetResponse(result=cacheclient.Hit, cache_body=b"x" * 100).SerializeToString()
    for buffer in (bytearray(data), memoryview(data), memoryview(b"??" + data)[2:]):
        parsed = cacheclient._GetResponse.FromString(buffer)
        assert parsed.cache_body == b"x" * 100
        assert type(parsed.cache_body) is bytes


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (cacheclient._SetRequest(ttl_milliseconds=-1), "uint64 out of range"),
        (cacheclient._SetRequest(ttl_milliseconds=2**64), "uint64 out of range"),
        (cacheclient._GetResponse(result=2**31), "int32 out of range"),
        (cacheclient._ListFetchRequest(inclusive_start=-(2**31) - 1), "int32 out of range"),
    ],
)
def test_out_of_range_values_are_rejected_when_encoded(message: Message, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        message.SerializeToString()


# --- the attribute API the SDK relies on -------------------------------------------------------------------


def test_unset_sub_message_reads_as_a_detached_default() -> None:
    request = permissionmessages.PermissionsType.CachePermissions()
    assert request.cache_selector == permissionmessages.PermissionsType.CacheSelector()
    assert not request.HasField("cache_selector")
    assert request.WhichOneof("cache") is None
    request.cache_selector.cache_name = "lost"  # detached: protobuf would attach it, we do not
    assert not request.HasField("cache_selector")


def test_oneof_members_replace_each_other_and_keep_default_values() -> None:
    request = cacheclient._ListFetchRequest(inclusive_start=3)
    request.unbounded_start = common._Unbounded()
    assert request.WhichOneof("start_index") == "unbounded_start"
    assert request.inclusive_start == 0
    assert not request.HasField("inclusive_start")
    request.inclusive_start = 0
    assert request.HasField("inclusive_start")
    assert request.HasField("start_index")
    assert request.SerializeToString() == bytes.fromhex("1800")


def test_proto3_optional_has_presence() -> None:
    request = leaderboard._GetCompetitionRankRequest()
    assert not request.HasField("order")
    assert request.order == 0
    request.order = 0
    assert request.HasField("order")
    assert request.WhichOneof("_order") == "order"
    assert request.SerializeToString() == bytes.fromhex("1800")


def test_has_field_and_which_oneof_reject_unknown_names() -> None:
    with pytest.raises(ValueError, match="no field with presence"):
        cacheclient._GetResponse().HasField("cache_body")  # implicit presence, as protobuf
    with pytest.raises(ValueError, match="no oneof"):
        cacheclient._GetResponse().WhichOneof("result")


def test_repr_shows_the_set_fields_and_shortens_large_values() -> None:
    assert repr(cacheclient._GetResponse(result=2, cache_body=b"v")) == "_GetResponse(result=2, cache_body=b'v')"
    assert "100 long" in repr(cacheclient._GetResponse(cache_body=b"v" * 100))
    item = cachepubsub._SubscriptionItem(heartbeat=cachepubsub._Heartbeat())
    assert repr(item) == "_SubscriptionItem(heartbeat=_Heartbeat())"


def test_messages_compare_by_value_and_are_unhashable() -> None:
    assert cacheclient._GetRequest(cache_key=b"k") == cacheclient._GetRequest(cache_key=b"k")
    assert cacheclient._GetRequest(cache_key=b"k") != cacheclient._GetRequest(cache_key=b"j")
    assert cacheclient._GetRequest() != cacheclient._DeleteRequest()
    with pytest.raises(TypeError):
        hash(cacheclient._GetRequest())


def test_enums_expose_protobufs_lookups_and_constants() -> None:
    item_type = cacheclient._ItemGetTypeResponse.ItemType
    assert item_type.items() == [("SCALAR", 0), ("DICTIONARY", 1), ("SET", 2), ("LIST", 3), ("SORTED_SET", 4)]
    assert item_type.Name(3) == "LIST"
    assert item_type.Value("SET") == 2
    assert item_type.SET == 2
    assert (cacheclient.Hit, cacheclient.Miss, cacheclient.ECacheResult.Ok) == (2, 3, 1)
    assert cacheclient._SortedSetUnionStoreRequest.MAX == cacheclient_pb2._SortedSetUnionStoreRequest.MAX
    assert permissionmessages.SuperUser == 0
    assert auth._GenerateApiTokenRequest.Never().SerializeToString() == b""
    with pytest.raises(ValueError, match="has no value 99"):
        item_type.Name(99)
    with pytest.raises(ValueError, match="has no name 'NOPE'"):
        item_type.Value("NOPE")


def test_a_malformed_field_table_is_refused() -> None:
    # A field with presence (here a message) needs a Presence descriptor: the table and the class disagree.
    with pytest.raises(TypeError, match=r"Broken\.child is not a Presence"):

        class Broken(Message):
            __slots__ = ("child",)
            FIELDS = (protobuf.Field(1, "child", protobuf.MESSAGE, message=lambda: common._Empty),)

    # A message field without its message class cannot be decoded.
    class Orphans(Message):
        __slots__ = ("children",)
        FIELDS = (protobuf.Field(1, "children", protobuf.MESSAGE, repeated=True),)

    with pytest.raises(TypeError, match="names no message class"):
        Orphans.FromString(b"\x0a\x00")

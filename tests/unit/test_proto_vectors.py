"""Both message implementations encode and decode exactly the bytes of Momento's wire test vectors: the SDK's
own (``momento_web._messages``) and google.protobuf's (``tests.protobuf_oracle``, the tests' reference).

The vectors are Momento's wire facts as written in docs/protocol/test-vectors.md (captured requests, replies) and
docs/protocol/protobuf.md (encoding rules). Where a vector is a gRPC-web frame, the 5-byte frame header is checked
and stripped and only the protobuf payload is compared.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from momento_web._messages import cacheclient, cachepubsub, common, controlclient, permissionmessages, token
from tests.protobuf_oracle import (
    cacheclient_pb2,
    cachepubsub_pb2,
    common_pb2,
    controlclient_pb2,
    extensions_pb2,
    permissionmessages_pb2,
    token_pb2,
)

OURS = SimpleNamespace(
    cacheclient=cacheclient, cachepubsub=cachepubsub, common=common, controlclient=controlclient,
    permissionmessages=permissionmessages, token=token,
)  # fmt: skip
GOOGLE = SimpleNamespace(
    cacheclient=cacheclient_pb2, cachepubsub=cachepubsub_pb2, common=common_pb2, controlclient=controlclient_pb2,
    permissionmessages=permissionmessages_pb2, token=token_pb2,
)  # fmt: skip
IMPLEMENTATIONS = pytest.mark.parametrize("m", [OURS, GOOGLE], ids=["ours", "google"])


def frame_payload(frame: bytes) -> bytes:
    """Strip and check the gRPC-web DATA frame header (flag 0x00, big-endian uint32 length)."""
    assert len(frame) >= 5, frame.hex()
    assert frame[0] == 0x00, "not an uncompressed DATA frame"
    length = int.from_bytes(frame[1:5], "big")
    assert length == len(frame) - 5, f"frame length {length} != payload length {len(frame) - 5}"
    return frame[5:]


def hex_frame(text: str) -> bytes:
    return frame_payload(bytes.fromhex(text))


def text_frame(text: str) -> bytes:
    """A gRPC-web-text body holding exactly one frame."""
    return frame_payload(base64.b64decode(text, validate=True))


def h(text: str) -> bytes:
    """Hex payload; spaces are ignored."""
    return bytes.fromhex(text)


def _permissions_cache_key_read_write(m: Any) -> Any:
    pt = m.permissionmessages.PermissionsType
    return m.permissionmessages.Permissions(
        explicit=m.permissionmessages.ExplicitPermissions(
            permissions=[
                pt(
                    cache_permissions=pt.CachePermissions(
                        role=m.permissionmessages.CacheReadWrite,
                        cache_selector=pt.CacheSelector(cache_name="cache-a"),
                        item_selector=pt.CacheItemSelector(key=b"k1"),
                    )
                )
            ]
        )
    )


# (id, message factory given an implementation, expected payload)
VECTORS: list[tuple[str, Callable[[Any], Any], bytes]] = [
    # --- cache data requests (docs/protocol/test-vectors.md: constructed, W2-W4, P3-P5, Node) ---
    ("get_request_foo", lambda m: m.cacheclient._GetRequest(cache_key=b"foo"), h("0a03666f6f")),
    (
        "set_request_foo_ttl_60000",
        lambda m: m.cacheclient._SetRequest(cache_key=b"foo", cache_body=b"bar", ttl_milliseconds=60000),
        h("0a03666f6f 1203626172 18e0d403"),
    ),
    (
        "W2_set_request_text",
        lambda m: m.cacheclient._SetRequest(cache_key=b"k1", cache_body=b"v1", ttl_milliseconds=30000),
        text_frame("AAAAAAwKAmsxEgJ2MRiw6gE="),
    ),
    (
        "P3_set_request",
        lambda m: m.cacheclient._SetRequest(cache_key=b"k1", cache_body=b"v1", ttl_milliseconds=30000),
        hex_frame("000000000c0a026b311202763118b0ea01"),
    ),
    (
        "node_set_request_ttl_60000",
        lambda m: m.cacheclient._SetRequest(cache_key=b"k1", cache_body=b"v1", ttl_milliseconds=60000),
        hex_frame("000000000c0a026b311202763118e0d403"),
    ),
    ("W3_get_request_text", lambda m: m.cacheclient._GetRequest(cache_key=b"k1"), text_frame("AAAAAAQKAmsx")),
    ("P4_get_request", lambda m: m.cacheclient._GetRequest(cache_key=b"k1"), hex_frame("00000000040a026b31")),
    (
        "W4_increment_request_text",
        lambda m: m.cacheclient._IncrementRequest(cache_key=b"ctr", amount=1, ttl_milliseconds=60000),
        text_frame("AAAAAAsKA2N0chABGODUAw=="),
    ),
    (
        "P5_increment_request",
        lambda m: m.cacheclient._IncrementRequest(cache_key=b"ctr", amount=1, ttl_milliseconds=60000),
        hex_frame("000000000b0a03637472100118e0d403"),
    ),
    # --- cache data responses (docs/protocol/test-vectors.md, replies) ---
    (
        "get_response_hit",
        lambda m: m.cacheclient._GetResponse(result=m.cacheclient.Hit, cache_body=b"bar"),
        hex_frame("00 00000007 08021203626172"),
    ),
    (
        "get_response_hit_text",
        lambda m: m.cacheclient._GetResponse(result=m.cacheclient.Hit, cache_body=b"bar"),
        text_frame("AAAAAAcIAhIDYmFy"),
    ),
    ("get_response_miss", lambda m: m.cacheclient._GetResponse(result=m.cacheclient.Miss), text_frame("AAAAAAIIAw==")),
    (
        "get_response_hit_capture",
        lambda m: m.cacheclient._GetResponse(result=m.cacheclient.Hit, cache_body=b"hello-from-capture"),
        text_frame("AAAAABYIAhISaGVsbG8tZnJvbS1jYXB0dXJl"),
    ),
    ("set_response_ok", lambda m: m.cacheclient._SetResponse(result=m.cacheclient.Ok), text_frame("AAAAAAIIAQ==")),
    ("empty_publish_response", lambda m: m.common._Empty(), text_frame("AAAAAAA=")),
    # --- encoding rules (docs/protocol/protobuf.md) ---
    (
        "keys_exist_packed_bools",
        lambda m: m.cacheclient._KeysExistResponse(exists=[True, False, True]),
        h("0a 03 01 00 01"),
    ),
    ("list_fetch_inclusive_start_0", lambda m: m.cacheclient._ListFetchRequest(inclusive_start=0), h("18 00")),
    ("list_fetch_inclusive_start_-1", lambda m: m.cacheclient._ListFetchRequest(inclusive_start=-1), h("18 01")),
    ("list_fetch_exclusive_end_5", lambda m: m.cacheclient._ListFetchRequest(exclusive_end=5), h("28 0a")),
    (
        "list_fetch_unbounded_start",
        lambda m: m.cacheclient._ListFetchRequest(unbounded_start=m.common._Unbounded()),
        h("12 00"),
    ),
    ("sorted_set_score_1_5", lambda m: m.cacheclient._SortedSetElement(score=1.5), h("11 000000000000f83f")),
    (
        "permissions_super_user",
        lambda m: m.permissionmessages.Permissions(super_user=m.permissionmessages.SuperUser),
        h("08 00"),
    ),
    # --- control (docs/protocol/test-vectors.md, W1, P1, P2) ---
    (
        "W1_create_cache_text",
        lambda m: m.controlclient._CreateCacheRequest(cache_name="cache-a"),
        text_frame("AAAAAAkKB2NhY2hlLWE="),
    ),
    (
        "P1_create_cache",
        lambda m: m.controlclient._CreateCacheRequest(cache_name="cache-a"),
        hex_frame("00000000090a0763616368652d61"),
    ),
    ("P2_list_caches", lambda m: m.controlclient._ListCachesRequest(), hex_frame("0000000000")),
    # --- topics (docs/protocol/test-vectors.md, W5-W7, P6, P7, replies) ---
    (
        "P6_publish_request",
        lambda m: m.cachepubsub._PublishRequest(
            cache_name="cache-a", topic="topic-1", value=m.cachepubsub._TopicValue(text="hello")
        ),
        hex_frame("000000001b0a0763616368652d611207746f7069632d311a070a0568656c6c6f"),
    ),
    (
        "W5_publish_request_text",
        lambda m: m.cachepubsub._PublishRequest(
            cache_name="cache-a", topic="topic-1", value=m.cachepubsub._TopicValue(text="hello")
        ),
        text_frame("AAAAABsKB2NhY2hlLWESB3RvcGljLTEaBwoFaGVsbG8="),
    ),
    (
        "P7_subscribe_request",
        lambda m: m.cachepubsub._SubscriptionRequest(cache_name="cache-a", topic="topic-1"),
        hex_frame("00000000120a0763616368652d611207746f7069632d31"),
    ),
    (
        "W7_resubscribe_request_text",
        lambda m: m.cachepubsub._SubscriptionRequest(
            cache_name="cache-a", topic="topic-1", resume_at_topic_sequence_number=2, sequence_page=7
        ),
        text_frame("AAAAABYKB2NhY2hlLWESB3RvcGljLTEYAiAH"),
    ),
    (
        "subscription_heartbeat",
        lambda m: m.cachepubsub._SubscriptionItem(heartbeat=m.cachepubsub._Heartbeat()),
        hex_frame("00 00000002 1a00"),
    ),
    (
        "subscription_heartbeat_text",
        lambda m: m.cachepubsub._SubscriptionItem(heartbeat=m.cachepubsub._Heartbeat()),
        text_frame("AAAAAAIaAA=="),
    ),
    (
        "subscription_item",
        lambda m: m.cachepubsub._SubscriptionItem(
            item=m.cachepubsub._TopicItem(
                topic_sequence_number=1,
                value=m.cachepubsub._TopicValue(text="hi"),
                publisher_id="pub",
                sequence_page=7,
            )
        ),
        hex_frame("00 00000011 0a0f080112040a0268691a037075622007"),
    ),
    (
        "subscription_item_text",
        lambda m: m.cachepubsub._SubscriptionItem(
            item=m.cachepubsub._TopicItem(
                topic_sequence_number=1,
                value=m.cachepubsub._TopicValue(text="hi"),
                publisher_id="pub",
                sequence_page=7,
            )
        ),
        text_frame("AAAAABEKDwgBEgQKAmhpGgNwdWIgBw=="),
    ),
    (
        "subscription_discontinuity",
        lambda m: m.cachepubsub._SubscriptionItem(
            discontinuity=m.cachepubsub._Discontinuity(last_topic_sequence=3, new_topic_sequence=9, new_sequence_page=7)
        ),
        hex_frame("00 00000008 1206080310091807"),
    ),
    (
        "subscription_discontinuity_text",
        lambda m: m.cachepubsub._SubscriptionItem(
            discontinuity=m.cachepubsub._Discontinuity(last_topic_sequence=3, new_topic_sequence=9, new_sequence_page=7)
        ),
        text_frame("AAAAAAgSBggDEAkYBw=="),
    ),
    # --- disposable tokens (docs/protocol/test-vectors.md, W8, P8, replies) ---
    (
        "P8_generate_disposable_token_request",
        lambda m: m.token._GenerateDisposableTokenRequest(
            expires=m.token._GenerateDisposableTokenRequest.Expires(valid_for_seconds=300),
            permissions=_permissions_cache_key_read_write(m),
        ),
        hex_frame("00000000200a0308ac021a1912170a150a1308011a090a0763616368652d612a040a026b31"),
    ),
    (
        "W8_generate_disposable_token_request_text",
        lambda m: m.token._GenerateDisposableTokenRequest(
            expires=m.token._GenerateDisposableTokenRequest.Expires(valid_for_seconds=300),
            permissions=_permissions_cache_key_read_write(m),
        ),
        text_frame("AAAAACAKAwisAhoZEhcKFQoTCAEaCQoHY2FjaGUtYSoECgJrMQ=="),
    ),
    (
        "generate_disposable_token_response",
        lambda m: m.token._GenerateDisposableTokenResponse(
            api_key="dtok", endpoint="127.0.0.1", valid_until=1700000000
        ),
        h("0a0464746f6b12093132372e302e302e311880e2cfaa06"),
    ),
    (
        "generate_disposable_token_response_text",
        lambda m: m.token._GenerateDisposableTokenResponse(
            api_key="dtok", endpoint="127.0.0.1", valid_until=1700000000
        ),
        text_frame("AAAAABcKBGR0b2sSCTEyNy4wLjAuMRiA4s+qBg=="),
    ),
]


@IMPLEMENTATIONS
@pytest.mark.parametrize(("make", "payload"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS])
def test_serializes_to_vector(m: Any, make: Callable[[Any], Any], payload: bytes) -> None:
    assert make(m).SerializeToString().hex() == payload.hex()


@IMPLEMENTATIONS
@pytest.mark.parametrize(("make", "payload"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS])
def test_parses_vector(m: Any, make: Callable[[Any], Any], payload: bytes) -> None:
    expected = make(m)
    parsed = type(expected).FromString(payload)
    assert parsed == expected


@IMPLEMENTATIONS
def test_oneof_presence_survives_default_values(m: Any) -> None:
    """A oneof member set to its default value is distinguishable from an unset oneof."""
    pb, perms = m.cacheclient, m.permissionmessages
    assert pb._ListFetchRequest.FromString(h("1800")).WhichOneof("start_index") == "inclusive_start"
    assert pb._ListFetchRequest.FromString(b"").WhichOneof("start_index") is None
    assert pb._ListFetchRequest.FromString(h("1200")).WhichOneof("start_index") == "unbounded_start"
    assert perms.Permissions.FromString(h("0800")).WhichOneof("kind") == "super_user"
    assert perms.Permissions.FromString(b"").WhichOneof("kind") is None
    item = m.cachepubsub._SubscriptionItem.FromString(h("1a00"))
    assert item.WhichOneof("kind") == "heartbeat"


@IMPLEMENTATIONS
def test_unpacked_repeated_bools_are_accepted(m: Any) -> None:
    unpacked = h("0801 0800 0801")
    assert list(m.cacheclient._KeysExistResponse.FromString(unpacked).exists) == [True, False, True]


@IMPLEMENTATIONS
def test_unknown_fields_are_skipped(m: Any) -> None:
    # _GetRequest{cache_key:"foo"} followed by an unknown field 15 (varint 1) and an unknown field 14 (LEN "x").
    parsed = m.cacheclient._GetRequest.FromString(h("0a03666f6f 7801 720178"))
    assert parsed.cache_key == b"foo"


@IMPLEMENTATIONS
def test_zigzag_sint32_indexes(m: Any) -> None:
    for value, encoded in [(0, "00"), (-1, "01"), (1, "02"), (-2, "03"), (5, "0a")]:
        assert m.cacheclient._ListFetchRequest(exclusive_end=value).SerializeToString() == h("28" + encoded)


def test_rpc_paths_and_streaming_flags() -> None:
    scs = cacheclient_pb2.DESCRIPTOR.services_by_name["Scs"]
    assert len(scs.methods) == 47
    assert f"/{scs.full_name}/{scs.methods_by_name['Get'].name}" == "/cache_client.Scs/Get"
    streaming = {m.name for m in scs.methods if m.server_streaming}
    assert streaming == {"GetBatch", "SetBatch"}
    assert not any(m.client_streaming for m in scs.methods)

    pubsub_service = cachepubsub_pb2.DESCRIPTOR.services_by_name["Pubsub"]
    assert pubsub_service.full_name == "cache_client.pubsub.Pubsub"
    subscribe = pubsub_service.methods_by_name["Subscribe"]
    assert subscribe.server_streaming
    assert subscribe.output_type.full_name == "cache_client.pubsub._SubscriptionItem"
    assert pubsub_service.methods_by_name["Publish"].output_type.full_name == "common._Empty"


def test_retry_semantic_option() -> None:
    # The generated stub types the extension as a plain FieldDescriptor, which the Extensions mapping rejects.
    option: Any = extensions_pb2.retry_semantic
    publish = cachepubsub_pb2._PublishRequest.DESCRIPTOR.GetOptions().Extensions[option]
    subscribe = cachepubsub_pb2._SubscriptionRequest.DESCRIPTOR.GetOptions().Extensions[option]
    assert publish == extensions_pb2.NotRetryable
    assert subscribe == extensions_pb2.Retryable

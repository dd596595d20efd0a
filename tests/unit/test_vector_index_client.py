"""``PreviewVectorIndexClientAsync`` against canned replies: the exact bytes each call sends (checked against
google.protobuf), which endpoint and headers it uses, how replies (current and legacy shapes) and statuses map to
responses; and the request types on their own (items, metadata, filters in class and operator form)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from google.protobuf.message import Message

from momento_web import CredentialProvider, PreviewVectorIndexClientAsync, VectorIndexConfigurations
from momento_web.errors import InvalidArgumentException, MomentoErrorCode
from momento_web.internal.services import Service
from momento_web.requests.vector_index import ALL_METADATA, Field, Item, SimilarityMetric
from momento_web.requests.vector_index import filters as F
from momento_web.responses.mixins import ErrorResponseMixin
from momento_web.responses.vector_index import (
    CountItems,
    CreateIndex,
    DeleteIndex,
    DeleteItemBatch,
    GetItemBatch,
    GetItemMetadataBatch,
    IndexInfo,
    ListIndexes,
    Search,
    SearchAndFetchVectors,
    SearchAndFetchVectorsHit,
    SearchHit,
    UpsertItemBatch,
)
from momento_web.transport import HttpRequest, HttpResponse
from momento_web.wire.credentials import credential_string
from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
from momento_web.wire.status import StatusCode
from tests.protobuf_oracle import controlclient_pb2 as control_pb
from tests.protobuf_oracle import vectorindex_pb2 as pb
from tests.unit.fakes import sent_payload

Call = Callable[[PreviewVectorIndexClientAsync], Awaitable[object]]
LOCAL = CredentialProvider.for_momento_local("127.0.0.1", 8080)
V1_KEY = base64.b64encode(json.dumps({"endpoint": "cell.momentohq.com", "api_key": "the-key"}).encode()).decode()


@dataclass
class _Reply:
    body: bytes
    headers: Mapping[str, str]
    status: int = 200

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        yield self.body

    async def aclose(self) -> None:
        pass


@dataclass
class CannedTransport:
    """Answers every request with ``reply`` (sent with OK) or, if ``status`` is set, with that status as a
    trailers-only error; records the requests."""

    reply: Message | None = None
    status: StatusCode | None = None
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        content_type = {"content-type": "application/grpc-web+proto"}
        if self.status is not None:
            return _Reply(b"", {**content_type, **status_metadata(self.status, "refused")})
        message = b"" if self.reply is None else self.reply.SerializeToString()
        body = encode_frame(message, text=False) + encode_trailers(status_metadata(StatusCode.OK), text=False)
        return _Reply(body, content_type)

    async def aclose(self) -> None:
        pass


def _client(transport: CannedTransport, credentials: CredentialProvider = LOCAL) -> PreviewVectorIndexClientAsync:
    config = VectorIndexConfigurations.Default.latest().with_transport_factory(lambda: transport)
    return PreviewVectorIndexClientAsync(config, credentials)


async def _sent(call: Call, reply: Message | None = None) -> tuple[HttpRequest, object]:
    transport = CannedTransport(reply)
    async with _client(transport) as client:
        response = await call(client)
    (request,) = transport.requests
    return request, response


# --- what goes on the wire --------------------------------------------------------------------------------------

METRICS: list[tuple[SimilarityMetric, Any]] = [
    (SimilarityMetric.COSINE_SIMILARITY, {"cosine_similarity": {}}),
    (SimilarityMetric.INNER_PRODUCT, {"inner_product": {}}),
    (SimilarityMetric.EUCLIDEAN_SIMILARITY, {"euclidean_similarity": {}}),
]


@pytest.mark.parametrize(("metric", "wire"), METRICS)
async def test_create_index_sends_the_metric_as_an_empty_oneof_member(metric: SimilarityMetric, wire: Any) -> None:
    request, response = await _sent(lambda c: c.create_index("idx", 384, metric), control_pb._CreateIndexResponse())
    assert response == CreateIndex.Success()
    assert request.url == "http://127.0.0.1:8080/control_client.ScsControl/CreateIndex"
    expected = control_pb._CreateIndexRequest(index_name="idx", num_dimensions=384, similarity_metric=wire)
    assert sent_payload(request) == expected.SerializeToString()
    assert request.headers["grpc-timeout"] == "60000m"  # control calls get a fixed minute


async def test_create_index_defaults_to_cosine() -> None:
    request, _ = await _sent(lambda c: c.create_index("idx", 2), control_pb._CreateIndexResponse())
    parsed = control_pb._CreateIndexRequest.FromString(sent_payload(request))
    assert parsed.similarity_metric.WhichOneof("similarity_metric") == "cosine_similarity"


ITEMS = [
    Item("a", [1, -2.5, 0.0], {"s": "x", "i": 7, "d": 0.5, "b": False, "l": ["p", "q"], "e": []}),
    Item("b", [0.0, 0.0, 0.0]),
]
ITEMS_ON_THE_WIRE: list[Any] = [
    {
        "id": "a",
        "vector": {"elements": [1.0, -2.5, 0.0]},
        "metadata": [
            {"field": "s", "string_value": "x"},
            {"field": "i", "integer_value": 7},
            {"field": "d", "double_value": 0.5},
            {"field": "b", "boolean_value": False},  # a oneof member at its default is still sent
            {"field": "l", "list_of_strings_value": {"values": ["p", "q"]}},
            {"field": "e", "list_of_strings_value": {}},
        ],
    },
    {"id": "b", "vector": {"elements": [0.0, 0.0, 0.0]}},
]
ALL: Any = {"all": {}}
NONE: Any = {"some": {"fields": []}}
NO_THRESHOLD: Any = {"no_score_threshold": {}}
DATA_CASES: list[tuple[str, Call, str, Message]] = [
    ("count", lambda c: c.count_items("idx"), "CountItems", pb._CountItemsRequest(index_name="idx", all={})),
    (
        "upsert",
        lambda c: c.upsert_item_batch("idx", ITEMS),
        "UpsertItemBatch",
        pb._UpsertItemBatchRequest(index_name="idx", items=ITEMS_ON_THE_WIRE),
    ),
    (
        "delete ids",
        lambda c: c.delete_item_batch("idx", ["x", "y"]),
        "DeleteItemBatch",
        pb._DeleteItemBatchRequest(index_name="idx", filter={"id_in_set_expression": {"ids": ["x", "y"]}}),
    ),
    (
        "delete filter",
        lambda c: c.delete_item_batch("idx", Field("n") >= 2),
        "DeleteItemBatch",
        pb._DeleteItemBatchRequest(
            index_name="idx", filter={"greater_than_or_equal_expression": {"field": "n", "integer_value": 2}}
        ),
    ),
    (
        "search defaults",
        lambda c: c.search("idx", [1.0, 2.0]),
        "Search",
        pb._SearchRequest(
            index_name="idx", top_k=10, query_vector={"elements": [1.0, 2.0]}, metadata_fields=NONE, **NO_THRESHOLD
        ),
    ),
    (
        "search everything",
        lambda c: c.search(
            "idx", [1, 2], top_k=3, metadata_fields=ALL_METADATA, score_threshold=0.0, filter=Field("ok")
        ),
        "Search",
        pb._SearchRequest(
            index_name="idx",
            top_k=3,
            query_vector={"elements": [1.0, 2.0]},
            metadata_fields=ALL,
            score_threshold=0.0,  # sent although it is the default
            filter={"equals_expression": {"field": "ok", "boolean_value": True}},
        ),
    ),
    (
        "search and fetch vectors",
        lambda c: c.search_and_fetch_vectors("idx", [0.5], metadata_fields=["k", "j"], score_threshold=2),
        "SearchAndFetchVectors",
        pb._SearchAndFetchVectorsRequest(
            index_name="idx",
            top_k=10,
            query_vector={"elements": [0.5]},
            metadata_fields={"some": {"fields": ["k", "j"]}},
            score_threshold=2.0,
        ),
    ),
    (
        "get items",
        lambda c: c.get_item_batch("idx", ["x"]),
        "GetItemBatch",
        pb._GetItemBatchRequest(index_name="idx", filter={"id_in_set_expression": {"ids": ["x"]}}, metadata_fields=ALL),
    ),
    (
        "get metadata",
        lambda c: c.get_item_metadata_batch("idx", ["x", "y"]),
        "GetItemMetadataBatch",
        pb._GetItemMetadataBatchRequest(
            index_name="idx", filter={"id_in_set_expression": {"ids": ["x", "y"]}}, metadata_fields=ALL
        ),
    ),
]


@pytest.mark.parametrize(("case", "call", "rpc", "expected"), DATA_CASES, ids=[case[0] for case in DATA_CASES])
async def test_data_calls_send_exactly_what_google_protobuf_encodes(
    case: str, call: Call, rpc: str, expected: Message
) -> None:
    request, _ = await _sent(call)
    assert request.url == f"http://127.0.0.1:8080/vectorindex.VectorIndex/{rpc}"
    assert sent_payload(request) == expected.SerializeToString()
    assert "cache" not in request.headers  # the index is named in the body
    assert request.headers["grpc-timeout"] == "120000m"  # VectorIndexConfigurations.Default


async def test_calls_with_no_ids_answer_without_a_request() -> None:
    transport = CannedTransport()
    async with _client(transport) as client:
        assert await client.delete_item_batch("idx", []) == DeleteItemBatch.Success()
        assert await client.get_item_batch("idx", []) == GetItemBatch.Success({})
        assert await client.get_item_metadata_batch("idx", ()) == GetItemMetadataBatch.Success({})  # type: ignore[arg-type]
    assert transport.requests == []


async def test_a_credential_sends_authorization_and_data_goes_to_the_vector_host() -> None:
    transport = CannedTransport(pb._CountItemsResponse(item_count=3))
    async with _client(transport, CredentialProvider.from_disposable_token(V1_KEY)) as client:
        assert await client.count_items("idx") == CountItems.Success(3)
        assert await client.count_items("idx") == CountItems.Success(3)
        await client.list_indexes()
    first, again, control = transport.requests
    assert first.url == "https://web.vector.cell.momentohq.com/vectorindex.VectorIndex/CountItems"
    assert control.url == "https://web.control.cell.momentohq.com/control_client.ScsControl/ListIndexes"
    for request in transport.requests:
        assert request.headers["authorization"] == "the-key"
    assert first.headers["agent"].startswith("python-web:vector:")
    assert "agent" not in again.headers


def test_the_vector_endpoint_follows_the_credential() -> None:
    derived = CredentialProvider.from_disposable_token(V1_KEY)
    assert derived.vector_endpoint == "vector.cell.momentohq.com"
    assert derived.vector_url == "https://web.vector.cell.momentohq.com"
    overridden = CredentialProvider.from_disposable_token(V1_KEY, cache_endpoint="cache.example.test:9001")
    assert overridden.vector_url == "https://cache.example.test:9001"
    assert LOCAL.vector_url == "http://127.0.0.1:8080"
    emulator_token = CredentialProvider.from_disposable_token(credential_string("http://127.0.0.1:9/", "k"))
    assert emulator_token.vector_url == "http://127.0.0.1:9"
    claims = base64.urlsafe_b64encode(json.dumps({"c": "cache-host.example", "cp": "control-host.example"}).encode())
    legacy_jwt = f"eyJhbGciOiJIUzI1NiJ9.{claims.decode().rstrip('=')}.signature"
    assert CredentialProvider.from_disposable_token(legacy_jwt).vector_endpoint == "cache-host.example"  # claim c


# --- replies ------------------------------------------------------------------------------------------------------


async def test_list_indexes_maps_each_metric_and_refuses_an_unknown_one() -> None:
    reply = control_pb._ListIndexesResponse(
        indexes=[
            {"index_name": "a", "num_dimensions": 2, "similarity_metric": {"inner_product": {}}},
            {"index_name": "b", "num_dimensions": 3, "similarity_metric": {"euclidean_similarity": {}}},
            {"index_name": "c", "num_dimensions": 4, "similarity_metric": {"cosine_similarity": {}}},
        ]
    )
    _, response = await _sent(lambda c: c.list_indexes(), reply)
    assert response == ListIndexes.Success(
        [
            IndexInfo("a", 2, SimilarityMetric.INNER_PRODUCT),
            IndexInfo("b", 3, SimilarityMetric.EUCLIDEAN_SIMILARITY),
            IndexInfo("c", 4, SimilarityMetric.COSINE_SIMILARITY),
        ]
    )
    _, unknown = await _sent(lambda c: c.list_indexes(), control_pb._ListIndexesResponse(indexes=[{"index_name": "x"}]))
    assert isinstance(unknown, ListIndexes.Error)
    assert unknown.error_code is MomentoErrorCode.UNKNOWN_ERROR


async def test_search_replies_become_hits_with_typed_metadata() -> None:
    hit = {
        "id": "h",
        "score": 0.5,
        "metadata": [{"field": "n", "integer_value": 3}, {"field": "t", "boolean_value": True}],
    }
    _, search = await _sent(lambda c: c.search("idx", [1.0]), pb._SearchResponse(hits=[hit, {"id": "g"}]))
    assert search == Search.Success([SearchHit(0.5, "h", {"n": 3, "t": True}), SearchHit(0.0, "g")])
    reply = pb._SearchAndFetchVectorsResponse(hits=[{**hit, "vector": {"elements": [0.25, -1.0]}}])
    _, fetched = await _sent(lambda c: c.search_and_fetch_vectors("idx", [1.0]), reply)
    assert fetched == SearchAndFetchVectors.Success(
        [SearchAndFetchVectorsHit(0.5, "h", [0.25, -1.0], {"n": 3, "t": True})]
    )


async def test_batch_reads_accept_the_flat_fields_and_the_legacy_hit_and_miss_shapes() -> None:
    items = pb._GetItemBatchResponse(
        item_response=[
            {"id": "flat", "vector": {"elements": [1.0]}, "metadata": [{"field": "k", "string_value": "v"}]},
            {"hit": {"id": "legacy", "vector": {"elements": [2.0]}}},
            {"miss": {}},
        ]
    )
    _, got = await _sent(lambda c: c.get_item_batch("idx", ["flat", "legacy", "gone"]), items)
    assert got == GetItemBatch.Success({"flat": Item("flat", [1.0], {"k": "v"}), "legacy": Item("legacy", [2.0])})
    metadata = pb._GetItemMetadataBatchResponse(
        item_metadata_response=[
            {"id": "flat", "metadata": [{"field": "l", "list_of_strings_value": {"values": ["x"]}}]},
            {"hit": {"id": "legacy", "metadata": [{"field": "d", "double_value": 1.5}]}},
            {"miss": {}},
        ]
    )
    _, got_metadata = await _sent(lambda c: c.get_item_metadata_batch("idx", ["flat", "legacy", "gone"]), metadata)
    assert got_metadata == GetItemMetadataBatch.Success({"flat": {"l": ["x"]}, "legacy": {"d": 1.5}})


@pytest.mark.parametrize(
    ("status", "call", "expected"),
    [
        (StatusCode.ALREADY_EXISTS, lambda c: c.create_index("idx", 2), CreateIndex.IndexAlreadyExists()),
        (StatusCode.NOT_FOUND, lambda c: c.delete_index("idx"), MomentoErrorCode.NOT_FOUND_ERROR),
        (StatusCode.NOT_FOUND, lambda c: c.search("idx", [1.0]), MomentoErrorCode.NOT_FOUND_ERROR),
        (
            StatusCode.INVALID_ARGUMENT,
            lambda c: c.upsert_item_batch("idx", ITEMS),
            MomentoErrorCode.INVALID_ARGUMENT_ERROR,
        ),
        (StatusCode.PERMISSION_DENIED, lambda c: c.count_items("idx"), MomentoErrorCode.PERMISSION_ERROR),
    ],
)
async def test_statuses_become_responses(status: StatusCode, call: Call, expected: object) -> None:
    transport = CannedTransport(status=status)
    async with _client(transport) as client:
        response = await call(client)
    if isinstance(expected, MomentoErrorCode):
        assert isinstance(response, ErrorResponseMixin)
        assert response.error_code is expected
        assert response.inner_exception.service is Service.INDEX  # messages name the index, not the cache
    else:
        assert response == expected


async def test_delete_index_and_upsert_succeed_on_empty_replies() -> None:
    _, deleted = await _sent(lambda c: c.delete_index("idx"), control_pb._DeleteIndexResponse())
    assert deleted == DeleteIndex.Success()
    _, upserted = await _sent(lambda c: c.upsert_item_batch("idx", []), pb._UpsertItemBatchResponse())
    assert upserted == UpsertItemBatch.Success()


# --- request types --------------------------------------------------------------------------------------------------

OPERATOR_FORMS: list[tuple[Any, Any]] = [
    (Field("s") == "x", F.Equals("s", "x")),
    (Field("s") != "x", F.Not(F.Equals("s", "x"))),
    (Field("n") > 1, F.GreaterThan("n", 1)),
    (Field("n") >= 1.5, F.GreaterThanOrEqual("n", 1.5)),
    (Field("n") < 1, F.LessThan("n", 1)),
    (Field("n") <= 1, F.LessThanOrEqual("n", 1)),
    (Field("l").list_contains("x"), F.ListContains("l", "x")),
    (~Field("b"), F.Equals("b", False)),
    (~F.Equals("b", True), F.Not(F.Equals("b", True))),
    (F.Equals("a", 1) & F.Equals("b", 2), F.And(F.Equals("a", 1), F.Equals("b", 2))),
    (F.Equals("a", 1) | F.Equals("b", 2), F.Or(F.Equals("a", 1), F.Equals("b", 2))),
    (Field("b") & (Field("n") > 1), F.And(F.Equals("b", True), F.GreaterThan("n", 1))),
    (Field("b") | F.IdInSet(["z"]), F.Or(F.Equals("b", True), F.IdInSet(["z"]))),
]


@pytest.mark.parametrize(("built", "expected"), OPERATOR_FORMS)
def test_operator_forms_build_the_filter_classes(built: Any, expected: Any) -> None:
    assert built == expected
    assert built.to_filter_expression_proto() == expected.to_filter_expression_proto()


@pytest.mark.parametrize(
    ("expression", "wire"),
    [
        (F.Equals("f", "s"), {"equals_expression": {"field": "f", "string_value": "s"}}),
        (F.Equals("f", 0), {"equals_expression": {"field": "f", "integer_value": 0}}),
        (F.Equals("f", 0.0), {"equals_expression": {"field": "f", "float_value": 0.0}}),
        (F.Equals("f", False), {"equals_expression": {"field": "f", "boolean_value": False}}),
        (F.GreaterThan("f", 2**63 - 1), {"greater_than_expression": {"field": "f", "integer_value": 2**63 - 1}}),
        (F.LessThanOrEqual("f", -0.5), {"less_than_or_equal_expression": {"field": "f", "float_value": -0.5}}),
        (F.ListContains("f", ""), {"list_contains_expression": {"field": "f", "string_value": ""}}),
        (F.IdInSet({"b", "a"}), {"id_in_set_expression": {"ids": ["a", "b"]}}),  # a set is sent sorted
        (F.IdInSet(["b", "a"]), {"id_in_set_expression": {"ids": ["b", "a"]}}),
        (Field("ok"), {"equals_expression": {"field": "ok", "boolean_value": True}}),
        (
            F.Not(F.And(F.IdInSet([]), F.Or(Field("x"), ~Field("y")))),
            {
                "not_expression": {
                    "expression_to_negate": {
                        "and_expression": {
                            "first_expression": {"id_in_set_expression": {}},
                            "second_expression": {
                                "or_expression": {
                                    "first_expression": {"equals_expression": {"field": "x", "boolean_value": True}},
                                    "second_expression": {"equals_expression": {"field": "y", "boolean_value": False}},
                                }
                            },
                        }
                    }
                }
            },
        ),
    ],
)
def test_filters_encode_as_google_protobuf_does(expression: Any, wire: Any) -> None:
    proto = expression.to_filter_expression_proto()
    assert proto.SerializeToString() == pb._FilterExpression(**wire).SerializeToString()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: F.Equals("f", [1]),  # type: ignore[arg-type]
            "Invalid type for value: <class 'list'> in equals expression. Must be one of str, int, float, bool.",
        ),
        (
            lambda: F.Equals("f", None),  # type: ignore[arg-type]
            "Invalid type for value: <class 'NoneType'> in equals expression. Must be one of str, int, float, bool.",
        ),
        (
            lambda: F.GreaterThan("f", "1"),  # type: ignore[arg-type]
            "Invalid type for value: <class 'str'> in greater than expression. Must be one of int, float.",
        ),
        (
            lambda: F.GreaterThanOrEqual("f", True),
            "Invalid type for value: <class 'bool'> in greater than or equal expression. Must be one of int, float.",
        ),
        (
            lambda: F.LessThan("f", None),  # type: ignore[arg-type]
            "Invalid type for value: <class 'NoneType'> in less than expression. Must be one of int, float.",
        ),
        (
            lambda: F.LessThanOrEqual("f", [1]),  # type: ignore[arg-type]
            "Invalid type for value: <class 'list'> in less than or equal expression. Must be one of int, float.",
        ),
        (
            lambda: F.ListContains("f", 1),  # type: ignore[arg-type]
            "Invalid type for value: <class 'int'> in list contains expression. Must be str.",
        ),
        (lambda: F.IdInSet("ab"), "IdInSet ids must be a list of strings. Given type: <class 'str'>"),
        (
            lambda: F.Equals("f", 2**63),
            "Value of 'f' in equals expression must fit in a signed 64-bit integer; got 9223372036854775808",
        ),
        (lambda: F.LessThan("f", 1e39), "Value of 'f' in less than expression must fit in a 32-bit float; got 1e+39"),
        (
            lambda: F.Equals(1, "x"),  # type: ignore[arg-type]
            "Invalid type for field: <class 'int'> in equals expression. Must be str.",
        ),
    ],
)
def test_filters_refuse_values_the_wire_cannot_carry(build: Callable[[], Any], message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        build().to_filter_expression_proto()
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            Item("id", [1.0], {"key": None}),  # type: ignore[dict-item]
            "Metadata values must be either str, int, float, bool, or list[str]. Field 'key' has a value of type "
            "<class 'NoneType'> with value None.",
        ),
        (
            Item("id", [1.0], {"key": ["a", 1]}),  # type: ignore[list-item]
            "Metadata values must be either str, int, float, bool, or list[str]. Field 'key' has a value of type "
            "<class 'list'> with value ['a', 1].",
        ),
        (
            Item("id", [1.0], {"big": 2**64}),
            "Metadata field 'big' must fit in a signed 64-bit integer; got 18446744073709551616",
        ),
        (Item("id", [1.0], {1: "x"}), "Metadata field names must be strings. Given type: <class 'int'>"),  # type: ignore[dict-item]
        (Item(1, [1.0]), "Item id must be a string. Given type: <class 'int'>"),  # type: ignore[arg-type]
        (Item("id", "12"), "Item vector must be a list of numbers. Given type: <class 'str'>"),  # type: ignore[arg-type]
        (
            Item("id", [1.0, True]),
            "Item vector must contain only numbers (int or float). Given element type: <class 'bool'>",
        ),
        (Item("id", [1e39]), "Item vector elements must fit in a 32-bit float; got 1e+39"),
    ],
)
def test_items_refuse_what_the_wire_cannot_carry(item: Item, message: str) -> None:
    with pytest.raises(InvalidArgumentException) as raised:
        item.to_proto()
    assert raised.value.message == message


def test_items_compare_by_value_and_default_to_no_metadata() -> None:
    assert Item("a", [1.0]) == Item("a", [1.0], {}) == Item("a", [1.0], None)
    assert Item("a", [1.0]) != Item("a", [2.0])
    assert repr(Item("a", [1.0], {"k": 1})) == "Item(id='a', vector=[1.0], metadata={'k': 1})"
    assert SearchHit(1.0, "a") == SearchHit(score=1.0, id="a", metadata=None)  # type: ignore[arg-type]
    assert SearchHit(1.0, "a") != SearchAndFetchVectorsHit(1.0, "a", [])
    assert len({SearchHit(1.0, "a", {"k": 1}), SearchHit(1.0, "a", {"k": 1})}) == 1


def test_similarity_metrics_and_all_metadata_are_momentos() -> None:
    assert [metric.value for metric in SimilarityMetric] == [
        "EUCLIDEAN_SIMILARITY",
        "INNER_PRODUCT",
        "COSINE_SIMILARITY",
    ]
    assert type(ALL_METADATA)() == ALL_METADATA


async def test_wrong_argument_types_are_errors_not_exceptions() -> None:
    transport = CannedTransport()
    async with _client(transport) as client:
        responses = [
            await client.create_index("i", 2, "COSINE_SIMILARITY"),  # type: ignore[arg-type]
            await client.upsert_item_batch("i", [("a", [1.0])]),  # type: ignore[list-item]
            await client.search("i", "1.0"),  # type: ignore[arg-type]
            await client.search("i", [1.0], metadata_fields="k"),  # type: ignore[arg-type]
            await client.search("i", [1.0], score_threshold="0"),  # type: ignore[arg-type]
            await client.search("i", [1.0], filter="k == 1"),  # type: ignore[arg-type]
            await client.delete_item_batch("i", "id"),  # type: ignore[arg-type]
            await client.get_item_batch("i", [1]),  # type: ignore[list-item]
        ]
    assert transport.requests == []
    for response in responses:
        assert isinstance(response, ErrorResponseMixin)
        assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR, response

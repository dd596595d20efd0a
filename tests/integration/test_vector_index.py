"""PreviewVectorIndexClientAsync (and the sync client) against the real emulator: every method, every similarity
metric with its scores and threshold direction, every filter operator in class and operator form, metadata of
every type, the errors Momento answers with and the client's validation messages."""

from __future__ import annotations

import math
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from momento_web import (
    AuthClientAsync,
    CredentialProvider,
    PreviewVectorIndexClient,
    PreviewVectorIndexClientAsync,
    VectorIndexConfigurations,
)
from momento_web.auth.access_control import DisposableTokenScopes, PermissionScopes
from momento_web.config import WireFormat
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.requests.vector_index import ALL_METADATA, Field, FilterExpression, Item, Metadata, SimilarityMetric
from momento_web.requests.vector_index import filters as F
from momento_web.responses import GenerateDisposableToken
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
from momento_web.utilities import ExpiresIn
from tests.conftest import AuthEmulator, LocalServer

Client = PreviewVectorIndexClientAsync
SQUARE = [
    Item("test_item_1", [1.0, 1.0]),
    Item("test_item_2", [-1.0, 1.0]),
    Item("test_item_3", [-1.0, -1.0]),
]


def _local(server: LocalServer) -> CredentialProvider:
    return CredentialProvider.for_momento_local(server.host, server.port)


def _name() -> str:
    return f"vectors-{uuid.uuid4().hex[:10]}"


@pytest.fixture(params=[WireFormat.TEXT, WireFormat.BINARY], ids=["text", "binary"])
async def client(request: pytest.FixtureRequest, emulator: LocalServer) -> AsyncIterator[Client]:
    config = VectorIndexConfigurations.Default.latest().with_wire_format(request.param)
    async with PreviewVectorIndexClientAsync(config, _local(emulator)) as client:
        yield client


@pytest.fixture
async def text_client(emulator: LocalServer) -> AsyncIterator[Client]:
    async with PreviewVectorIndexClientAsync(VectorIndexConfigurations.Default.latest(), _local(emulator)) as client:
        yield client


async def _index(client: Client, metric: SimilarityMetric, items: list[Item], dimensions: int = 2) -> str:
    name = _name()
    assert await client.create_index(name, dimensions, metric) == CreateIndex.Success()
    assert await client.upsert_item_batch(name, items) == UpsertItemBatch.Success()
    return name


def _error(response: object, code: MomentoErrorCode) -> ErrorResponseMixin:
    assert isinstance(response, ErrorResponseMixin), response
    assert response.error_code is code, response
    return response


# --- indexes ------------------------------------------------------------------------------------------------------


async def test_indexes_are_created_listed_and_deleted(client: Client) -> None:
    names = {metric: _name() for metric in SimilarityMetric}
    for metric, name in names.items():
        assert await client.create_index(name, 3, metric) == CreateIndex.Success()
        assert await client.create_index(name, 5, SimilarityMetric.INNER_PRODUCT) == CreateIndex.IndexAlreadyExists()
    listed = await client.list_indexes()
    assert isinstance(listed, ListIndexes.Success)
    for metric, name in names.items():
        assert IndexInfo(name, 3, metric) in listed.indexes  # the first creation stands
    for name in names.values():
        assert await client.delete_index(name) == DeleteIndex.Success()
        error = _error(await client.delete_index(name), MomentoErrorCode.NOT_FOUND_ERROR)
        assert error.message.startswith("A index with the specified name does not exist")
    listed = await client.list_indexes()
    assert isinstance(listed, ListIndexes.Success)
    assert not set(names.values()) & {index.name for index in listed.indexes}


async def test_the_default_metric_is_cosine(client: Client) -> None:
    name = _name()
    assert await client.create_index(name, 2) == CreateIndex.Success()
    listed = await client.list_indexes()
    assert isinstance(listed, ListIndexes.Success)
    assert IndexInfo(name, 2, SimilarityMetric.COSINE_SIMILARITY) in listed.indexes


async def test_every_data_call_on_an_unknown_index_is_not_found(client: Client) -> None:
    name = _name()
    for response in [
        await client.count_items(name),
        await client.upsert_item_batch(name, SQUARE),
        await client.delete_item_batch(name, ["a"]),
        await client.search(name, [1.0, 2.0]),
        await client.search_and_fetch_vectors(name, [1.0, 2.0]),
        await client.get_item_batch(name, ["a"]),
        await client.get_item_metadata_batch(name, ["a"]),
    ]:
        _error(response, MomentoErrorCode.NOT_FOUND_ERROR)


# --- scores and thresholds ------------------------------------------------------------------------------------------

SCORES = [
    (SimilarityMetric.COSINE_SIMILARITY, [2.0, 2.0], [1.0, 0.0, -1.0]),
    (SimilarityMetric.INNER_PRODUCT, [2.0, 2.0], [4.0, 0.0, -4.0]),
    (SimilarityMetric.EUCLIDEAN_SIMILARITY, [1.0, 1.0], [0.0, 4.0, 8.0]),  # squared distances, lowest first
]


@pytest.mark.parametrize(("metric", "query", "scores"), SCORES)
async def test_each_metric_scores_and_ranks_its_hits(
    client: Client, metric: SimilarityMetric, query: list[float], scores: list[float]
) -> None:
    name = await _index(client, metric, SQUARE)
    ids = ["test_item_1", "test_item_2", "test_item_3"]
    assert await client.search(name, query, top_k=3) == Search.Success(
        [SearchHit(score, item_id) for item_id, score in zip(ids, scores, strict=True)]
    )
    assert await client.search_and_fetch_vectors(name, query, top_k=3) == SearchAndFetchVectors.Success(
        [SearchAndFetchVectorsHit(score, item.id, item.vector) for item, score in zip(SQUARE, scores, strict=True)]
    )
    assert await client.search(name, query, top_k=1) == Search.Success([SearchHit(scores[0], ids[0])])


@pytest.mark.parametrize(
    ("metric", "scores", "thresholds"),
    [
        (SimilarityMetric.COSINE_SIMILARITY, [1.0, 0.0, -1.0], [0.5, -1.01, 1.0]),
        (SimilarityMetric.INNER_PRODUCT, [4.0, 0.0, -4.0], [0.0, -4.01, 4.0]),
        (SimilarityMetric.EUCLIDEAN_SIMILARITY, [2.0, 10.0, 18.0], [3.0, 20.0, -0.01]),
    ],
)
@pytest.mark.parametrize("method", ["search", "search_and_fetch_vectors"])
async def test_score_thresholds_keep_only_better_scores(
    client: Client, metric: SimilarityMetric, scores: list[float], thresholds: list[float], method: str
) -> None:
    name = await _index(client, metric, SQUARE)
    search: Callable[..., Awaitable[Any]] = getattr(client, method)
    best, everything, nothing = [await search(name, [2.0, 2.0], top_k=3, score_threshold=t) for t in thresholds]
    assert [(hit.id, hit.score) for hit in best.hits] == [("test_item_1", scores[0])]
    assert [hit.score for hit in everything.hits] == scores
    assert nothing.hits == []


async def test_top_k_defaults_to_ten_and_ties_are_ordered_by_id(client: Client) -> None:
    items = [Item(f"item-{n:02d}", [float(n % 3), 1.0]) for n in range(15)]
    name = await _index(client, SimilarityMetric.INNER_PRODUCT, items)
    response = await client.search(name, [1.0, 0.0])
    assert isinstance(response, Search.Success)
    assert len(response.hits) == 10
    # Scores 2, 1, 0 (five items each): best first, equal scores by id.
    expected = sorted(items, key=lambda item: (-item.vector[0], item.id))[:10]
    assert [(hit.id, hit.score) for hit in response.hits] == [(item.id, item.vector[0]) for item in expected]


# --- items and metadata -----------------------------------------------------------------------------------------------

DIVERSE: Metadata = {
    "string": "välue ✓",
    "empty string": "",
    "int": 1,
    "int64 min": -(2**63),
    "int64 max": 2**63 - 1,
    "double": 3.14,
    "whole double": 2.0,
    "true": True,
    "false": False,
    "list": ["a", "b", "c"],
    "empty list": [],
}


async def test_metadata_of_every_type_round_trips(client: Client) -> None:
    name = await _index(client, SimilarityMetric.INNER_PRODUCT, [Item("diverse", [1.0, 2.0], DIVERSE)])
    got = await client.get_item_batch(name, ["diverse"])
    assert got == GetItemBatch.Success({"diverse": Item("diverse", [1.0, 2.0], DIVERSE)})
    assert isinstance(got, GetItemBatch.Success)
    for key, value in got.values["diverse"].metadata.items():
        assert type(value) is type(DIVERSE[key]), key  # 2.0 stays a float, True a bool
    hits = await client.search(name, [1.0, 2.0], metadata_fields=ALL_METADATA)
    assert hits == Search.Success([SearchHit(5.0, "diverse", DIVERSE)])


async def test_metadata_fields_choose_what_hits_carry(client: Client) -> None:
    items = [
        Item("test_item_1", [1.0, 2.0], {"key1": "value1"}),
        Item("test_item_2", [3.0, 4.0], {"key2": "value2"}),
        Item("test_item_3", [5.0, 6.0], {"key1": "value3", "key3": "value3"}),
    ]
    name = await _index(client, SimilarityMetric.INNER_PRODUCT, items)

    async def metadata(fields: Any) -> list[dict[str, Any]]:
        response = await client.search(name, [1.0, 2.0], top_k=3, metadata_fields=fields)
        assert isinstance(response, Search.Success)
        assert [hit.id for hit in response.hits] == ["test_item_3", "test_item_2", "test_item_1"]
        return [hit.metadata for hit in response.hits]

    assert await metadata(None) == [{}, {}, {}]
    assert await metadata(["key1"]) == [{"key1": "value3"}, {}, {"key1": "value1"}]
    everything = [{"key1": "value3", "key3": "value3"}, {"key2": "value2"}, {"key1": "value1"}]
    assert await metadata(["key1", "key2", "key3", "key4"]) == everything
    assert await metadata(ALL_METADATA) == everything


async def test_upsert_replaces_vector_and_metadata_and_the_last_duplicate_wins(client: Client) -> None:
    name = await _index(
        client,
        SimilarityMetric.INNER_PRODUCT,
        [Item("a", [1.0, 2.0], {"old": "x"}), Item("b", [3.0, 4.0]), Item("b", [7.0, 8.0], {"v": 2})],
    )
    assert await client.upsert_item_batch(name, [Item("a", [2.0, 4.0], {"new": 1})]) == UpsertItemBatch.Success()
    assert await client.count_items(name) == CountItems.Success(2)
    assert await client.search(name, [1.0, 2.0], metadata_fields=ALL_METADATA) == Search.Success(
        [SearchHit(23.0, "b", {"v": 2}), SearchHit(10.0, "a", {"new": 1})]
    )


async def test_batch_reads_return_found_ids_only(client: Client) -> None:
    items = [Item("test_item_1", [1.0, 1.0], {"key1": "value1"}), Item("test_item_2", [-1.0, 1.0])]
    name = await _index(client, SimilarityMetric.COSINE_SIMILARITY, items)
    assert await client.get_item_batch(name, []) == GetItemBatch.Success({})
    assert await client.get_item_metadata_batch(name, []) == GetItemMetadataBatch.Success({})
    assert await client.get_item_batch(name, ["missing"]) == GetItemBatch.Success({})
    wanted = ["test_item_1", "missing", "test_item_2", "test_item_1"]
    assert await client.get_item_batch(name, wanted) == GetItemBatch.Success(
        {"test_item_1": items[0], "test_item_2": Item("test_item_2", [-1.0, 1.0], {})}
    )
    assert await client.get_item_metadata_batch(name, wanted) == GetItemMetadataBatch.Success(
        {"test_item_1": {"key1": "value1"}, "test_item_2": {}}
    )


async def test_items_are_deleted_by_id_or_by_filter_and_counted(client: Client) -> None:
    items = [Item(f"test_item_{n}", [float(n), float(n)], {"key": f"value{n}"}) for n in range(1, 11)]
    name = await _index(client, SimilarityMetric.INNER_PRODUCT, items)
    assert await client.count_items(name) == CountItems.Success(10)
    assert await client.delete_item_batch(name, []) == DeleteItemBatch.Success()
    assert await client.delete_item_batch(name, ["test_item_1", "test_item_3", "never"]) == DeleteItemBatch.Success()
    assert await client.count_items(name) == CountItems.Success(8)
    by_filter = (Field("key") == "value2") | (Field("key") == "value4")
    assert await client.delete_item_batch(name, by_filter) == DeleteItemBatch.Success()
    response = await client.search(name, [1.0, 1.0], top_k=20)
    assert isinstance(response, Search.Success)
    assert sorted(hit.id for hit in response.hits) == sorted(f"test_item_{n}" for n in (5, 6, 7, 8, 9, 10))
    assert await client.delete_item_batch(name, F.IdInSet(["test_item_5"])) == DeleteItemBatch.Success()
    assert await client.count_items(name) == CountItems.Success(5)


# --- filters --------------------------------------------------------------------------------------------------------

FILTER_ITEMS = [
    Item("test_item_1", [1.0, 1.0], {"str": "value1", "int": 0, "float": 0.0, "bool": True, "tags": ["a", "b", "c"]}),
    Item("test_item_2", [-1.0, 1.0], {"str": "value2", "int": 5, "float": 5.0, "bool": False, "tags": ["a", "b"]}),
    Item("test_item_3", [-1.0, -1.0], {"str": "value3", "int": 10, "float": 10.0, "bool": True, "tags": ["a", "d"]}),
]
ONE, TWO, THREE = "test_item_1", "test_item_2", "test_item_3"
FILTERS: list[tuple[str, Any, list[str]]] = [
    ("string equality", F.Equals("str", "value1"), [ONE]),
    ("string equality, operator", Field("str") == "value1", [ONE]),
    ("string inequality", F.Not(F.Equals("str", "value1")), [TWO, THREE]),
    ("string inequality, operator", Field("str") != "value1", [TWO, THREE]),
    ("int equality", Field("int") == 0, [ONE]),
    ("float equality", F.Equals("float", 0.0), [ONE]),
    ("int field, float bound", Field("int") == 5.0, [TWO]),
    ("bool equality", F.Equals("bool", True), [ONE, THREE]),
    ("bare field", Field("bool"), [ONE, THREE]),
    ("inverted field", ~Field("bool"), [TWO]),
    ("inverted expression", ~F.Equals("bool", True), [TWO]),
    ("int greater than", F.GreaterThan("int", 5), [THREE]),
    ("int greater than, operator", Field("int") > 5, [THREE]),
    ("int greater than or equal", F.GreaterThanOrEqual("int", 5), [TWO, THREE]),
    ("int greater than or equal, operator", Field("int") >= 5, [TWO, THREE]),
    ("float greater than", Field("float") > 5.0, [THREE]),
    ("float greater than or equal", Field("float") >= 5.0, [TWO, THREE]),
    ("int less than", F.LessThan("int", 5), [ONE]),
    ("int less than, operator", Field("int") < 5, [ONE]),
    ("int less than or equal", F.LessThanOrEqual("int", 5), [ONE, TWO]),
    ("int less than or equal, operator", Field("int") <= 5, [ONE, TWO]),
    ("float less than", Field("float") < 5.0, [ONE]),
    ("float less than or equal", Field("float") <= 5.0, [ONE, TWO]),
    ("list contains a", F.ListContains("tags", "a"), [ONE, TWO, THREE]),
    ("list contains b, field form", Field("tags").list_contains("b"), [ONE, TWO]),
    ("list contains m", Field("tags").list_contains("m"), []),
    ("and", F.And(F.Equals("str", "value1"), F.Equals("int", 0)), [ONE]),
    ("and, operator", Field("tags").list_contains("b") & (Field("int") > 1), [TWO]),
    ("and, starting from a bare field", Field("bool") & (Field("int") > 1), [THREE]),
    ("or", F.Or(F.Equals("str", "value1"), F.Equals("int", 5)), [ONE, TWO]),
    ("or, operator", Field("tags").list_contains("b") | (Field("int") > 1), [ONE, TWO, THREE]),
    ("not of a compound", ~((Field("int") > 1) & Field("bool")), [ONE, TWO]),
    ("missing field compared", Field("nope") == "x", []),
    ("missing field negated", Field("nope") != "x", [ONE, TWO, THREE]),
    ("type mismatch", Field("str") == 1, []),
    ("id in empty set", F.IdInSet([]), []),
    ("id not there", F.IdInSet({"not there"}), []),
    ("id in set", F.IdInSet({THREE, ONE}), [ONE, THREE]),
]


@pytest.mark.parametrize(("case", "expression", "expected"), FILTERS, ids=[case for case, _, _ in FILTERS])
async def test_every_filter_operator_selects_what_it_says(
    text_client: Client, filter_index: str, case: str, expression: FilterExpression, expected: list[str]
) -> None:
    for method in (text_client.search, text_client.search_and_fetch_vectors):
        response = await method(filter_index, [2.0, 2.0], filter=expression)
        assert isinstance(response, Search.Success | SearchAndFetchVectors.Success), response
        assert [hit.id for hit in response.hits] == expected, case


@pytest.fixture(scope="module")
def filter_index(emulator: LocalServer) -> str:
    """One index for every filter case (inner product: test_item_1 scores 4, _2 scores 0, _3 scores -4)."""
    with PreviewVectorIndexClient(VectorIndexConfigurations.Default.latest(), _local(emulator)) as client:
        name = _name()
        assert client.create_index(name, 2, SimilarityMetric.INNER_PRODUCT) == CreateIndex.Success()
        assert client.upsert_item_batch(name, FILTER_ITEMS) == UpsertItemBatch.Success()
        return name


async def test_filters_and_thresholds_combine(text_client: Client, filter_index: str) -> None:
    response = await text_client.search(filter_index, [2.0, 2.0], score_threshold=-1.0, filter=Field("bool"))
    assert response == Search.Success([SearchHit(4.0, ONE)])


# --- errors and validation ------------------------------------------------------------------------------------------


async def test_vectors_of_the_wrong_dimension_are_refused_with_momentos_messages(client: Client) -> None:
    name = await _index(client, SimilarityMetric.INNER_PRODUCT, SQUARE)
    upsert = _error(
        await client.upsert_item_batch(name, [Item("ok", [1.0, 2.0]), Item("bad", [1.0, 2.0, 3.0])]),
        MomentoErrorCode.INVALID_ARGUMENT_ERROR,
    )
    detail = "invalid parameter: vector, vector dimension has to match the index's dimension"
    assert upsert.inner_exception.message == detail
    assert upsert.message == f"Invalid argument passed to Momento client: {detail}"
    assert await client.count_items(name) == CountItems.Success(3)  # all or nothing: "ok" was not written
    detail = "invalid parameter: query_vector, query vector dimension must match the index dimension"
    for method in (client.search, client.search_and_fetch_vectors):
        error = _error(await method(name, [1.0, 2.0, 3.0], top_k=2), MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        assert error.inner_exception.message == detail
        assert error.message == f"Invalid argument passed to Momento client: {detail}"


async def test_non_finite_numbers_are_refused_by_the_server(client: Client) -> None:
    name = await _index(client, SimilarityMetric.EUCLIDEAN_SIMILARITY, SQUARE)
    for bad in (math.nan, math.inf):
        upsert = _error(
            await client.upsert_item_batch(name, [Item("x", [bad, 1.0])]), MomentoErrorCode.INVALID_ARGUMENT_ERROR
        )
        assert upsert.inner_exception.message == "invalid parameter: vector, vector elements must be finite numbers"
        search = _error(await client.search(name, [1.0, bad]), MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        assert search.inner_exception.message.startswith("invalid parameter: query_vector")
    threshold = _error(
        await client.search(name, [1.0, 1.0], score_threshold=math.nan), MomentoErrorCode.INVALID_ARGUMENT_ERROR
    )
    assert threshold.inner_exception.message.startswith("invalid parameter: score_threshold")


async def test_the_client_validates_before_sending(client: Client) -> None:
    empty = "Vector index name must not be empty"
    for response in [
        await client.create_index("", 2),
        await client.delete_index(""),
        await client.count_items(""),
        await client.upsert_item_batch("", SQUARE),
        await client.delete_item_batch("", []),
        await client.search("", [1.0]),
        await client.search_and_fetch_vectors("", [1.0]),
        await client.get_item_batch("", ["a"]),
        await client.get_item_metadata_batch("", ["a"]),
    ]:
        assert _error(response, MomentoErrorCode.INVALID_ARGUMENT_ERROR).inner_exception.message == empty
    for dimensions in (0, -1, 1.5, True):
        response = await client.create_index(_name(), dimensions)  # type: ignore[arg-type]
        error = _error(response, MomentoErrorCode.INVALID_ARGUMENT_ERROR)
        assert error.inner_exception.message == "Number of dimensions must be a positive integer."
    for top_k in (0, -3):
        for method in (client.search, client.search_and_fetch_vectors):
            error = _error(await method("i", [1.0], top_k=top_k), MomentoErrorCode.INVALID_ARGUMENT_ERROR)
            assert error.inner_exception.message == "Top k must be a positive integer."
    bad_metadata = await client.upsert_item_batch("i", [Item("x", [1.0], {"key": {"subkey": "subvalue"}})])  # type: ignore[dict-item]
    assert _error(bad_metadata, MomentoErrorCode.INVALID_ARGUMENT_ERROR).message == (
        "Invalid argument passed to Momento client: Metadata values must be either str, int, float, bool, or "
        "list[str]. Field 'key' has a value of type <class 'dict'> with value {'subkey': 'subvalue'}."
    )
    bad_filter = await client.search("i", [1.0], filter=F.Equals("k", [1]))  # type: ignore[arg-type]
    assert _error(bad_filter, MomentoErrorCode.INVALID_ARGUMENT_ERROR).inner_exception.message == (
        "Invalid type for value: <class 'list'> in equals expression. Must be one of str, int, float, bool."
    )
    bad_range = await client.search("i", [1.0], filter=Field("k") > "a")  # type: ignore[operator]
    assert _error(bad_range, MomentoErrorCode.INVALID_ARGUMENT_ERROR).inner_exception.message == (
        "Invalid type for value: <class 'str'> in greater than expression. Must be one of int, float."
    )


# --- auth -----------------------------------------------------------------------------------------------------------


async def _every_operation(client: Client, name: str) -> list[object]:
    return [
        await client.create_index(f"{name}-new", 2),
        await client.list_indexes(),
        await client.count_items(name),
        await client.upsert_item_batch(name, SQUARE),
        await client.search(name, [1.0, 1.0]),
        await client.search_and_fetch_vectors(name, [1.0, 1.0]),
        await client.get_item_batch(name, ["test_item_1"]),
        await client.get_item_metadata_batch(name, ["test_item_1"]),
        await client.delete_item_batch(name, ["test_item_1"]),
        await client.delete_index(name),
    ]


async def test_in_strict_mode_only_super_users_may_use_indexes(auth_emulator: AuthEmulator) -> None:
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    config = VectorIndexConfigurations.Default.latest()
    async with PreviewVectorIndexClientAsync(config, super_user) as admin:
        name = await _index(admin, SimilarityMetric.INNER_PRODUCT, SQUARE)
        # No permission names an index: a token for a cache of the index's very name, or for all data, gets nothing.
        async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
            scoped = [
                await auth.generate_disposable_token(
                    DisposableTokenScopes.cache_read_write(name), ExpiresIn.minutes(5)
                ),
                await auth.generate_disposable_token(PermissionScopes.all_data_read_write(), ExpiresIn.minutes(5)),
            ]
        for token in scoped:
            assert isinstance(token, GenerateDisposableToken.Success), token
            credential = CredentialProvider.from_disposable_token(token.auth_token)
            async with PreviewVectorIndexClientAsync(config, credential) as client:
                for response in await _every_operation(client, name):
                    _error(response, MomentoErrorCode.PERMISSION_ERROR)
        anonymous = CredentialProvider.for_momento_local(auth_emulator.server.host, auth_emulator.server.port)
        async with PreviewVectorIndexClientAsync(config, anonymous) as client:
            for response in await _every_operation(client, name):
                _error(response, MomentoErrorCode.AUTHENTICATION_ERROR)
        assert await admin.count_items(name) == CountItems.Success(3)  # nobody changed anything


# --- the synchronous client ---------------------------------------------------------------------------------------


def test_the_synchronous_client_does_everything_the_async_one_does(emulator: LocalServer) -> None:
    name = _name()
    with PreviewVectorIndexClient(VectorIndexConfigurations.Default.latest(), _local(emulator)) as client:
        assert client.create_index(name, 2, SimilarityMetric.EUCLIDEAN_SIMILARITY) == CreateIndex.Success()
        listed = client.list_indexes()
        assert isinstance(listed, ListIndexes.Success)
        assert IndexInfo(name, 2, SimilarityMetric.EUCLIDEAN_SIMILARITY) in listed.indexes
        assert client.upsert_item_batch(name, SQUARE) == UpsertItemBatch.Success()
        assert client.count_items(name) == CountItems.Success(3)
        assert client.search(name, [1.0, 1.0], top_k=1) == Search.Success([SearchHit(0.0, "test_item_1")])
        assert client.search_and_fetch_vectors(name, [1.0, 1.0], top_k=1) == SearchAndFetchVectors.Success(
            [SearchAndFetchVectorsHit(0.0, "test_item_1", [1.0, 1.0])]
        )
        assert client.get_item_batch(name, ["test_item_2"]) == GetItemBatch.Success({"test_item_2": SQUARE[1]})
        assert client.get_item_metadata_batch(name, ["test_item_2"]) == GetItemMetadataBatch.Success(
            {"test_item_2": {}}
        )
        assert client.delete_item_batch(name, ["test_item_2"]) == DeleteItemBatch.Success()
        assert client.count_items(name) == CountItems.Success(2)
        assert client.delete_index(name) == DeleteIndex.Success()
    # A closed client answers with an Error value, never an exception.
    assert isinstance(client.count_items(name), CountItems.Error)

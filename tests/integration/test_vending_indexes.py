"""The vending machine's vector routes (``POST /vector/upsert``, ``POST /vector/search``): the JSON filters become
the SDK's own filter expressions, the index policy and malformed bodies are refused before any call (a recording
indexer shows what would have been called), then real calls through ``MomentoIndexer`` to a strict (``--auth``)
emulator — whose disposable tokens, by Momento's permission model, grant nothing on an index."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from momento_web_vending.app import create_app
from momento_web_vending.config import Settings, parse_settings
from momento_web_vending.cors import AllowedOrigins
from momento_web_vending.indexer import IndexCallFailed, MomentoIndexer, Upserted
from momento_web_vending.indexes import IndexPolicy, SearchRequest, UpsertRequest, parse_filter
from momento_web_vending.minter import Minted
from momento_web_vending.policy import BadRequest, Grant, Policy
from momento_web_vending.rate_limit import RateLimit

from momento_web import AuthClientAsync, CredentialProvider, PreviewVectorIndexClientAsync, VectorIndexConfigurations
from momento_web.auth.access_control import AllCaches, DisposableTokenScopes
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.requests.vector_index import ALL_METADATA, Field, Item, SimilarityMetric
from momento_web.requests.vector_index import filters as F
from momento_web.responses import GenerateDisposableToken
from momento_web.responses.vector_index import CountItems, CreateIndex, Search, SearchHit, UpsertItemBatch
from momento_web.utilities import ExpiresIn
from tests.conftest import AuthEmulator

ORIGIN = "http://app.example"
INDEX = "docs"
POLICY = Policy(caches=("c",), key_prefixes=("k-",))
INDEXES = IndexPolicy(names=(INDEX,), writes=True, max_dimensions=8, max_items=6, max_top_k=5)
SETTINGS = Settings(
    POLICY, AllowedOrigins((ORIGIN,)), RateLimit(60_000, 1000), indexes=INDEXES, vector_rate_limit=RateLimit(60, 3)
)


def items(*ids: str, dimensions: int = 3) -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "vector": [1.0] + [float(n)] * (dimensions - 1),
            "metadata": {"n": n, "kind": "even" if n % 2 else "odd"},
        }
        for n, i in enumerate(ids)
    ]


class NoMinter:
    async def mint(self, grant: Grant) -> Minted:
        return Minted("token", 1_900_000_000)

    async def aclose(self) -> None:
        pass


class RecordingIndexer:
    def __init__(self, fail: IndexCallFailed | None = None) -> None:
        self.calls: list[UpsertRequest | SearchRequest] = []
        self.fail = fail
        self.closed = False

    async def upsert(self, request: UpsertRequest, max_items: int) -> Upserted:
        self.calls.append(request)
        if self.fail:
            raise self.fail
        return Upserted(True, len(request.items), len(request.items))

    async def search(self, request: SearchRequest) -> list[SearchHit]:
        self.calls.append(request)
        if self.fail:
            raise self.fail
        return [SearchHit(0.5, "a", {"kind": "odd", "tags": ["x"], "n": 0, "f": 1.5, "b": True})]

    async def aclose(self) -> None:
        self.closed = True


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 5)), base_url="http://tvm")


@pytest.fixture
def indexer() -> RecordingIndexer:
    return RecordingIndexer()


@pytest.fixture
async def tvm(indexer: RecordingIndexer) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(POLICY, AllowedOrigins((ORIGIN,)), RateLimit(60_000, 1000), indexes=INDEXES)
    async with _client(create_app(settings, NoMinter(), indexer=indexer)) as client:
        yield client


# --- filters ----------------------------------------------------------------------------------------------------


def test_json_filters_become_the_sdks_filter_expressions() -> None:
    parsed = parse_filter(
        {
            "and": [
                {"equals": {"field": "category", "value": "space"}},
                {"greaterThanOrEqual": {"field": "year", "value": 2000}},
                {"lessThan": {"field": "score", "value": 2.5}},
            ]
        }
    )
    assert parsed == F.And(F.And(Field("category") == "space", Field("year") >= 2000), F.LessThan("score", 2.5))
    assert isinstance(parsed, F.And)
    assert isinstance(parsed.second_expression, F.LessThan)
    assert type(parsed.second_expression.value) is float
    assert parse_filter({"or": [{"listContains": {"field": "tags", "value": "mars"}}, {"idInSet": ["a", "b"]}]}) == (
        F.Or(F.ListContains("tags", "mars"), F.IdInSet(["a", "b"]))
    )
    assert parse_filter({"not": {"equals": {"field": "live", "value": True}}}) == F.Not(F.Equals("live", True))
    for name, cls in [("greaterThan", F.GreaterThan), ("lessThanOrEqual", F.LessThanOrEqual)]:
        assert parse_filter({name: {"field": "year", "value": 7}}) == cls("year", 7)
    # The wire form the SDK sends for it: the proto of the equivalent operator expression.
    expression = parse_filter({"equals": {"field": "year", "value": 1}})
    assert expression.to_filter_expression_proto() == (Field("year") == 1).to_filter_expression_proto()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"equal": {"field": "a", "value": 1}}, "unknown filter 'equal'"),
        ({"equals": {"field": "a", "value": 1}, "not": {}}, "exactly one key"),
        ({"equals": {"field": "", "value": 1}}, "equals.field must be a non-empty string"),
        ({"equals": {"field": "a", "value": None}}, "equals.value must be one of str, int, float, bool"),
        ({"greaterThan": {"field": "a", "value": "1"}}, "greaterThan.value must be one of int, float"),
        ({"greaterThan": {"field": "a", "value": True}}, "greaterThan.value must be one of int, float"),
        ({"lessThan": {"field": "a", "value": float("nan")}}, "lessThan.value must be a finite number"),
        ({"listContains": {"field": "a", "value": 1}}, "listContains.value must be one of str"),
        ({"equals": {"field": "a", "value": 1, "x": 2}}, "unknown field(s) ['x'] in equals"),
        ({"and": [{"idInSet": []}]}, "and must be a list of at least two filters"),
        ({"idInSet": [1]}, "idInSet must be a list of ids"),
        ({"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {
            "not": {"not": {"not": {"not": {"idInSet": []}}}}}}}}}}}}}}}}}}, "nested more than 16 deep"),
    ],
)  # fmt: skip
def test_malformed_filters_say_what_is_wrong(body: object, message: str) -> None:
    with pytest.raises(BadRequest, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        parse_filter(body)


# --- the routes against a recording indexer ---------------------------------------------------------------------


async def test_an_upsert_within_the_policy_reaches_the_indexer_as_sdk_items(
    tvm: httpx.AsyncClient, indexer: RecordingIndexer
) -> None:
    body = {"index": INDEX, "numDimensions": 3, "metric": "inner-product", "items": items("a", "b")}
    response = await tvm.post("/vector/upsert", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.json() == {"index": INDEX, "created": True, "upserted": 2, "itemCount": 2}
    (call,) = indexer.calls
    assert call == UpsertRequest(
        INDEX,
        3,
        SimilarityMetric.INNER_PRODUCT,
        [Item("a", [1.0, 0.0, 0.0], {"n": 0, "kind": "odd"}), Item("b", [1.0, 1.0, 1.0], {"n": 1, "kind": "even"})],
    )


async def test_a_search_reaches_the_indexer_with_its_filter_and_answers_hits_with_metadata(
    tvm: httpx.AsyncClient, indexer: RecordingIndexer
) -> None:
    body = {
        "index": INDEX,
        "queryVector": [1, 0.5, 0],
        "topK": 5,
        "scoreThreshold": 0.1,
        "filter": {"equals": {"field": "kind", "value": "odd"}},
    }
    response = await tvm.post("/vector/search", json=body)
    assert response.status_code == 200, response.text
    hit = {"id": "a", "score": 0.5, "metadata": {"kind": "odd", "tags": ["x"], "n": 0, "f": 1.5, "b": True}}
    assert response.json() == {"hits": [hit]}
    assert indexer.calls == [SearchRequest(INDEX, [1.0, 0.5, 0.0], 5, ALL_METADATA, 0.1, F.Equals("kind", "odd"))]
    await tvm.post("/vector/search", json={"index": INDEX, "queryVector": [1.0], "metadataFields": ["kind"]})
    assert indexer.calls[-1] == SearchRequest(INDEX, [1.0], 5, ["kind"])  # the SDK's default 10, within the policy


@pytest.mark.parametrize(
    ("route", "body", "message"),
    [
        ("upsert", {"index": "other", "numDimensions": 3, "items": items("a")}, "index 'other' is not allowed"),
        ("upsert", {"index": INDEX, "numDimensions": 9, "items": items("a", dimensions=9)}, "exceeds the maximum of 8"),
        (
            "upsert",
            {"index": INDEX, "numDimensions": 3, "items": items(*"abcdefg")},
            "7 items exceed the index maximum",
        ),
        ("search", {"index": "other", "queryVector": [1.0]}, "index 'other' is not allowed"),
        ("search", {"index": INDEX, "queryVector": [1.0], "topK": 6}, "topK 6 exceeds the maximum of 5"),
        ("search", {"index": INDEX, "queryVector": [1.0] * 9}, "exceeds the maximum of 8 dimensions"),
    ],
)
async def test_requests_outside_the_index_policy_are_refused_with_403(
    tvm: httpx.AsyncClient, indexer: RecordingIndexer, route: str, body: dict[str, Any], message: str
) -> None:
    response = await tvm.post(f"/vector/{route}", json=body)
    assert response.status_code == 403, response.text
    assert response.json()["error"] == "forbidden"
    assert message in response.json()["message"]
    assert indexer.calls == []


@pytest.mark.parametrize(
    ("route", "body", "message"),
    [
        ("upsert", [], "the body must be a JSON object"),
        ("upsert", {"index": INDEX, "numDimensions": 3, "items": []}, "items must be a list of 1 to"),
        ("upsert", {"index": INDEX, "numDimensions": 0, "items": items("a")}, "numDimensions must be a whole number"),
        ("upsert", {"index": INDEX, "numDimensions": 3, "items": items("a", "a")}, "distinct ids"),
        ("upsert", {"index": INDEX, "numDimensions": 2, "items": items("a")}, "has 3 elements, not numDimensions (2)"),
        ("upsert", {"index": INDEX, "numDimensions": 3, "metric": "dot", "items": items("a")}, "metric must be one of"),
        ("upsert", {"index": INDEX, "numDimensions": 1, "items": [{"id": "a", "vector": [1], "metadata": {"m": None}}]},
         "items[0].metadata['m'] must be a string, number, boolean or list of strings"),
        ("search", {"index": INDEX}, "queryVector must be a list of 1 to"),
        ("search", {"index": INDEX, "queryVector": ["1"]}, "queryVector must be a finite number"),
        ("search", {"index": INDEX, "queryVector": [1.0], "top_k": 3}, "unknown field(s) ['top_k']"),
        ("search", {"index": INDEX, "queryVector": [1.0], "metadataFields": "some"}, 'metadataFields must be "all"'),
        ("search", {"index": "", "queryVector": [1.0]}, "index must be a non-empty printable string"),
    ],
)  # fmt: skip
async def test_malformed_vector_requests_are_refused_with_400(
    tvm: httpx.AsyncClient, indexer: RecordingIndexer, route: str, body: object, message: str
) -> None:
    response = await tvm.post(f"/vector/{route}", json=body)
    assert response.status_code == 400, response.text
    assert message in response.json()["message"]
    assert indexer.calls == []


async def test_json_nan_and_oversized_bodies_are_refused(tvm: httpx.AsyncClient, indexer: RecordingIndexer) -> None:
    response = await tvm.post("/vector/search", content=b'{"index": "docs", "queryVector": [NaN]}')
    assert (response.status_code, response.json()["message"]) == (400, "queryVector must be a finite number")
    response = await tvm.post("/vector/search", content=b" " * ((1 << 20) + 1))
    assert (response.status_code, response.json()["message"]) == (400, f"the body is larger than {1 << 20} bytes")
    assert indexer.calls == []


async def test_momentos_errors_are_400_for_bad_arguments_and_502_otherwise() -> None:
    for code, status, error in [
        ("INVALID_ARGUMENT_ERROR", 400, "bad_request"),
        ("NOT_FOUND_ERROR", 502, "momento_error"),
    ]:
        indexer = RecordingIndexer(IndexCallFailed(code, "it said no"))
        async with _client(create_app(SETTINGS, NoMinter(), indexer=indexer)) as tvm:
            response = await tvm.post("/vector/search", json={"index": INDEX, "queryVector": [1.0]})
        assert response.status_code == status
        assert response.json() == {"error": error, "code": code, "message": f"Momento answered {code}: it said no"}


async def test_vector_routes_have_their_own_rate_limit_origin_check_and_need_an_index() -> None:
    indexer = RecordingIndexer()
    app = create_app(SETTINGS, NoMinter(), indexer=indexer)
    async with _client(app) as tvm:
        foreign = await tvm.post("/vector/search", json={}, headers={"Origin": "http://evil.example"})
        assert (foreign.status_code, foreign.json()["error"]) == (403, "origin_not_allowed")
        answers = [(await tvm.post("/vector/search", json={"index": INDEX, "queryVector": [1]})) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]  # a burst of 3
        assert int(answers[-1].headers["retry-after"]) >= 1
        assert (await tvm.post("/token", json={"cache": "c", "keyPrefix": "k-"})).status_code == 200
    searching_only = Settings(POLICY, indexes=IndexPolicy(names=(INDEX,)))
    async with _client(create_app(searching_only, NoMinter(), indexer=indexer)) as tvm:
        response = await tvm.post("/vector/upsert", json={"index": INDEX, "numDimensions": 3, "items": items("a")})
        assert response.status_code == 403
        assert response.json()["message"] == "writing to indexes is not allowed: this vending machine only searches"
    for settings, with_indexer in [(Settings(POLICY), True), (SETTINGS, False)]:
        async with _client(create_app(settings, NoMinter(), indexer=indexer if with_indexer else None)) as tvm:
            response = await tvm.post("/vector/search", json={"index": INDEX, "queryVector": [1]})
            assert (response.status_code, response.json()["message"]) == (
                403,
                "this vending machine serves no vector index",
            )


def test_index_flags_and_policy_file_settings(tmp_path: Any) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('caches = ["c"]\nkey_prefixes = ["k"]\nindexes = ["a"]\nindex_writes = true\nmax_top_k = 7\n')
    settings = parse_settings(["--policy", str(policy), "--index", "b", "--max-index-items", "9"])
    assert settings.indexes == IndexPolicy(names=("b",), writes=True, max_items=9, max_top_k=7)
    assert settings.vector_rate_limit == RateLimit(600.0, 60)
    settings = parse_settings(
        ["--cache", "c", "--key-prefix", "", "--vector-rate-per-minute", "5", "--vector-burst", "2"]
    )
    assert (settings.indexes.names, settings.indexes.writes, settings.vector_rate_limit) == ((), False, RateLimit(5, 2))


# --- real calls ---------------------------------------------------------------------------------------------------


def _credentials(emulator: AuthEmulator) -> CredentialProvider:
    return CredentialProvider.from_disposable_token(emulator.super_user_key)


async def test_momento_indexer_creates_upserts_bounds_and_searches(auth_emulator: AuthEmulator) -> None:
    index = f"docs-{uuid.uuid4().hex[:8]}"
    policy = IndexPolicy(names=(index,), writes=True, max_dimensions=8, max_items=4)
    settings = Settings(POLICY, indexes=policy)
    indexer = MomentoIndexer(_credentials(auth_emulator))
    async with _client(create_app(settings, NoMinter(), indexer=indexer)) as tvm:
        body = {"index": index, "numDimensions": 3, "items": items("a", "b", "c")}
        first = await tvm.post("/vector/upsert", json=body)
        assert first.json() == {"index": index, "created": True, "upserted": 3, "itemCount": 3}
        again = await tvm.post("/vector/upsert", json=body)  # the same ids do not count twice
        assert again.json() == {"index": index, "created": False, "upserted": 3, "itemCount": 3}
        over = await tvm.post("/vector/upsert", json={**body, "items": items("d", "e")})
        assert over.status_code == 403
        assert over.json()["message"] == "the index would hold 5 items, more than the maximum of 4"

        query = {"index": index, "queryVector": [1.0, 2.0, 2.0], "topK": 2}
        response = await tvm.post("/vector/search", json=query)
        assert [hit["id"] for hit in response.json()["hits"]] == ["c", "b"]
        assert response.json()["hits"][0]["metadata"] == {"n": 2, "kind": "odd"}
        filtered = await tvm.post(
            "/vector/search", json={**query, "filter": {"equals": {"field": "kind", "value": "even"}}}
        )
        assert [hit["id"] for hit in filtered.json()["hits"]] == ["b"]

        wrong = await tvm.post("/vector/search", json={**query, "queryVector": [1.0, 2.0]})
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "INVALID_ARGUMENT_ERROR"
        assert "dimension" in wrong.json()["message"]


async def test_no_disposable_token_can_search_an_index(auth_emulator: AuthEmulator) -> None:
    """Why the vending machine makes index calls itself: a token for every item of every cache still may not."""
    index = f"docs-{uuid.uuid4().hex[:8]}"
    config = VectorIndexConfigurations.Default.latest()
    async with PreviewVectorIndexClientAsync(config, _credentials(auth_emulator)) as admin:
        assert isinstance(await admin.create_index(index, 2), CreateIndex.Success)
        assert isinstance(await admin.upsert_item_batch(index, [Item("a", [1.0, 0.0])]), UpsertItemBatch.Success)
    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), _credentials(auth_emulator)) as auth:
        scope = DisposableTokenScopes.cache_read_write(AllCaches())
        minted = await auth.generate_disposable_token(scope, ExpiresIn.minutes(1))
    assert isinstance(minted, GenerateDisposableToken.Success)
    token = CredentialProvider.from_disposable_token(minted.auth_token)
    async with PreviewVectorIndexClientAsync(config, token) as client:
        searched, counted = await client.search(index, [1.0, 0.0]), await client.count_items(index)
    assert isinstance(searched, Search.Error)
    assert isinstance(counted, CountItems.Error)
    assert searched.error_code is counted.error_code is MomentoErrorCode.PERMISSION_ERROR

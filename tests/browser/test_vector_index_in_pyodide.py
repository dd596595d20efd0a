"""PreviewVectorIndexClientAsync inside Pyodide in headless Chromium, over fetch, cross-origin to a real emulator:
every method, every similarity metric, every filter operator (class and operator form), metadata of every type,
errors and validation, in text and binary mode; the sync client through JSPI; and the client from a wheel
installed with ``micropip.install``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _exercise_vector_index(selenium: Any, host: str, port: int) -> None:
    import uuid

    from momento_web import CredentialProvider, PreviewVectorIndexClientAsync, VectorIndexConfigurations
    from momento_web.config import WireFormat
    from momento_web.errors import MomentoErrorCode
    from momento_web.requests.vector_index import (
        ALL_METADATA,
        Field,
        FilterExpression,
        Item,
        Metadata,
        SimilarityMetric,
    )
    from momento_web.requests.vector_index import filters as F
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
    from momento_web.transport.fetch_transport import FetchTransport

    credentials = CredentialProvider.for_momento_local(host, port)
    square = [Item("one", [1.0, 1.0]), Item("two", [-1.0, 1.0]), Item("three", [-1.0, -1.0])]
    expected_scores = {
        SimilarityMetric.COSINE_SIMILARITY: ([2.0, 2.0], [1.0, 0.0, -1.0], [0.5, -1.01, 1.0]),
        SimilarityMetric.INNER_PRODUCT: ([2.0, 2.0], [4.0, 0.0, -4.0], [0.0, -4.01, 4.0]),
        SimilarityMetric.EUCLIDEAN_SIMILARITY: ([2.0, 2.0], [2.0, 10.0, 18.0], [3.0, 20.0, -0.01]),
    }
    metadata: Metadata = {
        "str": "välue ✓",
        "int": -(2**63),
        "float": 0.25,
        "bool": False,
        "tags": ["a", "b"],
        "none": [],
    }
    for wire_format in (WireFormat.TEXT, WireFormat.BINARY):
        config = VectorIndexConfigurations.Default.latest().with_wire_format(wire_format)
        async with PreviewVectorIndexClientAsync(config, credentials) as client:
            assert isinstance(client._transport, FetchTransport)
            for metric, (query, scores, thresholds) in expected_scores.items():
                name = f"browser-{uuid.uuid4().hex[:8]}"
                assert await client.create_index(name, 2, metric) == CreateIndex.Success()
                assert await client.create_index(name, 2, metric) == CreateIndex.IndexAlreadyExists()
                listed = await client.list_indexes()
                assert isinstance(listed, ListIndexes.Success), listed
                assert IndexInfo(name, 2, metric) in listed.indexes
                assert await client.upsert_item_batch(name, square) == UpsertItemBatch.Success()
                ids = ["one", "two", "three"]
                assert await client.search(name, query, top_k=3) == Search.Success(
                    [SearchHit(score, item_id) for item_id, score in zip(ids, scores, strict=True)]
                )
                fetched = await client.search_and_fetch_vectors(name, query, top_k=1)
                assert fetched == SearchAndFetchVectors.Success(
                    [SearchAndFetchVectorsHit(scores[0], "one", [1.0, 1.0])]
                )
                best, everything, nothing = [
                    await client.search(name, query, top_k=3, score_threshold=threshold) for threshold in thresholds
                ]
                assert isinstance(best, Search.Success), best
                assert [hit.id for hit in best.hits] == ["one"]
                assert isinstance(everything, Search.Success), everything
                assert len(everything.hits) == 3
                assert nothing == Search.Success([])
                assert await client.delete_index(name) == DeleteIndex.Success()

            name = f"browser-{uuid.uuid4().hex[:8]}"
            assert await client.create_index(name, 2, SimilarityMetric.INNER_PRODUCT) == CreateIndex.Success()
            items = [
                Item("one", [1.0, 1.0], {**metadata, "n": 0, "bool": True}),
                Item("two", [-1.0, 1.0], {"n": 5, "tags": ["b"]}),
                Item("three", [-1.0, -1.0], {"n": 10, "bool": True}),
            ]
            assert await client.upsert_item_batch(name, items) == UpsertItemBatch.Success()
            assert await client.count_items(name) == CountItems.Success(3)
            got = await client.get_item_batch(name, ["one", "missing"])
            assert got == GetItemBatch.Success({"one": items[0]}), got
            meta = await client.get_item_metadata_batch(name, ["two"])
            assert meta == GetItemMetadataBatch.Success({"two": {"n": 5, "tags": ["b"]}}), meta
            hits = await client.search(name, [2.0, 2.0], top_k=1, metadata_fields=ALL_METADATA)
            assert hits == Search.Success([SearchHit(4.0, "one", items[0].metadata)]), hits
            filters: list[tuple[FilterExpression | Field, list[str]]] = [
                (F.Equals("n", 5), ["two"]),
                (Field("n") != 5, ["one", "three"]),
                (Field("n") > 0, ["two", "three"]),
                (F.GreaterThanOrEqual("n", 5.0), ["two", "three"]),
                (Field("n") < 5, ["one"]),
                (F.LessThanOrEqual("n", 5), ["one", "two"]),
                (Field("tags").list_contains("b"), ["one", "two"]),
                (Field("bool"), ["one", "three"]),
                (~Field("bool"), []),
                (F.IdInSet(["three", "nope"]), ["three"]),
                (Field("bool") & (Field("n") > 1), ["three"]),
                (F.Or(F.Equals("str", "välue ✓"), F.Equals("n", 5)), ["one", "two"]),
                (~(Field("n") >= 5), ["one"]),
            ]
            for expression, expected in filters:
                found = await client.search(name, [2.0, 2.0], filter=expression)
                assert isinstance(found, Search.Success), found
                assert [hit.id for hit in found.hits] == expected, (expression, found)
            assert await client.delete_item_batch(name, Field("n") >= 5) == DeleteItemBatch.Success()
            assert await client.delete_item_batch(name, ["one"]) == DeleteItemBatch.Success()
            assert await client.count_items(name) == CountItems.Success(0)

            wrong = await client.upsert_item_batch(name, [Item("x", [1.0, 2.0, 3.0])])
            assert isinstance(wrong, UpsertItemBatch.Error), wrong
            assert wrong.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
            assert wrong.inner_exception.message == (
                "invalid parameter: vector, vector dimension has to match the index's dimension"
            )
            top_k = await client.search(name, [1.0, 2.0], top_k=0)
            assert isinstance(top_k, Search.Error), top_k
            assert top_k.inner_exception.message == "Top k must be a positive integer."
            assert await client.delete_index(name) == DeleteIndex.Success()
            missing = await client.count_items(name)
            assert isinstance(missing, CountItems.Error), missing
            assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
            assert missing.message.startswith("A index with the specified name does not exist")


def test_vector_index_client_over_fetch(selenium_sdk: Any, emulator: LocalServer) -> None:
    _exercise_vector_index(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
async def _synchronous_vector_index(selenium: Any, host: str, port: int) -> bool:
    """Whether the calls could wait (JSPI); either way each returns its response."""
    import uuid

    from pyodide.ffi import can_run_sync

    from momento_web import CredentialProvider, PreviewVectorIndexClient, VectorIndexConfigurations
    from momento_web.requests.vector_index import Item
    from momento_web.responses.vector_index import CreateIndex, Search, SearchHit, UpsertItemBatch

    name = f"sync-{uuid.uuid4().hex[:8]}"
    config = VectorIndexConfigurations.Default.latest()
    with PreviewVectorIndexClient(config, CredentialProvider.for_momento_local(host, port)) as client:
        created = client.create_index(name, 2)
        if not can_run_sync():
            assert isinstance(created, CreateIndex.Error), created
            assert "cannot wait for an answer here" in created.message
            return False
        assert created == CreateIndex.Success()
        assert client.upsert_item_batch(name, [Item("a", [3.0, 4.0])]) == UpsertItemBatch.Success()
        assert client.search(name, [3.0, 4.0]) == Search.Success([SearchHit(1.0, "a")])
        client.delete_index(name)
    return True


def test_synchronous_vector_index_client_in_the_browser(selenium_sdk: Any, emulator: LocalServer) -> None:
    assert _synchronous_vector_index(selenium_sdk, emulator.host, emulator.port) is True


@run_in_pyodide(packages=["micropip"])
async def _installed_vector_round_trip(selenium: Any, wheel_name: str, host: str, port: int) -> None:
    import uuid

    import micropip

    await micropip.install(wheel_name)
    from momento_web import CredentialProvider, PreviewVectorIndexClientAsync, VectorIndexConfigurations
    from momento_web.requests.vector_index import Item, SimilarityMetric
    from momento_web.responses.vector_index import CreateIndex, Search, SearchHit, UpsertItemBatch

    name = f"micropip-{uuid.uuid4().hex[:8]}"
    credentials = CredentialProvider.for_momento_local(host, port)
    async with PreviewVectorIndexClientAsync(VectorIndexConfigurations.Default.latest(), credentials) as client:
        assert await client.create_index(name, 2, SimilarityMetric.EUCLIDEAN_SIMILARITY) == CreateIndex.Success()
        assert await client.upsert_item_batch(name, [Item("a", [1.0, 1.0])]) == UpsertItemBatch.Success()
        assert await client.search(name, [1.0, 3.0]) == Search.Success([SearchHit(4.0, "a")])
        await client.delete_index(name)


def test_vector_index_client_from_a_micropip_installed_wheel(
    selenium: Any, request: pytest.FixtureRequest, emulator: LocalServer
) -> None:
    wheels = sorted(Path(request.config.option.dist_dir).glob("momento_web-*-py3-none-any.whl"))
    assert wheels, "no momento_web wheel in the dist dir: run ./build.sh"
    _installed_vector_round_trip(selenium, wheels[-1].name, emulator.host, emulator.port)

"""The emulator's vector index RPC handlers, called with messages (what no SDK sends is covered here: the legacy
id lists, a general filter on batch reads, unset fields), its statuses and messages, and the SQLite journal that
``--data-dir`` keeps (reopening, the exclusive lock, corrupt files, a write that fails on disk)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from momento_web_emulator.auth import ANONYMOUS
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services.vector_index import MAX_DIMENSIONS, VectorIndexControlService, VectorIndexService
from momento_web_emulator.vector_indexes import (
    Item,
    Metric,
    VectorIndexes,
    VectorJournalError,
    ids_in,
    open_vector_indexes,
)
from momento_web_emulator.vector_journal import FILE_NAME, VectorJournal

from momento_web._messages import controlclient as control_pb
from momento_web._messages import vectorindex as pb
from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from tests.protobuf_oracle import controlclient_pb2 as oracle_control
from tests.protobuf_oracle import vectorindex_pb2 as oracle

M = TypeVar("M", bound=Message)


def wire(cls: type[M], **fields: Any) -> M:
    """``cls`` as it arrives: built with google.protobuf (which takes nested dicts), decoded by our codec."""
    module = oracle_control if cls.__module__.endswith("controlclient") else oracle
    built = getattr(module, cls.__qualname__)(**fields)
    return cls.FromString(built.SerializeToString())


CTX = CallContext("/vectorindex.VectorIndex/Test", {}, ANONYMOUS)
ITEMS: list[Any] = [
    {"id": "a", "vector": {"elements": [1.0, 0.0]}, "metadata": [{"field": "n", "integer_value": 1}]},
    {"id": "b", "vector": {"elements": [0.0, 1.0]}, "metadata": [{"field": "n", "integer_value": 2}]},
    {"id": "c", "vector": {"elements": [1.0, 1.0]}},
]


async def _services(dimensions: int = 2) -> tuple[VectorIndexControlService, VectorIndexService]:
    indexes = VectorIndexes()
    control, data = VectorIndexControlService(indexes), VectorIndexService(indexes)
    request = wire(
        control_pb._CreateIndexRequest,
        index_name="idx",
        num_dimensions=dimensions,
        similarity_metric={"inner_product": {}},
    )
    await control.create_index(request, CTX)
    await data.upsert_item_batch(wire(pb._UpsertItemBatchRequest, index_name="idx", items=ITEMS), CTX)
    return control, data


async def _refused(call: Any, code: StatusCode, message: str) -> None:
    with pytest.raises(GrpcError) as raised:
        await call
    assert raised.value.code is code
    assert raised.value.details == message


async def test_an_unset_metric_is_cosine() -> None:
    control = VectorIndexControlService(VectorIndexes())
    await control.create_index(wire(control_pb._CreateIndexRequest, index_name="x", num_dimensions=3), CTX)
    listed = await control.list_indexes(wire(control_pb._ListIndexesRequest), CTX)
    (index,) = listed.indexes
    assert (index.index_name, index.num_dimensions) == ("x", 3)
    assert index.similarity_metric.WhichOneof("similarity_metric") == "cosine_similarity"


async def test_index_control_refusals() -> None:
    control, _ = await _services()
    create = control_pb._CreateIndexRequest
    await _refused(
        control.create_index(create(index_name="", num_dimensions=2), CTX),
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: index_name, index name must not be empty",
    )
    await _refused(
        control.create_index(create(index_name="y"), CTX),
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: num_dimensions, number of dimensions must be greater than 0",
    )
    await _refused(
        control.create_index(create(index_name="y", num_dimensions=MAX_DIMENSIONS + 1), CTX),
        StatusCode.INVALID_ARGUMENT,
        f"invalid parameter: num_dimensions, number of dimensions must be at most {MAX_DIMENSIONS}",
    )
    await _refused(
        control.create_index(create(index_name="idx", num_dimensions=2), CTX),
        StatusCode.ALREADY_EXISTS,
        "Index already exists: idx",
    )
    await _refused(
        control.delete_index(wire(control_pb._DeleteIndexRequest, index_name="nope"), CTX),
        StatusCode.NOT_FOUND,
        "Index not found: nope",
    )


async def test_search_refusals() -> None:
    _, data = await _services()
    await _refused(
        data.search(wire(pb._SearchRequest, index_name="idx", query_vector={"elements": [1.0, 1.0]}), CTX),
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: top_k, top_k must be greater than 0",
    )
    await _refused(
        data.search(wire(pb._SearchRequest, index_name="idx", top_k=1), CTX),  # no query vector: zero dimensions
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: query_vector, query vector dimension must match the index dimension",
    )
    malformed = wire(pb._SearchRequest, index_name="idx", top_k=1, query_vector={"elements": [1.0, 1.0]}, filter={})
    await _refused(
        data.search(malformed, CTX),
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: filter, an expression has no operator set",
    )


async def test_metadata_without_a_value_is_refused_and_nothing_is_written() -> None:
    _, data = await _services()
    request = wire(
        pb._UpsertItemBatchRequest,
        index_name="idx",
        items=[{"id": "d", "vector": {"elements": [1.0, 2.0]}, "metadata": [{"field": "k"}]}],
    )
    await _refused(
        data.upsert_item_batch(request, CTX),
        StatusCode.INVALID_ARGUMENT,
        "invalid parameter: metadata, field 'k' has no value",
    )
    count = await data.count_items(wire(pb._CountItemsRequest, index_name="idx"), CTX)
    assert count.item_count == 3


async def test_unset_metadata_fields_return_no_metadata_and_some_returns_the_named_ones() -> None:
    _, data = await _services()
    query: Any = {"elements": [1.0, 0.0]}
    bare = await data.search(wire(pb._SearchRequest, index_name="idx", top_k=1, query_vector=query), CTX)
    assert [(hit.id, list(hit.metadata)) for hit in bare.hits] == [("a", [])]
    some = await data.search(
        wire(
            pb._SearchRequest,
            index_name="idx",
            top_k=1,
            query_vector=query,
            metadata_fields={"some": {"fields": ["n"]}},
        ),
        CTX,
    )
    assert [(entry.field, entry.integer_value) for entry in some.hits[0].metadata] == [("n", 1)]


async def test_legacy_id_lists_still_work_for_reads_and_deletes() -> None:
    _, data = await _services()
    got = await data.get_item_batch(wire(pb._GetItemBatchRequest, index_name="idx", ids=["c", "zz", "a", "c"]), CTX)
    assert [entry.id for entry in got.item_response] == ["c", "a"]  # request order, found ids once
    assert [list(entry.vector.elements) for entry in got.item_response] == [[1.0, 1.0], [1.0, 0.0]]
    assert [list(entry.metadata) for entry in got.item_response] == [[], []]  # metadata_fields unset: none
    metadata = await data.get_item_metadata_batch(
        wire(pb._GetItemMetadataBatchRequest, index_name="idx", ids=["a"], metadata_fields={"all": {}}), CTX
    )
    assert [(entry.id, [m.field for m in entry.metadata]) for entry in metadata.item_metadata_response] == [
        ("a", ["n"])
    ]
    await data.delete_item_batch(wire(pb._DeleteItemBatchRequest, index_name="idx", ids=["a", "zz"]), CTX)
    assert (await data.count_items(wire(pb._CountItemsRequest, index_name="idx"), CTX)).item_count == 2


async def test_batch_reads_and_deletes_take_any_filter() -> None:
    _, data = await _services()
    numbered = {"greater_than_or_equal_expression": {"field": "n", "integer_value": 1}}
    got = await data.get_item_batch(wire(pb._GetItemBatchRequest, index_name="idx", filter=numbered), CTX)
    assert [entry.id for entry in got.item_response] == ["a", "b"]
    await data.delete_item_batch(
        wire(
            pb._DeleteItemBatchRequest, index_name="idx", filter={"not_expression": {"expression_to_negate": numbered}}
        ),
        CTX,
    )
    remaining = await data.get_item_batch(wire(pb._GetItemBatchRequest, index_name="idx", filter=numbered), CTX)
    assert [entry.id for entry in remaining.item_response] == ["a", "b"]
    assert (await data.count_items(wire(pb._CountItemsRequest, index_name="idx"), CTX)).item_count == 2


# --- the journal ------------------------------------------------------------------------------------------------


async def test_the_journal_restores_indexes_items_and_metadata_types(tmp_path: Path) -> None:
    indexes = open_vector_indexes(tmp_path)
    metadata: Any = {"s": "x", "i": 2**63 - 1, "d": 1.0, "nan": float("nan"), "b": True, "l": ("p",), "e": ()}
    try:
        await indexes.create("cos", 3, Metric.COSINE)
        await indexes.create("gone", 1, Metric.EUCLIDEAN)
        await indexes.upsert("cos", [Item("z", np.asarray([1, 2, 3], np.float32), metadata)])
        await indexes.upsert("cos", [Item("y", np.asarray([0.1, 0, 0], np.float32), {})])
        await indexes.delete("cos", ids_in(["y"]))
        await indexes.drop("gone")
    finally:
        indexes.close()
    restored = open_vector_indexes(tmp_path)
    try:
        assert [(index.name, index.dimensions, index.metric) for index in restored.all()] == [("cos", 3, Metric.COSINE)]
        (item,) = list(restored.get("cos").items())
        assert (item.id, item.vector.tolist()) == ("z", [1.0, 2.0, 3.0])
        assert {k: type(v) for k, v in item.metadata.items()} == {k: type(v) for k, v in metadata.items()}
        assert item.metadata["i"] == 2**63 - 1
        hits = restored.get("cos").search(np.asarray([2, 4, 6], np.float32), 1)
        assert [(hit.id, hit.score) for hit in hits] == [("z", 1.0)]
    finally:
        restored.close()


def test_a_second_journal_on_the_same_file_is_refused(tmp_path: Path) -> None:
    journal, _ = VectorJournal.open(tmp_path / FILE_NAME)
    try:
        with pytest.raises(VectorJournalError, match="in use by another process"):
            VectorJournal.open(tmp_path / FILE_NAME)
    finally:
        journal.close()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("INSERT INTO items VALUES ('ghost', 'x', x'0000803f', '{}')", "unknown index 'ghost'"),
        ("INSERT INTO indexes VALUES ('i', 2, 'manhattan')", "has metric 'manhattan'"),
        (
            "INSERT INTO indexes VALUES ('i', 2, 'inner_product'); INSERT INTO items VALUES ('i', 'x', x'00', '{}')",
            "bad vector",
        ),
        (
            "INSERT INTO indexes VALUES ('i', 1, 'inner_product'); "
            "INSERT INTO items VALUES ('i', 'x', x'0000803f', '[1]')",
            "is not an object",
        ),
        ("PRAGMA user_version = 7", "schema version 7"),
    ],
)
def test_corrupt_files_are_refused_at_start(tmp_path: Path, damage: str, message: str) -> None:
    VectorJournal.open(tmp_path / FILE_NAME)[0].close()
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.executescript(f"PRAGMA foreign_keys = OFF; {damage};")
    db.commit()
    db.close()
    with pytest.raises(VectorJournalError, match=message):
        open_vector_indexes(tmp_path)


async def test_a_change_the_disk_refuses_is_not_applied_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexes = open_vector_indexes(tmp_path)
    try:
        await indexes.create("idx", 1, Metric.INNER_PRODUCT)

        def failing(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO items VALUES ('idx', 'a', x'0000803f', '{}')")
            raise sqlite3.OperationalError("disk full")

        monkeypatch.setattr(VectorJournal, "upsert", staticmethod(lambda name, items: failing))
        with pytest.raises(sqlite3.OperationalError, match="disk full"):
            await indexes.upsert("idx", [Item("a", np.asarray([1.0], np.float32), {})])
        assert len(indexes.get("idx")) == 0
        await indexes.create("after", 1, Metric.EUCLIDEAN)  # the lock was released
    finally:
        indexes.close()
    restored = open_vector_indexes(tmp_path)
    try:
        assert len(restored.get("idx")) == 0  # the transaction was rolled back
    finally:
        restored.close()

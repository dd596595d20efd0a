"""The bounds of the emulator's vector indexes (``--max-vector-indexes``, ``--max-vector-items``,
``--max-vector-bytes``): refused changes change nothing, every change is counted and given back, a restart counts
what it loads, and the service answers RESOURCE_EXHAUSTED."""

from __future__ import annotations

from pathlib import Path
from types import CoroutineType
from typing import Any

import numpy as np
import pytest
from momento_web_emulator.__main__ import main, parse_args
from momento_web_emulator.auth import ANONYMOUS
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services.vector_index import VectorIndexControlService, VectorIndexService
from momento_web_emulator.vector_filters import Metadata
from momento_web_emulator.vector_indexes import (
    Item,
    Metric,
    VectorIndexes,
    VectorLimitExceeded,
    VectorLimits,
    ids_in,
    ids_matching,
    index_size,
    item_size,
    open_vector_indexes,
)

from momento_web._messages import controlclient as control_pb
from momento_web._messages import vectorindex as pb
from momento_web.wire.status import GrpcError, StatusCode

CTX = CallContext("/vectorindex.VectorIndex/Test", {}, ANONYMOUS)


def item(item_id: str, *vector: float, metadata: Metadata | None = None) -> Item:
    return Item(item_id, np.asarray(vector, np.float32), metadata or {})


def test_what_an_item_and_an_index_count() -> None:
    assert index_size(384) == 16 * 384 * 4
    metadata: Metadata = {"genre": "jazz", "year": 1959, "hot": True, "tags": ("a", "bc")}
    assert item_size("é", 3, metadata) == 3 * 4 + 2 + (5 + 4) + (4 + 8) + (3 + 8) + (4 + 3)


async def test_indexes_are_limited_in_number_and_by_their_size() -> None:
    indexes = VectorIndexes(limits=VectorLimits(max_indexes=2, max_bytes=index_size(1000)))
    await indexes.create("a", 500, Metric.COSINE)
    with pytest.raises(VectorLimitExceeded, match="at most 64000 bytes"):
        await indexes.create("b", 501, Metric.COSINE)  # an empty index of many dimensions is not free
    await indexes.create("b", 500, Metric.COSINE)
    with pytest.raises(VectorLimitExceeded, match="at most 2 indexes"):
        await indexes.create("c", 1, Metric.COSINE)
    await indexes.drop("a")
    await indexes.create("c", 1, Metric.COSINE)
    assert indexes.usage() == (2, 0, index_size(500) + index_size(1))


async def test_items_are_limited_and_a_refused_upsert_changes_nothing() -> None:
    indexes = VectorIndexes(limits=VectorLimits(max_items=3))
    await indexes.create("i", 2, Metric.INNER_PRODUCT)
    await indexes.upsert("i", [item("a", 1, 0), item("b", 0, 1)])
    with pytest.raises(VectorLimitExceeded, match="at most 3 items"):
        await indexes.upsert("i", [item("c", 1, 1), item("d", 2, 2)])
    assert len(indexes.get("i")) == 2
    await indexes.upsert("i", [item("a", 5, 5), item("b", 6, 6), item("c", 1, 1), item("c", 2, 2)])  # one new
    assert len(indexes.get("i")) == 3
    assert indexes.usage()[1] == 3


async def test_bytes_follow_every_change_and_come_back() -> None:
    indexes = VectorIndexes()
    await indexes.create("i", 2, Metric.EUCLIDEAN)
    await indexes.upsert("i", [item("a", 1, 0, metadata={"k": "v"}), item("bb", 0, 1)])
    expected = index_size(2) + item_size("a", 2, {"k": "v"}) + item_size("bb", 2, {})
    assert indexes.usage() == (1, 2, expected)
    await indexes.upsert("i", [item("a", 1, 0, metadata={"k": "longer"})])  # a replacement counts its new size
    expected += item_size("a", 2, {"k": "longer"}) - item_size("a", 2, {"k": "v"})
    assert indexes.usage() == (1, 2, expected)
    await indexes.delete("i", ids_in(["bb", "bb", "missing"]))
    assert indexes.usage() == (1, 1, expected - item_size("bb", 2, {}))
    await indexes.delete("i", ids_matching(lambda item_id, metadata: True))
    assert indexes.usage() == (1, 0, index_size(2))
    await indexes.upsert("i", [item("z", 3, 3)])
    await indexes.drop("i")
    assert indexes.usage() == (0, 0, 0)


async def test_the_byte_bound_refuses_an_upsert_that_would_cross_it() -> None:
    limit = index_size(4) + 3 * item_size("x", 4, {})
    indexes = VectorIndexes(limits=VectorLimits(max_bytes=limit))
    await indexes.create("i", 4, Metric.COSINE)
    await indexes.upsert("i", [item(name, 1, 2, 3, 4) for name in "xyz"])
    assert indexes.usage()[2] == limit
    with pytest.raises(VectorLimitExceeded, match=f"at most {limit} bytes"):
        await indexes.upsert("i", [item("w", 1, 2, 3, 4)])
    await indexes.upsert("i", [item("x", 4, 3, 2, 1)])  # replacing with an item of the same size still fits


async def test_a_restart_counts_what_it_loads_even_beyond_new_limits(tmp_path: Path) -> None:
    indexes = open_vector_indexes(tmp_path)
    try:
        await indexes.create("i", 2, Metric.COSINE)
        await indexes.upsert("i", [item("a", 1, 0, metadata={"n": 1}), item("b", 0, 1)])
        held = indexes.usage()
    finally:
        indexes.close()
    restored = open_vector_indexes(tmp_path, VectorLimits(max_items=1))
    try:
        assert restored.usage() == held
        with pytest.raises(VectorLimitExceeded):
            await restored.upsert("i", [item("c", 1, 1)])
        await restored.delete("i", ids_in(["a", "b"]))
        await restored.upsert("i", [item("c", 1, 1)])
    finally:
        restored.close()


async def test_the_services_answer_resource_exhausted() -> None:
    indexes = VectorIndexes(limits=VectorLimits(max_indexes=1, max_items=1))
    control, data = VectorIndexControlService(indexes), VectorIndexService(indexes)
    await control.create_index(control_pb._CreateIndexRequest(index_name="i", num_dimensions=2), CTX)
    with pytest.raises(GrpcError) as refused:
        await control.create_index(control_pb._CreateIndexRequest(index_name="j", num_dimensions=2), CTX)
    assert (refused.value.code, refused.value.details) == (
        StatusCode.RESOURCE_EXHAUSTED,
        "Vector index limit exceeded: at most 1 indexes may exist",
    )
    items = [pb._Item(id=name, vector=pb._Vector(elements=[1.0, 2.0])) for name in "ab"]
    with pytest.raises(GrpcError) as refused:
        await data.upsert_item_batch(pb._UpsertItemBatchRequest(index_name="i", items=items), CTX)
    assert refused.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert len(indexes.get("i")) == 0


def test_the_flags_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (parse_args([]).max_vector_indexes, parse_args([]).max_vector_items) == (100, 1_000_000)
    args = parse_args(["--max-vector-indexes", "2", "--max-vector-items", "3", "--max-vector-bytes", "4"])
    assert (args.max_vector_indexes, args.max_vector_items, args.max_vector_bytes) == (2, 3, 4)
    seen: list[object] = []

    def run(coroutine: CoroutineType[Any, Any, None]) -> None:  # what main would serve, not served
        frame = coroutine.cr_frame
        assert frame is not None
        seen.append(frame.f_locals["settings"].vectors)
        coroutine.close()

    monkeypatch.setattr("momento_web_emulator.__main__.asyncio.run", run)
    assert main(["--max-vector-indexes", "2", "--max-vector-items", "3", "--max-vector-bytes", "4"]) == 0
    assert seen == [VectorLimits(2, 3, 4)]

"""Vector indexes with ``--data-dir``: acknowledged upserts survive ``kill -9`` in the middle of a stream of them,
a clean restart keeps indexes, items and deletions, and without the flag nothing is kept."""

from __future__ import annotations

import asyncio
import signal
import sys
from contextlib import AbstractContextManager
from pathlib import Path

from momento_web import CredentialProvider, PreviewVectorIndexClientAsync, VectorIndexConfigurations
from momento_web.requests.vector_index import ALL_METADATA, Field, Item, Metadata, SimilarityMetric
from momento_web.responses.vector_index import (
    CountItems,
    CreateIndex,
    DeleteIndex,
    DeleteItemBatch,
    GetItemBatch,
    IndexInfo,
    ListIndexes,
    Search,
    SearchHit,
    UpsertItemBatch,
)
from scripts.localhost import HOST, free_port
from tests.conftest import LocalServer, run_server

DIMENSIONS = 8


def _emulator(port: int, data_dir: Path | None) -> AbstractContextManager[LocalServer]:
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port)]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    return run_server("vector-emulator", args, HOST, port)


def _client(port: int) -> PreviewVectorIndexClientAsync:
    credentials = CredentialProvider.for_momento_local(HOST, port)
    return PreviewVectorIndexClientAsync(VectorIndexConfigurations.Default.latest(), credentials)


def _item(writer: int, batch: int, slot: int) -> Item:
    """A distinct vector and metadata of every kind, derived from where it was written."""
    seed = writer * 10_000 + batch * 10 + slot
    vector = [float((seed * (d + 3)) % 17 - 8) / 4 for d in range(DIMENSIONS)]
    metadata: Metadata = {
        "writer": writer,
        "batch": batch,
        "even": seed % 2 == 0,
        "ratio": seed / 7,
        "tags": [f"w{writer}"],
    }
    return Item(f"{writer}/{batch}/{slot}", vector, metadata)


async def test_acknowledged_upserts_survive_kill_9(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    acknowledged: dict[str, Item] = {}
    enough = asyncio.Event()
    with _emulator(port, data_dir) as server:
        async with _client(port) as client:
            assert await client.create_index("durable", DIMENSIONS, SimilarityMetric.EUCLIDEAN_SIMILARITY) == (
                CreateIndex.Success()
            )

            async def write(writer: int) -> None:
                """Upsert batches until the server is gone, recording each batch it acknowledged."""
                for batch in range(1_000_000):
                    items = [_item(writer, batch, slot) for slot in range(5)]
                    if await client.upsert_item_batch("durable", items) != UpsertItemBatch.Success():
                        return
                    acknowledged.update((item.id, item) for item in items)
                    if len(acknowledged) >= 600:
                        enough.set()

            writers = [asyncio.ensure_future(write(writer)) for writer in range(4)]
            await asyncio.wait_for(enough.wait(), timeout=60)
            server.process.send_signal(signal.SIGKILL)  # mid-stream: four writers have batches in flight
            server.process.wait(timeout=10)
            await asyncio.wait_for(asyncio.gather(*writers), timeout=30)
    count_at_kill = len(acknowledged)
    assert count_at_kill >= 600
    with _emulator(port, data_dir):
        async with _client(port) as client:
            listed = await client.list_indexes()
            assert listed == ListIndexes.Success(
                [IndexInfo("durable", DIMENSIONS, SimilarityMetric.EUCLIDEAN_SIMILARITY)]
            )
            count = await client.count_items("durable")
            assert isinstance(count, CountItems.Success)
            # Batches in flight at the kill may or may not have landed; every acknowledged one must have.
            assert count.item_count >= count_at_kill
            ids = list(acknowledged)
            found: dict[str, Item] = {}
            for start in range(0, len(ids), 200):
                response = await client.get_item_batch("durable", ids[start : start + 200])
                assert isinstance(response, GetItemBatch.Success)
                found.update(response.values)
            lost = [item_id for item_id, item in acknowledged.items() if found.get(item_id) != _as_stored(item)]
            assert lost == [], f"{len(lost)} of {count_at_kill} acknowledged items were lost or changed"
            # The restored index searches like the one that was killed: an item's own vector is at distance 0.
            probe = next(iter(acknowledged.values()))
            nearest = await client.search("durable", probe.vector, top_k=1)
            assert isinstance(nearest, Search.Success)
            assert nearest.hits[0].score == 0.0
            assert await client.upsert_item_batch("durable", [_item(9, 0, 0)]) == UpsertItemBatch.Success()


def _as_stored(item: Item) -> Item:
    """What a read returns: vectors as 32-bit floats (these are exact), metadata as written."""
    return Item(item.id, [float(x) for x in item.vector], item.metadata)


async def test_indexes_survive_a_clean_restart_and_deletions_stick(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    with _emulator(port, data_dir):
        async with _client(port) as client:
            for name, metric in (
                ("kept", SimilarityMetric.INNER_PRODUCT),
                ("dropped", SimilarityMetric.COSINE_SIMILARITY),
            ):
                assert await client.create_index(name, 2, metric) == CreateIndex.Success()
            items = [Item("a", [1.0, 2.0], {"k": "x"}), Item("b", [3.0, 4.0], {"k": "y"}), Item("c", [5.0, 6.0])]
            assert await client.upsert_item_batch("kept", items) == UpsertItemBatch.Success()
            assert (
                await client.upsert_item_batch("kept", [Item("a", [0.5, 0.5], {"k": "z"})]) == UpsertItemBatch.Success()
            )
            assert await client.delete_item_batch("kept", Field("k") == "y") == DeleteItemBatch.Success()
            assert await client.upsert_item_batch("dropped", items) == UpsertItemBatch.Success()
            assert await client.delete_index("dropped") == DeleteIndex.Success()
    # run_server stopped it with SIGTERM: a clean shutdown folds the log into the database file.
    assert not (data_dir / "vector_indexes.sqlite3-wal").exists()
    with _emulator(port, data_dir):
        async with _client(port) as client:
            assert await client.list_indexes() == ListIndexes.Success(
                [IndexInfo("kept", 2, SimilarityMetric.INNER_PRODUCT)]
            )
            assert await client.search("kept", [1.0, 1.0], metadata_fields=ALL_METADATA) == Search.Success(
                [SearchHit(11.0, "c"), SearchHit(1.0, "a", {"k": "z"})]
            )
            assert await client.create_index("dropped", 3) == CreateIndex.Success()  # its items went with it
            assert await client.count_items("dropped") == CountItems.Success(0)


async def test_without_data_dir_indexes_live_in_memory_only() -> None:
    port = free_port()
    with _emulator(port, None):
        async with _client(port) as client:
            assert await client.create_index("ephemeral", 2) == CreateIndex.Success()
    with _emulator(port, None):
        async with _client(port) as client:
            assert await client.list_indexes() == ListIndexes.Success([])


async def test_an_unusable_vector_file_stops_the_emulator_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "vector_indexes.sqlite3").write_bytes(b"this is not a database" * 100)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "momento_web_emulator", "--port", str(free_port()), "--data-dir", str(data_dir),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 1
    assert b"cannot keep vector indexes in --data-dir" in output

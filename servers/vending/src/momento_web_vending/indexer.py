"""Making a page's vector index calls (:mod:`.indexes`) with the vending machine's own key, through the SDK's
``PreviewVectorIndexClientAsync``.

An upsert creates the index when it is missing (with the page's dimensions and metric), refuses a batch that would
grow the index past the policy's item limit (ids already in the index do not count twice), then upserts. A call
Momento answers with an error raises :class:`IndexCallFailed` with its ``MomentoErrorCode`` and message (never a
credential).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from momento_web import PreviewVectorIndexClientAsync, VectorIndexConfigurations
from momento_web.auth import CredentialProvider
from momento_web.responses.vector_index import (
    CountItems,
    CreateIndex,
    GetItemMetadataBatch,
    Search,
    SearchHit,
    UpsertItemBatch,
)
from momento_web_vending.indexes import DEFAULT_TOP_K, SearchRequest, UpsertRequest
from momento_web_vending.policy import PolicyViolation

CALL_TIMEOUT = timedelta(seconds=15)  # a page waits on these calls: fail within its patience, not in 120 s


class IndexCallFailed(Exception):
    """Momento (or the emulator) answered a vector index call with an error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Upserted:
    created: bool  # the index did not exist before this request
    upserted: int
    item_count: int  # in the index afterwards


class Indexer(Protocol):
    async def upsert(self, request: UpsertRequest, max_items: int) -> Upserted: ...

    async def search(self, request: SearchRequest) -> list[SearchHit]: ...

    async def aclose(self) -> None: ...


def _failed(response: Any) -> IndexCallFailed:
    code = getattr(getattr(response, "error_code", None), "name", "UNKNOWN_ERROR")
    return IndexCallFailed(code, str(getattr(response, "message", response)))


class MomentoIndexer:
    """An :class:`Indexer` over one long-lived ``PreviewVectorIndexClientAsync``."""

    def __init__(self, credentials: CredentialProvider) -> None:
        configuration = VectorIndexConfigurations.Default.latest().with_client_timeout(CALL_TIMEOUT)
        self._client = PreviewVectorIndexClientAsync(configuration, credentials)

    async def upsert(self, request: UpsertRequest, max_items: int) -> Upserted:
        created = await self._client.create_index(request.index, request.num_dimensions, request.metric)
        if not isinstance(created, CreateIndex.Success | CreateIndex.IndexAlreadyExists):
            raise _failed(created)
        count = await self._client.count_items(request.index)
        if not isinstance(count, CountItems.Success):
            raise _failed(count)
        ids = [item.id for item in request.items]
        existing = await self._client.get_item_metadata_batch(request.index, ids)
        if not isinstance(existing, GetItemMetadataBatch.Success):
            raise _failed(existing)
        after = count.item_count + len(set(ids) - set(existing.values))
        if after > max_items:
            raise PolicyViolation(f"the index would hold {after} items, more than the maximum of {max_items}")
        upserted = await self._client.upsert_item_batch(request.index, request.items)
        if not isinstance(upserted, UpsertItemBatch.Success):
            raise _failed(upserted)
        return Upserted(isinstance(created, CreateIndex.Success), len(request.items), after)

    async def search(self, request: SearchRequest) -> list[SearchHit]:
        response = await self._client.search(
            request.index,
            request.query_vector,
            top_k=request.top_k or DEFAULT_TOP_K,
            metadata_fields=request.metadata_fields,
            score_threshold=request.score_threshold,
            filter=request.filter,
        )
        if not isinstance(response, Search.Success):
            raise _failed(response)
        return list(response.hits)

    async def aclose(self) -> None:
        await self._client.close()

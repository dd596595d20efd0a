"""Lists: ordered values under one key, pushed and popped at both ends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.internal.cache_data._base import DataClient, bound
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import (
    as_bytes,
    as_bytes_list,
    require,
    validate_name,
    validate_optional_int,
)
from momento_web.requests import CollectionTtl

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.list import (
        CacheListConcatenateBackResponse,
        CacheListConcatenateFrontResponse,
        CacheListFetchResponse,
        CacheListLengthResponse,
        CacheListPopBackResponse,
        CacheListPopFrontResponse,
        CacheListPushBackResponse,
        CacheListPushFrontResponse,
        CacheListRemoveValueResponse,
        CacheListRetainResponse,
    )

_FROM_CACHE_TTL = CollectionTtl.from_cache_ttl()


def _name(list_name: str) -> bytes:
    return validate_name(list_name, "List").encode("utf-8")


def _truncate(what: str, size: object) -> dict[str, Any]:
    """``truncate_*_to_size`` as request keyword arguments. None and 0 both mean "do not truncate" (0 is what
    the wire carries for an unset size, and momento sends it as given)."""
    checked = validate_optional_int(size, what)
    if not checked:
        return {}
    require(checked > 0, f"{what} must be non-negative (>= 0)")
    return {what: checked}


def _slice(start_index: object, end_index: object) -> dict[str, Any]:
    """A ``[start, end)`` slice as request keyword arguments; None is unbounded and 0 is a real index.

    The JS SDK's check, kept as is: with both given, ``start <= 0 <= end`` needs ``end > start``, which
    rejects only ``[0:0]``. Other slices that select nothing (``[3:1]``, ``[-1:-3]``) are sent, and the
    server answers them with an empty slice, as Python would.
    """
    start = validate_optional_int(start_index, "start_index")
    end = validate_optional_int(end_index, "end_index")
    if start is not None and end is not None and start <= 0 <= end:
        require(end > start, "endIndex (exclusive) must be larger than startIndex (inclusive)")
    return {**bound(start, "inclusive_start", "unbounded_start"), **bound(end, "exclusive_end", "unbounded_end")}


# The writes that grow a list: request and response types, by RPC.
_GROW: dict[str, tuple[Any, Any]] = {
    "ListConcatenateBack": (pb._ListConcatenateBackRequest, pb._ListConcatenateBackResponse),
    "ListConcatenateFront": (pb._ListConcatenateFrontRequest, pb._ListConcatenateFrontResponse),
    "ListPushBack": (pb._ListPushBackRequest, pb._ListPushBackResponse),
    "ListPushFront": (pb._ListPushFrontRequest, pb._ListPushFrontResponse),
}


class ListMethods(DataClient):
    @errors_as_values()
    async def list_concatenate_back(
        self,
        cache_name: str,
        list_name: str,
        values: Iterable[str | bytes],
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
        truncate_front_to_size: int | None = None,
    ) -> CacheListConcatenateBackResponse:
        """Append ``values``; then drop values from the front beyond ``truncate_front_to_size``."""
        cache, name = self._cache(cache_name), _name(list_name)
        values_bytes = as_bytes_list(values, "values")
        truncate = _truncate("truncate_front_to_size", truncate_front_to_size)
        length = await self._grow(cache, "ListConcatenateBack", name, ttl, values=values_bytes, **truncate)
        return responses.CacheListConcatenateBack.Success(length)

    @errors_as_values()
    async def list_concatenate_front(
        self,
        cache_name: str,
        list_name: str,
        values: Iterable[str | bytes],
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
        truncate_back_to_size: int | None = None,
    ) -> CacheListConcatenateFrontResponse:
        """Prepend ``values`` (in their order); then drop values from the back beyond ``truncate_back_to_size``."""
        cache, name = self._cache(cache_name), _name(list_name)
        values_bytes = as_bytes_list(values, "values")
        truncate = _truncate("truncate_back_to_size", truncate_back_to_size)
        length = await self._grow(cache, "ListConcatenateFront", name, ttl, values=values_bytes, **truncate)
        return responses.CacheListConcatenateFront.Success(length)

    @errors_as_values()
    async def list_push_back(
        self,
        cache_name: str,
        list_name: str,
        value: str | bytes,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
        truncate_front_to_size: int | None = None,
    ) -> CacheListPushBackResponse:
        """Append ``value``; then drop values from the front beyond ``truncate_front_to_size``."""
        cache, name = self._cache(cache_name), _name(list_name)
        value_bytes = as_bytes(value, "value")
        truncate = _truncate("truncate_front_to_size", truncate_front_to_size)
        length = await self._grow(cache, "ListPushBack", name, ttl, value=value_bytes, **truncate)
        return responses.CacheListPushBack.Success(length)

    @errors_as_values()
    async def list_push_front(
        self,
        cache_name: str,
        list_name: str,
        value: str | bytes,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
        truncate_back_to_size: int | None = None,
    ) -> CacheListPushFrontResponse:
        """Prepend ``value``; then drop values from the back beyond ``truncate_back_to_size``."""
        cache, name = self._cache(cache_name), _name(list_name)
        value_bytes = as_bytes(value, "value")
        truncate = _truncate("truncate_back_to_size", truncate_back_to_size)
        length = await self._grow(cache, "ListPushFront", name, ttl, value=value_bytes, **truncate)
        return responses.CacheListPushFront.Success(length)

    @errors_as_values()
    async def list_pop_back(self, cache_name: str, list_name: str) -> CacheListPopBackResponse:
        """Remove and return the last value; ``Miss`` if there is no list. An empty value is a ``Hit``."""
        cache, name = self._cache(cache_name), _name(list_name)
        found = await self._found(cache, "ListPopBack", pb._ListPopBackRequest(list_name=name), pb._ListPopBackResponse)
        return responses.CacheListPopBack.Miss() if found is None else responses.CacheListPopBack.Hit(found.back)

    @errors_as_values()
    async def list_pop_front(self, cache_name: str, list_name: str) -> CacheListPopFrontResponse:
        """Remove and return the first value; ``Miss`` if there is no list. An empty value is a ``Hit``."""
        cache, name = self._cache(cache_name), _name(list_name)
        found = await self._found(
            cache, "ListPopFront", pb._ListPopFrontRequest(list_name=name), pb._ListPopFrontResponse
        )
        return responses.CacheListPopFront.Miss() if found is None else responses.CacheListPopFront.Hit(found.front)

    @errors_as_values()
    async def list_fetch(
        self, cache_name: str, list_name: str, *, start_index: int | None = None, end_index: int | None = None
    ) -> CacheListFetchResponse:
        """The values ``list[start_index:end_index]`` (Python slice rules, None = unbounded), or ``Miss``.
        0 is index 0: the JS SDK reads 0 as unbounded, so its ``endIndex: 0`` fetches the whole list."""
        cache, name = self._cache(cache_name), _name(list_name)
        request = pb._ListFetchRequest(list_name=name, **_slice(start_index, end_index))
        found = await self._found(cache, "ListFetch", request, pb._ListFetchResponse)
        return responses.CacheListFetch.Miss() if found is None else responses.CacheListFetch.Hit(list(found.values))

    @errors_as_values()
    async def list_length(self, cache_name: str, list_name: str) -> CacheListLengthResponse:
        """The number of values, or ``Miss``.
        A reply of length 0 is ``Hit(0)``; the JS web SDK turns it into ``Miss``, a bug not copied here."""
        cache, name = self._cache(cache_name), _name(list_name)
        found = await self._found(cache, "ListLength", pb._ListLengthRequest(list_name=name), pb._ListLengthResponse)
        return responses.CacheListLength.Miss() if found is None else responses.CacheListLength.Hit(found.length)

    @errors_as_values()
    async def list_remove_value(
        self, cache_name: str, list_name: str, value: str | bytes
    ) -> CacheListRemoveValueResponse:
        """Remove every occurrence of ``value``; the list disappears with its last value."""
        cache, name = self._cache(cache_name), _name(list_name)
        request = pb._ListRemoveRequest(list_name=name, all_elements_with_value=as_bytes(value, "value"))
        await self._send(cache, "ListRemove", request, pb._ListRemoveResponse)
        return responses.CacheListRemoveValue.Success()

    @errors_as_values()
    async def list_retain(
        self,
        cache_name: str,
        list_name: str,
        *,
        start_index: int | None = None,
        end_index: int | None = None,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheListRetainResponse:
        """Keep only ``list[start_index:end_index]`` (Python slice rules, None = unbounded); an empty slice
        removes the list. 0 is index 0: the JS SDK reads 0 as unbounded, so its ``endIndex: 0`` keeps everything."""
        cache, name = self._cache(cache_name), _name(list_name)
        request = pb._ListRetainRequest(list_name=name, **_slice(start_index, end_index), **self._collection_ttl(ttl))
        await self._send(cache, "ListRetain", request, pb._ListRetainResponse)
        return responses.CacheListRetain.Success()

    async def _grow(self, cache: str, rpc: str, name: bytes, ttl: CollectionTtl, **fields: Any) -> int:
        """A push or concatenation (``rpc``) with its value(s) and truncation ``fields``; the new length."""
        request_type, response_type = _GROW[rpc]
        request = request_type(list_name=name, **fields, **self._collection_ttl(ttl))
        reply = await self._send(cache, rpc, request, response_type)
        return int(reply.list_length)

"""Sets: unordered distinct elements under one key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.internal.cache_data._base import DataClient, check_count
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes, as_bytes_list, require, validate_int, validate_name
from momento_web.requests import CollectionTtl

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.set import (
        CacheSetAddElementResponse,
        CacheSetAddElementsResponse,
        CacheSetContainsElementResponse,
        CacheSetContainsElementsResponse,
        CacheSetFetchResponse,
        CacheSetLengthResponse,
        CacheSetPopResponse,
        CacheSetRemoveElementResponse,
        CacheSetRemoveElementsResponse,
        CacheSetSampleResponse,
    )

_FROM_CACHE_TTL = CollectionTtl.from_cache_ttl()


def _name(set_name: str) -> bytes:
    return validate_name(set_name, "Set").encode("utf-8")


class SetMethods(DataClient):
    @errors_as_values()
    async def set_add_element(
        self, cache_name: str, set_name: str, element: str | bytes, *, ttl: CollectionTtl = _FROM_CACHE_TTL
    ) -> CacheSetAddElementResponse:
        """Add ``element``, creating the set if needed."""
        cache, name = self._cache(cache_name), _name(set_name)
        await self._union(cache, name, [as_bytes(element)], ttl)
        return responses.CacheSetAddElement.Success()

    @errors_as_values()
    async def set_add_elements(
        self, cache_name: str, set_name: str, elements: Iterable[str | bytes], *, ttl: CollectionTtl = _FROM_CACHE_TTL
    ) -> CacheSetAddElementsResponse:
        """Add ``elements``, creating the set if needed."""
        cache, name = self._cache(cache_name), _name(set_name)
        await self._union(cache, name, as_bytes_list(elements, "elements"), ttl)
        return responses.CacheSetAddElements.Success()

    @errors_as_values()
    async def set_remove_element(
        self, cache_name: str, set_name: str, element: str | bytes
    ) -> CacheSetRemoveElementResponse:
        """Remove ``element``; the set disappears with its last element."""
        cache, name = self._cache(cache_name), _name(set_name)
        await self._difference(cache, name, [as_bytes(element)])
        return responses.CacheSetRemoveElement.Success()

    @errors_as_values()
    async def set_remove_elements(
        self, cache_name: str, set_name: str, elements: Iterable[str | bytes]
    ) -> CacheSetRemoveElementsResponse:
        """Remove ``elements``; the set disappears with its last element."""
        cache, name = self._cache(cache_name), _name(set_name)
        await self._difference(cache, name, as_bytes_list(elements, "elements"))
        return responses.CacheSetRemoveElements.Success()

    @errors_as_values()
    async def set_fetch(self, cache_name: str, set_name: str) -> CacheSetFetchResponse:
        """Every element, or ``Miss``."""
        cache, name = self._cache(cache_name), _name(set_name)
        found = await self._found(cache, "SetFetch", pb._SetFetchRequest(set_name=name), pb._SetFetchResponse)
        return responses.CacheSetFetch.Miss() if found is None else responses.CacheSetFetch.Hit(set(found.elements))

    @errors_as_values()
    async def set_contains_element(
        self, cache_name: str, set_name: str, element: str | bytes
    ) -> CacheSetContainsElementResponse:
        """Whether ``element`` is in the set; ``Miss`` if there is no set."""
        cache, name = self._cache(cache_name), _name(set_name)
        contains = await self._contains(cache, name, [as_bytes(element)])
        return (
            responses.CacheSetContainsElement.Miss()
            if contains is None
            else responses.CacheSetContainsElement.Hit(contains[0])
        )

    @errors_as_values()
    async def set_contains_elements(
        self, cache_name: str, set_name: str, elements: Iterable[str | bytes]
    ) -> CacheSetContainsElementsResponse:
        """For each of ``elements``, in order, whether it is in the set; ``Miss`` if there is no set."""
        cache, name = self._cache(cache_name), _name(set_name)
        element_list = as_bytes_list(elements, "elements")
        contains = await self._contains(cache, name, element_list)
        return (
            responses.CacheSetContainsElements.Miss()
            if contains is None
            else responses.CacheSetContainsElements.Hit(contains, element_list)
        )

    @errors_as_values()
    async def set_length(self, cache_name: str, set_name: str) -> CacheSetLengthResponse:
        """The number of elements, or ``Miss``.
        A reply of length 0 is ``Hit(0)``; the JS web SDK turns it into ``Miss``, a bug not copied here."""
        cache, name = self._cache(cache_name), _name(set_name)
        found = await self._found(cache, "SetLength", pb._SetLengthRequest(set_name=name), pb._SetLengthResponse)
        return responses.CacheSetLength.Miss() if found is None else responses.CacheSetLength.Hit(found.length)

    @errors_as_values()
    async def set_pop(self, cache_name: str, set_name: str, count: int) -> CacheSetPopResponse:
        """Remove and return up to ``count`` (> 0) random elements, or ``Miss``."""
        cache, name = self._cache(cache_name), _name(set_name)
        checked = validate_int(count, "count")
        require(checked > 0, "count must be positive (> 0)")
        found = await self._found(cache, "SetPop", pb._SetPopRequest(set_name=name, count=checked), pb._SetPopResponse)
        return responses.CacheSetPop.Miss() if found is None else responses.CacheSetPop.Hit(set(found.elements))

    @errors_as_values()
    async def set_sample(self, cache_name: str, set_name: str, limit: int) -> CacheSetSampleResponse:
        """Up to ``limit`` (>= 0) distinct random elements, left in the set; or ``Miss``."""
        cache, name = self._cache(cache_name), _name(set_name)
        checked = validate_int(limit, "limit")
        require(checked >= 0, "limit must be non-negative (>= 0)")
        request = pb._SetSampleRequest(set_name=name, limit=checked)
        found = await self._found(cache, "SetSample", request, pb._SetSampleResponse)
        return responses.CacheSetSample.Miss() if found is None else responses.CacheSetSample.Hit(set(found.elements))

    async def _union(self, cache: str, name: bytes, elements: list[bytes], ttl: CollectionTtl) -> None:
        request = pb._SetUnionRequest(set_name=name, elements=elements, **self._collection_ttl(ttl))
        await self._send(cache, "SetUnion", request, pb._SetUnionResponse)

    async def _difference(self, cache: str, name: bytes, elements: list[bytes]) -> None:
        subtrahend = pb._SetDifferenceRequest._Subtrahend(
            set=pb._SetDifferenceRequest._Subtrahend._Set(elements=elements)
        )
        request = pb._SetDifferenceRequest(set_name=name, subtrahend=subtrahend)
        await self._send(cache, "SetDifference", request, pb._SetDifferenceResponse)

    async def _contains(self, cache: str, name: bytes, elements: list[bytes]) -> list[bool] | None:
        request = pb._SetContainsRequest(set_name=name, elements=elements)
        found = await self._found(cache, "SetContains", request, pb._SetContainsResponse)
        if found is None:
            return None
        check_count("SetContains", found.contains, elements)
        return list(found.contains)

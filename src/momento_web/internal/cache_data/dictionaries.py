"""Dictionaries: maps of field to value stored under one key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from momento_web import responses
from momento_web._messages import cacheclient as pb
from momento_web.internal.cache_data._base import DataClient, parts
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes, as_bytes_items, as_bytes_list, validate_int, validate_name
from momento_web.requests import CollectionTtl
from momento_web.typing import TDictionaryItems

# For the type checker only: at run time each operation's response module loads on its first use, through
# the lazy `responses` package (and errors_as_values finds the Error variant from the return annotation).
if TYPE_CHECKING:
    from momento_web.responses.data.dictionary import (
        CacheDictionaryFetchResponse,
        CacheDictionaryGetFieldResponse,
        CacheDictionaryGetFieldsResponse,
        CacheDictionaryIncrementResponse,
        CacheDictionaryLengthResponse,
        CacheDictionaryRemoveFieldResponse,
        CacheDictionaryRemoveFieldsResponse,
        CacheDictionarySetFieldResponse,
        CacheDictionarySetFieldsResponse,
    )

_FROM_CACHE_TTL = CollectionTtl.from_cache_ttl()


def _name(dictionary_name: str) -> bytes:
    return validate_name(dictionary_name, "Dictionary").encode("utf-8")


class DictionaryMethods(DataClient):
    @errors_as_values()
    async def dictionary_fetch(self, cache_name: str, dictionary_name: str) -> CacheDictionaryFetchResponse:
        """Every field and value of the dictionary, or ``Miss``."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        found = await self._found(
            cache, "DictionaryFetch", pb._DictionaryFetchRequest(dictionary_name=name), pb._DictionaryFetchResponse
        )
        if found is None:
            return responses.CacheDictionaryFetch.Miss()
        return responses.CacheDictionaryFetch.Hit({pair.field: pair.value for pair in found.items})

    @errors_as_values()
    async def dictionary_get_field(
        self, cache_name: str, dictionary_name: str, field: str | bytes
    ) -> CacheDictionaryGetFieldResponse:
        """The value of one field; ``Miss`` if the dictionary or the field is absent."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        found_fields = await self._get_fields(cache, name, [as_bytes(field)])
        return responses.CacheDictionaryGetField.Miss() if found_fields is None else found_fields[0]

    @errors_as_values()
    async def dictionary_get_fields(
        self, cache_name: str, dictionary_name: str, fields: Iterable[str | bytes]
    ) -> CacheDictionaryGetFieldsResponse:
        """The values of ``fields``, in order (a ``Hit`` or ``Miss`` each); ``Miss`` if there is no dictionary.

        Unlike the official Python SDK, a part that is neither a hit nor a miss is an error, not a hit.
        """
        cache, name = self._cache(cache_name), _name(dictionary_name)
        found_fields = await self._get_fields(cache, name, as_bytes_list(fields, "fields"))
        if found_fields is None:
            return responses.CacheDictionaryGetFields.Miss()
        return responses.CacheDictionaryGetFields.Hit(found_fields)

    @errors_as_values()
    async def dictionary_set_field(
        self,
        cache_name: str,
        dictionary_name: str,
        field: str | bytes,
        value: str | bytes,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheDictionarySetFieldResponse:
        """Set one field, creating the dictionary if needed."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        await self._set_fields(cache, name, [(as_bytes(field), as_bytes(value))], ttl)
        return responses.CacheDictionarySetField.Success()

    @errors_as_values()
    async def dictionary_set_fields(
        self, cache_name: str, dictionary_name: str, items: TDictionaryItems, *, ttl: CollectionTtl = _FROM_CACHE_TTL
    ) -> CacheDictionarySetFieldsResponse:
        """Set several fields (a mapping of field to value), creating the dictionary if needed."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        await self._set_fields(cache, name, as_bytes_items(items), ttl)
        return responses.CacheDictionarySetFields.Success()

    @errors_as_values()
    async def dictionary_increment(
        self,
        cache_name: str,
        dictionary_name: str,
        field: str | bytes,
        amount: int = 1,
        *,
        ttl: CollectionTtl = _FROM_CACHE_TTL,
    ) -> CacheDictionaryIncrementResponse:
        """Add ``amount`` to the base-10 integer in ``field`` (absent counts as 0); returns the new value."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        request = pb._DictionaryIncrementRequest(
            dictionary_name=name, field=as_bytes(field, "field"), amount=validate_int(amount, "amount"),
            **self._collection_ttl(ttl),
        )  # fmt: skip
        reply = await self._send(cache, "DictionaryIncrement", request, pb._DictionaryIncrementResponse)
        return responses.CacheDictionaryIncrement.Success(reply.value)

    @errors_as_values()
    async def dictionary_remove_field(
        self, cache_name: str, dictionary_name: str, field: str | bytes
    ) -> CacheDictionaryRemoveFieldResponse:
        """Remove one field; the dictionary disappears with its last field."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        await self._remove_fields(cache, name, [as_bytes(field)])
        return responses.CacheDictionaryRemoveField.Success()

    @errors_as_values()
    async def dictionary_remove_fields(
        self, cache_name: str, dictionary_name: str, fields: Iterable[str | bytes]
    ) -> CacheDictionaryRemoveFieldsResponse:
        """Remove several fields; the dictionary disappears with its last field."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        await self._remove_fields(cache, name, as_bytes_list(fields, "fields"))
        return responses.CacheDictionaryRemoveFields.Success()

    @errors_as_values()
    async def dictionary_length(self, cache_name: str, dictionary_name: str) -> CacheDictionaryLengthResponse:
        """The number of fields, or ``Miss``.
        A reply of length 0 is ``Hit(0)``; the JS web SDK turns it into ``Miss``, a bug not copied here."""
        cache, name = self._cache(cache_name), _name(dictionary_name)
        request = pb._DictionaryLengthRequest(dictionary_name=name)
        found = await self._found(cache, "DictionaryLength", request, pb._DictionaryLengthResponse)
        return (
            responses.CacheDictionaryLength.Miss()
            if found is None
            else responses.CacheDictionaryLength.Hit(found.length)
        )

    async def _get_fields(
        self, cache: str, name: bytes, fields: list[bytes]
    ) -> list[CacheDictionaryGetFieldResponse] | None:
        """Per field a ``Hit`` or ``Miss``; None if there is no dictionary."""
        request = pb._DictionaryGetRequest(dictionary_name=name, fields=fields)
        found = await self._found(cache, "DictionaryGet", request, pb._DictionaryGetResponse)
        if found is None:
            return None
        return parts(
            "DictionaryGet", fields, found.items,
            lambda field, part: responses.CacheDictionaryGetField.Hit(part.cache_body, field),
            lambda _: responses.CacheDictionaryGetField.Miss(),
        )  # fmt: skip

    async def _set_fields(self, cache: str, name: bytes, items: list[tuple[bytes, bytes]], ttl: CollectionTtl) -> None:
        pairs = [pb._DictionaryFieldValuePair(field=field, value=value) for field, value in items]
        request = pb._DictionarySetRequest(dictionary_name=name, items=pairs, **self._collection_ttl(ttl))
        await self._send(cache, "DictionarySet", request, pb._DictionarySetResponse)

    async def _remove_fields(self, cache: str, name: bytes, fields: list[bytes]) -> None:
        some = pb._DictionaryDeleteRequest.Some(fields=fields)
        request = pb._DictionaryDeleteRequest(dictionary_name=name, some=some)
        await self._send(cache, "DictionaryDelete", request, pb._DictionaryDeleteResponse)

"""Dictionaries with ``CacheClientAsync``: set fields, read one, some or all of them, increment, remove."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.requests import CollectionTtl
from momento.responses import (
    CacheDictionaryFetch,
    CacheDictionaryGetField,
    CacheDictionaryGetFields,
    CacheDictionaryIncrement,
    CacheDictionaryRemoveField,
    CacheDictionaryRemoveFields,
    CacheDictionarySetField,
    CacheDictionarySetFields,
    CreateCache,
)

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


async def main() -> None:
    config = Configurations.Laptop.v1()
    async with await CacheClientAsync.create(config, credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(await client.create_cache(CACHE_NAME), CreateCache.Success)

        set_field = await client.dictionary_set_field(CACHE_NAME, "user:1", "name", "Ada")
        assert isinstance(set_field, CacheDictionarySetField.Success), set_field
        fields = {"city": "London", "language": "Python"}
        set_fields = await client.dictionary_set_fields(
            CACHE_NAME, "user:1", fields, ttl=CollectionTtl.of(timedelta(minutes=10))
        )
        assert isinstance(set_fields, CacheDictionarySetFields.Success), set_fields

        match await client.dictionary_get_field(CACHE_NAME, "user:1", "name"):
            case CacheDictionaryGetField.Hit() as hit:
                assert (hit.field_string, hit.value_string) == ("name", "Ada")
            case other:
                raise AssertionError(f"expected a hit, got {other}")
        missing = await client.dictionary_get_field(CACHE_NAME, "user:1", "email")
        assert isinstance(missing, CacheDictionaryGetField.Miss), missing

        some = await client.dictionary_get_fields(CACHE_NAME, "user:1", ["name", "email", "city"])
        assert isinstance(some, CacheDictionaryGetFields.Hit), some
        assert some.value_dictionary_string_string == {"name": "Ada", "city": "London"}
        assert [type(response) for response in some.responses] == [
            CacheDictionaryGetField.Hit,
            CacheDictionaryGetField.Miss,
            CacheDictionaryGetField.Hit,
        ]

        incremented = await client.dictionary_increment(CACHE_NAME, "user:1", "visits", 3)
        assert isinstance(incremented, CacheDictionaryIncrement.Success), incremented
        assert incremented.value == 3

        match await client.dictionary_fetch(CACHE_NAME, "user:1"):
            case CacheDictionaryFetch.Hit() as fetched:
                assert fetched.value_dictionary_string_string == {
                    "name": "Ada",
                    "city": "London",
                    "language": "Python",
                    "visits": "3",
                }
                assert fetched.value_dictionary_bytes_bytes[b"name"] == b"Ada"
            case not_fetched:
                raise AssertionError(f"expected a hit, got {not_fetched}")

        removed = await client.dictionary_remove_field(CACHE_NAME, "user:1", "visits")
        assert isinstance(removed, CacheDictionaryRemoveField.Success), removed
        removed_some = await client.dictionary_remove_fields(CACHE_NAME, "user:1", ["city", "language"])
        assert isinstance(removed_some, CacheDictionaryRemoveFields.Success), removed_some
        left = await client.dictionary_fetch(CACHE_NAME, "user:1")
        assert isinstance(left, CacheDictionaryFetch.Hit), left
        assert left.value_dictionary_string_string == {"name": "Ada"}

        await client.dictionary_remove_field(CACHE_NAME, "user:1", "name")
        assert isinstance(await client.dictionary_fetch(CACHE_NAME, "user:1"), CacheDictionaryFetch.Miss)
        await client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())

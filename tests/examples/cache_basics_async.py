"""The same first steps with ``CacheClientAsync``, written as momento's API reference shows them (``match``)."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.responses import CacheDelete, CacheGet, CacheSet, CreateCache, DeleteCache, ListCaches

logger = logging.getLogger("example.cache_basics_async")
CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


async def create_cache(cache_client: CacheClientAsync) -> None:
    create_cache_response = await cache_client.create_cache(CACHE_NAME)
    match create_cache_response:
        case CreateCache.Success():
            logger.info("cache %r created", CACHE_NAME)
        case CreateCache.CacheAlreadyExists():
            logger.info("cache %r already exists", CACHE_NAME)
        case CreateCache.Error() as error:
            raise Exception(f"An error occurred while attempting to create cache {CACHE_NAME!r}: {error.message}")


async def list_caches(cache_client: CacheClientAsync) -> list[str]:
    list_caches_response = await cache_client.list_caches()
    match list_caches_response:
        case ListCaches.Success() as success:
            return [cache_info.name for cache_info in success.caches]
        case ListCaches.Error() as error:
            raise Exception(f"An error occurred while attempting to list caches: {error.message}")
    raise AssertionError(f"unexpected response {list_caches_response}")


async def set_get_delete(cache_client: CacheClientAsync) -> None:
    set_response = await cache_client.set(CACHE_NAME, "test-key", "test-value")
    match set_response:
        case CacheSet.Success():
            logger.info("key 'test-key' stored")
        case CacheSet.Error() as error:
            raise Exception(f"An error occurred while attempting to store key 'test-key': {error.message}")

    get_response = await cache_client.get(CACHE_NAME, "test-key")
    match get_response:
        case CacheGet.Hit() as hit:
            assert hit.value_string == "test-value"
        case CacheGet.Miss():
            raise AssertionError("key 'test-key' was not found")
        case CacheGet.Error() as get_error:
            raise Exception(f"An error occurred while attempting to get key 'test-key': {get_error.message}")

    delete_response = await cache_client.delete(CACHE_NAME, "test-key")
    match delete_response:
        case CacheDelete.Success():
            logger.info("key 'test-key' deleted")
        case CacheDelete.Error() as delete_error:
            raise Exception(f"An error occurred while attempting to delete key 'test-key': {delete_error.message}")
    assert isinstance(await cache_client.get(CACHE_NAME, "test-key"), CacheGet.Miss)


async def main() -> None:
    config = Configurations.Laptop.latest()
    async with await CacheClientAsync.create(config, credential_provider(), timedelta(seconds=60)) as cache_client:
        await create_cache(cache_client)
        await create_cache(cache_client)  # a second time: CacheAlreadyExists
        assert CACHE_NAME in await list_caches(cache_client)
        await set_get_delete(cache_client)

        delete_cache_response = await cache_client.delete_cache(CACHE_NAME)
        match delete_cache_response:
            case DeleteCache.Success():
                logger.info("cache %r deleted", CACHE_NAME)
            case DeleteCache.Error() as error:
                raise Exception(f"An error occurred while attempting to delete {CACHE_NAME!r}: {error.message}")
        assert CACHE_NAME not in await list_caches(cache_client)


if __name__ == "__main__":
    asyncio.run(main())

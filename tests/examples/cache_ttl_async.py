"""TTLs and flushing with a ``CacheClientAsync`` made by its constructor (``isinstance`` checks, as momento's docs
write them for Python before 3.10): an item outlives neither its own TTL nor a flush of its cache."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.requests import CollectionTtl
from momento.responses import CacheFlush, CacheGet, CacheListFetch, CacheSet, CreateCache

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


async def main() -> None:
    config = Configurations.Laptop.v1().with_client_timeout(timedelta(seconds=10))
    async with CacheClientAsync(config, credential_provider(), default_ttl=timedelta(minutes=1)) as client:
        create_cache_response = await client.create_cache(CACHE_NAME)
        if isinstance(create_cache_response, CreateCache.Error):
            raise create_cache_response.inner_exception
        assert isinstance(create_cache_response, CreateCache.Success)

        short = await client.set(CACHE_NAME, "short-lived", "soon gone", ttl=timedelta(seconds=1))
        assert isinstance(short, CacheSet.Success), short
        await client.set(CACHE_NAME, "default-ttl", "stays a minute")
        await client.list_push_back(CACHE_NAME, "log", "entry", ttl=CollectionTtl.of(timedelta(seconds=1)))
        await client.list_push_back(CACHE_NAME, "log", "more", ttl=CollectionTtl.refresh_ttl_if_provided())
        assert isinstance(await client.get(CACHE_NAME, "short-lived"), CacheGet.Hit)

        await asyncio.sleep(1.5)
        assert isinstance(await client.get(CACHE_NAME, "short-lived"), CacheGet.Miss)
        assert isinstance(await client.list_fetch(CACHE_NAME, "log"), CacheListFetch.Miss)
        kept = await client.get(CACHE_NAME, "default-ttl")
        assert isinstance(kept, CacheGet.Hit), kept

        flushed = await client.flush_cache(CACHE_NAME)
        assert isinstance(flushed, CacheFlush.Success), flushed
        assert isinstance(await client.get(CACHE_NAME, "default-ttl"), CacheGet.Miss)
        no_cache = await client.flush_cache(f"{CACHE_NAME}-missing")
        assert isinstance(no_cache, CacheFlush.Error), no_cache
        await client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())

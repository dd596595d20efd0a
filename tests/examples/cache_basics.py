"""The cache's first steps with the synchronous client: create a cache, set, get, delete, increment, list caches."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider
from momento.responses import (
    CacheDelete,
    CacheGet,
    CacheIncrement,
    CacheSet,
    CacheSetIfNotExists,
    CreateCache,
    DeleteCache,
    ListCaches,
)

logger = logging.getLogger("example.cache_basics")
CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


def main() -> None:
    with CacheClient.create(Configurations.Laptop.v1(), credential_provider(), timedelta(seconds=60)) as client:
        match client.create_cache(CACHE_NAME):
            case CreateCache.Success():
                logger.info("cache %r created", CACHE_NAME)
            case CreateCache.CacheAlreadyExists():
                raise AssertionError("a fresh cache name cannot exist yet")
            case CreateCache.Error() as error:
                raise error.inner_exception
        assert isinstance(client.create_cache(CACHE_NAME), CreateCache.CacheAlreadyExists)

        listed = client.list_caches()
        assert isinstance(listed, ListCaches.Success), listed
        assert CACHE_NAME in [cache_info.name for cache_info in listed.caches]

        assert isinstance(client.set(CACHE_NAME, "test-key", "test-value"), CacheSet.Success)
        match client.get(CACHE_NAME, "test-key"):
            case CacheGet.Hit() as hit:
                assert hit.value_string == "test-value"
                assert hit.value_bytes == b"test-value"
            case other:
                raise AssertionError(f"expected a hit, got {other}")

        assert isinstance(client.delete(CACHE_NAME, "test-key"), CacheDelete.Success)
        assert isinstance(client.get(CACHE_NAME, "test-key"), CacheGet.Miss)

        # Bytes keys and values, and a TTL of the item's own.
        assert isinstance(client.set(CACHE_NAME, b"\x00key", b"\xffvalue", ttl=timedelta(minutes=5)), CacheSet.Success)
        binary = client.get(CACHE_NAME, b"\x00key")
        assert isinstance(binary, CacheGet.Hit), binary
        assert binary.value_bytes == b"\xffvalue"

        assert isinstance(client.set_if_not_exists(CACHE_NAME, "once", "first"), CacheSetIfNotExists.Stored)
        assert isinstance(client.set_if_not_exists(CACHE_NAME, "once", "second"), CacheSetIfNotExists.NotStored)

        counted = client.increment(CACHE_NAME, "counter", 5)
        assert isinstance(counted, CacheIncrement.Success), counted
        counted = client.increment(CACHE_NAME, "counter")
        assert isinstance(counted, CacheIncrement.Success), counted
        assert counted.value == 6

        assert isinstance(client.delete_cache(CACHE_NAME), DeleteCache.Success)
        gone = client.get(CACHE_NAME, "once")
        assert isinstance(gone, CacheGet.Error), gone


if __name__ == "__main__":
    main()

"""Sets with ``CacheClientAsync``: add elements, fetch, remove."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.responses import (
    CacheSetAddElement,
    CacheSetAddElements,
    CacheSetFetch,
    CacheSetRemoveElement,
    CacheSetRemoveElements,
    CreateCache,
)

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


async def main() -> None:
    config = Configurations.Laptop.latest()
    async with await CacheClientAsync.create(config, credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(await client.create_cache(CACHE_NAME), CreateCache.Success)

        added = await client.set_add_element(CACHE_NAME, "tags", "python")
        assert isinstance(added, CacheSetAddElement.Success), added
        added_some = await client.set_add_elements(CACHE_NAME, "tags", {"cache", "browser", "python"})
        assert isinstance(added_some, CacheSetAddElements.Success), added_some

        match await client.set_fetch(CACHE_NAME, "tags"):
            case CacheSetFetch.Hit() as hit:
                assert hit.value_set_string == {"python", "cache", "browser"}
                assert hit.value_set_bytes == {b"python", b"cache", b"browser"}
            case other:
                raise AssertionError(f"expected a hit, got {other}")

        removed = await client.set_remove_element(CACHE_NAME, "tags", "browser")
        assert isinstance(removed, CacheSetRemoveElement.Success), removed
        removed_some = await client.set_remove_elements(CACHE_NAME, "tags", ["cache", "not-there"])
        assert isinstance(removed_some, CacheSetRemoveElements.Success), removed_some
        left = await client.set_fetch(CACHE_NAME, "tags")
        assert isinstance(left, CacheSetFetch.Hit), left
        assert left.value_set_string == {"python"}

        await client.set_remove_element(CACHE_NAME, "tags", "python")
        assert isinstance(await client.set_fetch(CACHE_NAME, "tags"), CacheSetFetch.Miss)
        await client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())

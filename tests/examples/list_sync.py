"""Lists with the synchronous ``CacheClient``: push, concatenate, fetch, pop, remove, with truncation."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider
from momento.responses import (
    CacheListConcatenateBack,
    CacheListConcatenateFront,
    CacheListFetch,
    CacheListLength,
    CacheListPopBack,
    CacheListPopFront,
    CacheListPushBack,
    CacheListPushFront,
    CacheListRemoveValue,
    CreateCache,
)

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


def main() -> None:
    with CacheClient.create(Configurations.Laptop.latest(), credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(client.create_cache(CACHE_NAME), CreateCache.Success)

        pushed = client.list_push_back(CACHE_NAME, "queue", "b")
        assert isinstance(pushed, CacheListPushBack.Success), pushed
        assert pushed.list_length == 1
        pushed_front = client.list_push_front(CACHE_NAME, "queue", "a")
        assert isinstance(pushed_front, CacheListPushFront.Success), pushed_front
        assert pushed_front.list_length == 2
        back = client.list_concatenate_back(CACHE_NAME, "queue", ["c", "d", "c"])
        assert isinstance(back, CacheListConcatenateBack.Success), back
        assert back.list_length == 5
        front = client.list_concatenate_front(CACHE_NAME, "queue", ["y", "z"], truncate_back_to_size=6)
        assert isinstance(front, CacheListConcatenateFront.Success), front
        assert front.list_length == 6

        match client.list_fetch(CACHE_NAME, "queue"):
            case CacheListFetch.Hit() as hit:
                assert hit.value_list_string == ["y", "z", "a", "b", "c", "d"]
            case other:
                raise AssertionError(f"expected a hit, got {other}")

        length = client.list_length(CACHE_NAME, "queue")
        assert isinstance(length, CacheListLength.Hit), length
        assert length.length == 6

        popped = client.list_pop_front(CACHE_NAME, "queue")
        assert isinstance(popped, CacheListPopFront.Hit), popped
        assert popped.value_string == "y"
        popped_back = client.list_pop_back(CACHE_NAME, "queue")
        assert isinstance(popped_back, CacheListPopBack.Hit), popped_back
        assert popped_back.value_bytes == b"d"

        removed = client.list_remove_value(CACHE_NAME, "queue", "z")
        assert isinstance(removed, CacheListRemoveValue.Success), removed
        rest = client.list_fetch(CACHE_NAME, "queue")
        assert isinstance(rest, CacheListFetch.Hit), rest
        assert rest.value_list_bytes == [b"a", b"b", b"c"]

        assert isinstance(client.list_fetch(CACHE_NAME, "no-such-list"), CacheListFetch.Miss)
        assert isinstance(client.list_pop_front(CACHE_NAME, "no-such-list"), CacheListPopFront.Miss)
        client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    main()

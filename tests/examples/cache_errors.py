"""Errors are values, not exceptions: every call answers with its response's ``Error`` variant, which carries a
``MomentoErrorCode``, a message, and the exception a caller may raise."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider
from momento.errors import MomentoErrorCode
from momento.errors.exceptions import InvalidArgumentException, NotFoundException
from momento.requests import CollectionTtl
from momento.responses import CacheDictionaryGetFields, CacheGet, CacheSet, CacheSetAddElements, CreateCache

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


def main() -> None:
    with CacheClient.create(Configurations.Laptop.latest(), credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(client.create_cache(CACHE_NAME), CreateCache.Success)

        # A cache that does not exist: NOT_FOUND_ERROR, and the exception a caller may raise.
        match client.get(f"{CACHE_NAME}-missing", "key"):
            case CacheGet.Error() as error:
                assert error.error_code == MomentoErrorCode.NOT_FOUND_ERROR
                assert isinstance(error.inner_exception, NotFoundException)
                assert error.message.startswith("A cache with the specified name does not exist.")
            case other:
                raise AssertionError(f"expected an error, got {other}")

        # Bad arguments are reported the same way, before anything is sent.
        empty_name = client.set("", "key", "value")
        assert isinstance(empty_name, CacheSet.Error), empty_name
        assert empty_name.error_code == MomentoErrorCode.INVALID_ARGUMENT_ERROR
        assert isinstance(empty_name.inner_exception, InvalidArgumentException)
        assert empty_name.message == "Invalid argument passed to Momento client: Cache name must not be empty"

        wrong_type = client.set_add_elements(CACHE_NAME, "set", [1, 2])  # type: ignore[list-item]
        assert isinstance(wrong_type, CacheSetAddElements.Error), wrong_type
        assert wrong_type.message.endswith("Could not convert the given type to bytes: <class 'int'>")

        names_first = client.dictionary_get_fields(CACHE_NAME, "", ["field"])
        assert isinstance(names_first, CacheDictionaryGetFields.Error), names_first
        assert names_first.message.endswith("Dictionary name must not be empty")

        # CollectionTtl checks its TTL when it is made.
        try:
            CollectionTtl(ttl=timedelta(seconds=-1))
        except InvalidArgumentException:
            pass
        else:
            raise AssertionError("a negative collection TTL was accepted")

        # str() of a response is short and readable.
        client.set(CACHE_NAME, "long", "x" * 100)
        hit = client.get(CACHE_NAME, "long")
        assert isinstance(hit, CacheGet.Hit), hit
        assert str(hit) == f"CacheGet.Hit(value_bytes=b'{'x' * 32}...')"
        client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    main()

"""Responses of key-level operations: existence, item type, remaining TTL and TTL updates (JS SDK methods)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class ItemType(Enum):
    """What an item is. Mapped by name: the JS SDK numbers LIST and SET differently from the protocol."""

    SCALAR = "SCALAR"
    DICTIONARY = "DICTIONARY"
    SET = "SET"
    LIST = "LIST"
    SORTED_SET = "SORTED_SET"


class CacheKeyExistsResponse(CacheResponse):
    """``CacheKeyExists.Success(exists)`` or ``.Error``."""


class CacheKeyExists:
    @dataclass(frozen=True)
    class Success(CacheKeyExistsResponse):
        exists: bool

    class Error(CacheKeyExistsResponse, ErrorVariant): ...


class CacheKeysExistResponse(CacheResponse):
    """``CacheKeysExist.Success(exists, keys)`` or ``.Error``."""


class CacheKeysExist:
    @dataclass(frozen=True)
    class Success(CacheKeysExistResponse):
        """``exists[i]`` tells whether ``keys[i]`` holds an item."""

        exists: list[bool]
        keys: list[bytes]

        @property
        def exists_dictionary_bytes(self) -> dict[bytes, bool]:
            return dict(zip(self.keys, self.exists, strict=True))

        @property
        def exists_dictionary(self) -> dict[str, bool]:
            """Keyed by the keys decoded as UTF-8 (the JS SDK's ``valueRecord``)."""
            return {key.decode("utf-8"): exists for key, exists in zip(self.keys, self.exists, strict=True)}

    class Error(CacheKeysExistResponse, ErrorVariant): ...


class CacheItemGetTypeResponse(CacheResponse):
    """``CacheItemGetType.Hit(item_type)``, ``.Miss`` or ``.Error``."""


class CacheItemGetType:
    @dataclass(frozen=True)
    class Hit(CacheItemGetTypeResponse):
        item_type: ItemType

    class Miss(CacheItemGetTypeResponse, Unit): ...

    class Error(CacheItemGetTypeResponse, ErrorVariant): ...


class CacheItemGetTtlResponse(CacheResponse):
    """``CacheItemGetTtl.Hit(remaining_ttl)``, ``.Miss`` or ``.Error``."""


class CacheItemGetTtl:
    @dataclass(frozen=True)
    class Hit(CacheItemGetTtlResponse):
        remaining_ttl: timedelta

        @property
        def remaining_ttl_millis(self) -> int:
            return self.remaining_ttl // timedelta(milliseconds=1)

    class Miss(CacheItemGetTtlResponse, Unit): ...

    class Error(CacheItemGetTtlResponse, ErrorVariant): ...


class CacheUpdateTtlResponse(CacheResponse):
    """``CacheUpdateTtl.Set``, ``.Miss`` (no such key) or ``.Error``."""


class CacheUpdateTtl:
    class Set(CacheUpdateTtlResponse, Unit): ...

    class Miss(CacheUpdateTtlResponse, Unit): ...

    class Error(CacheUpdateTtlResponse, ErrorVariant): ...


class CacheIncreaseTtlResponse(CacheResponse):
    """``CacheIncreaseTtl.Set``, ``.NotSet`` (the TTL was already longer), ``.Miss`` or ``.Error``."""


class CacheIncreaseTtl:
    class Set(CacheIncreaseTtlResponse, Unit): ...

    class NotSet(CacheIncreaseTtlResponse, Unit): ...

    class Miss(CacheIncreaseTtlResponse, Unit): ...

    class Error(CacheIncreaseTtlResponse, ErrorVariant): ...


class CacheDecreaseTtlResponse(CacheResponse):
    """``CacheDecreaseTtl.Set``, ``.NotSet`` (the TTL was already shorter), ``.Miss`` or ``.Error``."""


class CacheDecreaseTtl:
    class Set(CacheDecreaseTtlResponse, Unit): ...

    class NotSet(CacheDecreaseTtlResponse, Unit): ...

    class Miss(CacheDecreaseTtlResponse, Unit): ...

    class Error(CacheDecreaseTtlResponse, ErrorVariant): ...

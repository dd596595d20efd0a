"""Responses of conditional writes (``set_if_*``, ``set_with_hash``, the hash-conditional sets) and ``get_with_hash``.

Only the JS SDK has these methods; the names follow the official Python SDK's conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.data._accessors import HashStringMixin
from momento_web.responses.mixins import ValueStringMixin
from momento_web.responses.response import CacheResponse

# --- value conditions: Stored / NotStored --------------------------------------------------------------------


class CacheSetIfAbsentResponse(CacheResponse):
    """``CacheSetIfAbsent.Stored``, ``.NotStored`` (the key exists) or ``.Error``."""


class CacheSetIfAbsent:
    class Stored(CacheSetIfAbsentResponse, Unit): ...

    class NotStored(CacheSetIfAbsentResponse, Unit): ...

    class Error(CacheSetIfAbsentResponse, ErrorVariant): ...


class CacheSetIfPresentResponse(CacheResponse):
    """``CacheSetIfPresent.Stored``, ``.NotStored`` (the key is absent) or ``.Error``."""


class CacheSetIfPresent:
    class Stored(CacheSetIfPresentResponse, Unit): ...

    class NotStored(CacheSetIfPresentResponse, Unit): ...

    class Error(CacheSetIfPresentResponse, ErrorVariant): ...


class CacheSetIfEqualResponse(CacheResponse):
    """``CacheSetIfEqual.Stored``, ``.NotStored`` (absent or another value) or ``.Error``."""


class CacheSetIfEqual:
    class Stored(CacheSetIfEqualResponse, Unit): ...

    class NotStored(CacheSetIfEqualResponse, Unit): ...

    class Error(CacheSetIfEqualResponse, ErrorVariant): ...


class CacheSetIfNotEqualResponse(CacheResponse):
    """``CacheSetIfNotEqual.Stored``, ``.NotStored`` (the stored value is equal) or ``.Error``."""


class CacheSetIfNotEqual:
    class Stored(CacheSetIfNotEqualResponse, Unit): ...

    class NotStored(CacheSetIfNotEqualResponse, Unit): ...

    class Error(CacheSetIfNotEqualResponse, ErrorVariant): ...


class CacheSetIfPresentAndNotEqualResponse(CacheResponse):
    """``CacheSetIfPresentAndNotEqual.Stored``, ``.NotStored`` (absent or equal) or ``.Error``."""


class CacheSetIfPresentAndNotEqual:
    class Stored(CacheSetIfPresentAndNotEqualResponse, Unit): ...

    class NotStored(CacheSetIfPresentAndNotEqualResponse, Unit): ...

    class Error(CacheSetIfPresentAndNotEqualResponse, ErrorVariant): ...


class CacheSetIfAbsentOrEqualResponse(CacheResponse):
    """``CacheSetIfAbsentOrEqual.Stored``, ``.NotStored`` (present with another value) or ``.Error``."""


class CacheSetIfAbsentOrEqual:
    class Stored(CacheSetIfAbsentOrEqualResponse, Unit): ...

    class NotStored(CacheSetIfAbsentOrEqualResponse, Unit): ...

    class Error(CacheSetIfAbsentOrEqualResponse, ErrorVariant): ...


# --- hashes: Stored(hash_bytes) / NotStored ------------------------------------------------------------------


class CacheGetWithHashResponse(CacheResponse):
    """``CacheGetWithHash.Hit`` (value and the server's hash of it), ``.Miss`` or ``.Error``."""


class CacheGetWithHash:
    @dataclass(frozen=True)
    class Hit(CacheGetWithHashResponse, ValueStringMixin, HashStringMixin):
        value_bytes: bytes
        hash_bytes: bytes

    class Miss(CacheGetWithHashResponse, Unit): ...

    class Error(CacheGetWithHashResponse, ErrorVariant): ...


class CacheSetWithHashResponse(CacheResponse):
    """``CacheSetWithHash.Stored`` (with the new value's hash), ``.NotStored`` or ``.Error``."""


class CacheSetWithHash:
    @dataclass(frozen=True)
    class Stored(CacheSetWithHashResponse, HashStringMixin):
        hash_bytes: bytes

    class NotStored(CacheSetWithHashResponse, Unit): ...

    class Error(CacheSetWithHashResponse, ErrorVariant): ...


class CacheSetIfPresentAndHashEqualResponse(CacheResponse):
    """``CacheSetIfPresentAndHashEqual.Stored(hash_bytes)``, ``.NotStored`` or ``.Error``."""


class CacheSetIfPresentAndHashEqual:
    @dataclass(frozen=True)
    class Stored(CacheSetIfPresentAndHashEqualResponse, HashStringMixin):
        hash_bytes: bytes

    class NotStored(CacheSetIfPresentAndHashEqualResponse, Unit): ...

    class Error(CacheSetIfPresentAndHashEqualResponse, ErrorVariant): ...


class CacheSetIfPresentAndHashNotEqualResponse(CacheResponse):
    """``CacheSetIfPresentAndHashNotEqual.Stored(hash_bytes)``, ``.NotStored`` or ``.Error``."""


class CacheSetIfPresentAndHashNotEqual:
    @dataclass(frozen=True)
    class Stored(CacheSetIfPresentAndHashNotEqualResponse, HashStringMixin):
        hash_bytes: bytes

    class NotStored(CacheSetIfPresentAndHashNotEqualResponse, Unit): ...

    class Error(CacheSetIfPresentAndHashNotEqualResponse, ErrorVariant): ...


class CacheSetIfAbsentOrHashEqualResponse(CacheResponse):
    """``CacheSetIfAbsentOrHashEqual.Stored(hash_bytes)``, ``.NotStored`` or ``.Error``."""


class CacheSetIfAbsentOrHashEqual:
    @dataclass(frozen=True)
    class Stored(CacheSetIfAbsentOrHashEqualResponse, HashStringMixin):
        hash_bytes: bytes

    class NotStored(CacheSetIfAbsentOrHashEqualResponse, Unit): ...

    class Error(CacheSetIfAbsentOrHashEqualResponse, ErrorVariant): ...


class CacheSetIfAbsentOrHashNotEqualResponse(CacheResponse):
    """``CacheSetIfAbsentOrHashNotEqual.Stored(hash_bytes)``, ``.NotStored`` or ``.Error``."""


class CacheSetIfAbsentOrHashNotEqual:
    @dataclass(frozen=True)
    class Stored(CacheSetIfAbsentOrHashNotEqualResponse, HashStringMixin):
        hash_bytes: bytes

    class NotStored(CacheSetIfAbsentOrHashNotEqualResponse, Unit): ...

    class Error(CacheSetIfAbsentOrHashNotEqualResponse, ErrorVariant): ...

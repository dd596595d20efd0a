"""Responses of scalar (single key) operations, one module per operation as in ``momento``.
Each name loads its module on first use (``responses/_lazy.py``).
"""

from typing import TYPE_CHECKING

from momento_web.responses import _lazy

if TYPE_CHECKING:
    from momento_web.responses.data.scalar.delete import CacheDelete, CacheDeleteResponse
    from momento_web.responses.data.scalar.get import CacheGet, CacheGetResponse
    from momento_web.responses.data.scalar.increment import CacheIncrement, CacheIncrementResponse
    from momento_web.responses.data.scalar.ping import CachePing, CachePingResponse
    from momento_web.responses.data.scalar.set import CacheSet, CacheSetResponse
    from momento_web.responses.data.scalar.set_if_not_exists import CacheSetIfNotExists, CacheSetIfNotExistsResponse

__all__ = [
    "CacheDelete",
    "CacheDeleteResponse",
    "CacheGet",
    "CacheGetResponse",
    "CacheIncrement",
    "CacheIncrementResponse",
    "CachePing",
    "CachePingResponse",
    "CacheSet",
    "CacheSetIfNotExists",
    "CacheSetIfNotExistsResponse",
    "CacheSetResponse",
]

__getattr__, __dir__ = _lazy.accessors(__name__, __all__)

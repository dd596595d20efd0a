"""Responses of scalar (single key) operations, one module per operation as in ``momento``."""

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

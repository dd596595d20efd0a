"""Every response type, importable from one place as in the official SDK (``momento_web.responses``)."""

from momento_web.responses.control.cache.create import CreateCache, CreateCacheResponse
from momento_web.responses.control.cache.delete import DeleteCache, DeleteCacheResponse
from momento_web.responses.control.cache.flush import CacheFlush, CacheFlushResponse
from momento_web.responses.control.cache.list import CacheInfo, ListCaches, ListCachesResponse
from momento_web.responses.data.scalar import (
    CacheDelete,
    CacheDeleteResponse,
    CacheGet,
    CacheGetResponse,
    CacheIncrement,
    CacheIncrementResponse,
    CachePing,
    CachePingResponse,
    CacheSet,
    CacheSetIfNotExists,
    CacheSetIfNotExistsResponse,
    CacheSetResponse,
)
from momento_web.responses.response import AuthResponse, CacheResponse, ControlResponse, PubsubResponse, Response

__all__ = [
    "AuthResponse",
    "CacheDelete",
    "CacheDeleteResponse",
    "CacheFlush",
    "CacheFlushResponse",
    "CacheGet",
    "CacheGetResponse",
    "CacheIncrement",
    "CacheIncrementResponse",
    "CacheInfo",
    "CachePing",
    "CachePingResponse",
    "CacheResponse",
    "CacheSet",
    "CacheSetIfNotExists",
    "CacheSetIfNotExistsResponse",
    "CacheSetResponse",
    "ControlResponse",
    "CreateCache",
    "CreateCacheResponse",
    "DeleteCache",
    "DeleteCacheResponse",
    "ListCaches",
    "ListCachesResponse",
    "PubsubResponse",
    "Response",
]

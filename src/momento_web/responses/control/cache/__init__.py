"""Responses of cache control-plane operations, one module per operation as in ``momento``."""

from momento_web.responses.control.cache.create import CreateCache, CreateCacheResponse
from momento_web.responses.control.cache.delete import DeleteCache, DeleteCacheResponse
from momento_web.responses.control.cache.flush import CacheFlush, CacheFlushResponse
from momento_web.responses.control.cache.list import CacheInfo, ListCaches, ListCachesResponse

__all__ = [
    "CacheFlush",
    "CacheFlushResponse",
    "CacheInfo",
    "CreateCache",
    "CreateCacheResponse",
    "DeleteCache",
    "DeleteCacheResponse",
    "ListCaches",
    "ListCachesResponse",
]

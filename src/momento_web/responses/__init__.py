"""Every response type, importable from one place as in the official SDK (``momento_web.responses``)."""

from momento_web.responses import data as _data
from momento_web.responses.auth import (
    GenerateApiKey,
    GenerateApiKeyResponse,
    GenerateDisposableToken,
    GenerateDisposableTokenResponse,
    RefreshApiKey,
    RefreshApiKeyResponse,
)
from momento_web.responses.control.cache.create import CreateCache, CreateCacheResponse
from momento_web.responses.control.cache.delete import DeleteCache, DeleteCacheResponse
from momento_web.responses.control.cache.flush import CacheFlush, CacheFlushResponse
from momento_web.responses.control.cache.list import CacheInfo, ListCaches, ListCachesResponse
from momento_web.responses.control.signing_key import (
    CreateSigningKey,
    CreateSigningKeyResponse,
    ListSigningKeys,
    ListSigningKeysResponse,
    RevokeSigningKey,
    RevokeSigningKeyResponse,
    SigningKey,
)
from momento_web.responses.data import *  # noqa: F403  (collections, conditional writes, batches, TTLs)
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
from momento_web.responses.pubsub import (
    TopicPublish,
    TopicPublishResponse,
    TopicSubscribe,
    TopicSubscribeResponse,
    TopicSubscriptionItem,
    TopicSubscriptionItemResponse,
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
    "GenerateApiKey",
    "GenerateApiKeyResponse",
    "GenerateDisposableToken",
    "GenerateDisposableTokenResponse",
    "ListCaches",
    "ListCachesResponse",
    "PubsubResponse",
    "RefreshApiKey",
    "RefreshApiKeyResponse",
    "Response",
    "TopicPublish",
    "TopicPublishResponse",
    "TopicSubscribe",
    "TopicSubscribeResponse",
    "TopicSubscriptionItem",
    "TopicSubscriptionItemResponse",
]
__all__ += _data.__all__
__all__ += [
    "CreateSigningKey",
    "CreateSigningKeyResponse",
    "ListSigningKeys",
    "ListSigningKeysResponse",
    "RevokeSigningKey",
    "RevokeSigningKeyResponse",
    "SigningKey",
]

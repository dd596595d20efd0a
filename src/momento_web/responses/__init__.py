"""Every response type, importable from one place as in the official SDK (``momento_web.responses``).

Each operation's classes are defined in a module of their own, at the path ``momento`` uses (e.g.
``momento_web.responses.data.scalar.get`` holds ``CacheGet`` and ``CacheGetResponse``); the JS web SDK's extra
operations follow the same pattern (``...data.set.pop``, ``...data.keys``, ...). This package imports each
name on first use (PEP 562), so a page that only caches never loads the topic and auth responses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from momento_web.responses.response import AuthResponse as AuthResponse
from momento_web.responses.response import CacheResponse as CacheResponse
from momento_web.responses.response import ControlResponse as ControlResponse
from momento_web.responses.response import PubsubResponse as PubsubResponse
from momento_web.responses.response import Response as Response

if TYPE_CHECKING:
    from momento_web.responses.auth import *  # noqa: F403
    from momento_web.responses.control.cache import *  # noqa: F403
    from momento_web.responses.control.signing_key import *  # noqa: F403
    from momento_web.responses.data import *  # noqa: F403
    from momento_web.responses.data.scalar import *  # noqa: F403
    from momento_web.responses.pubsub import *  # noqa: F403

# Module (under momento_web.responses) -> the public names it defines.
_MODULES: dict[str, tuple[str, ...]] = {
    "auth.api_key": ("GenerateApiKey", "GenerateApiKeyResponse", "RefreshApiKey", "RefreshApiKeyResponse"),
    "auth.generate_disposable_token": ("GenerateDisposableToken", "GenerateDisposableTokenResponse"),
    "control.cache.create": ("CreateCache", "CreateCacheResponse"),
    "control.cache.delete": ("DeleteCache", "DeleteCacheResponse"),
    "control.cache.flush": ("CacheFlush", "CacheFlushResponse"),
    "control.cache.list": ("CacheInfo", "ListCaches", "ListCachesResponse"),
    "control.signing_key.create": ("CreateSigningKey", "CreateSigningKeyResponse"),
    "control.signing_key.list": ("ListSigningKeys", "ListSigningKeysResponse", "SigningKey"),
    "control.signing_key.revoke": ("RevokeSigningKey", "RevokeSigningKeyResponse"),
    "data.batch": ("CacheGetBatch", "CacheGetBatchResponse", "CacheSetBatch", "CacheSetBatchResponse"),
    "data.conditional": (
        "CacheGetWithHash",
        "CacheGetWithHashResponse",
        "CacheSetIfAbsent",
        "CacheSetIfAbsentOrEqual",
        "CacheSetIfAbsentOrEqualResponse",
        "CacheSetIfAbsentOrHashEqual",
        "CacheSetIfAbsentOrHashEqualResponse",
        "CacheSetIfAbsentOrHashNotEqual",
        "CacheSetIfAbsentOrHashNotEqualResponse",
        "CacheSetIfAbsentResponse",
        "CacheSetIfEqual",
        "CacheSetIfEqualResponse",
        "CacheSetIfNotEqual",
        "CacheSetIfNotEqualResponse",
        "CacheSetIfPresent",
        "CacheSetIfPresentAndHashEqual",
        "CacheSetIfPresentAndHashEqualResponse",
        "CacheSetIfPresentAndHashNotEqual",
        "CacheSetIfPresentAndHashNotEqualResponse",
        "CacheSetIfPresentAndNotEqual",
        "CacheSetIfPresentAndNotEqualResponse",
        "CacheSetIfPresentResponse",
        "CacheSetWithHash",
        "CacheSetWithHashResponse",
    ),
    "data.dictionary.fetch": ("CacheDictionaryFetch", "CacheDictionaryFetchResponse"),
    "data.dictionary.get_field": ("CacheDictionaryGetField", "CacheDictionaryGetFieldResponse"),
    "data.dictionary.get_fields": ("CacheDictionaryGetFields", "CacheDictionaryGetFieldsResponse"),
    "data.dictionary.increment": ("CacheDictionaryIncrement", "CacheDictionaryIncrementResponse"),
    "data.dictionary.length": ("CacheDictionaryLength", "CacheDictionaryLengthResponse"),
    "data.dictionary.remove_field": ("CacheDictionaryRemoveField", "CacheDictionaryRemoveFieldResponse"),
    "data.dictionary.remove_fields": ("CacheDictionaryRemoveFields", "CacheDictionaryRemoveFieldsResponse"),
    "data.dictionary.set_field": ("CacheDictionarySetField", "CacheDictionarySetFieldResponse"),
    "data.dictionary.set_fields": ("CacheDictionarySetFields", "CacheDictionarySetFieldsResponse"),
    "data.keys": (
        "CacheDecreaseTtl",
        "CacheDecreaseTtlResponse",
        "CacheIncreaseTtl",
        "CacheIncreaseTtlResponse",
        "CacheItemGetTtl",
        "CacheItemGetTtlResponse",
        "CacheItemGetType",
        "CacheItemGetTypeResponse",
        "CacheKeyExists",
        "CacheKeyExistsResponse",
        "CacheKeysExist",
        "CacheKeysExistResponse",
        "CacheUpdateTtl",
        "CacheUpdateTtlResponse",
        "ItemType",
    ),
    "data.list.concatenate_back": ("CacheListConcatenateBack", "CacheListConcatenateBackResponse"),
    "data.list.concatenate_front": ("CacheListConcatenateFront", "CacheListConcatenateFrontResponse"),
    "data.list.fetch": ("CacheListFetch", "CacheListFetchResponse"),
    "data.list.length": ("CacheListLength", "CacheListLengthResponse"),
    "data.list.pop_back": ("CacheListPopBack", "CacheListPopBackResponse"),
    "data.list.pop_front": ("CacheListPopFront", "CacheListPopFrontResponse"),
    "data.list.push_back": ("CacheListPushBack", "CacheListPushBackResponse"),
    "data.list.push_front": ("CacheListPushFront", "CacheListPushFrontResponse"),
    "data.list.remove_value": ("CacheListRemoveValue", "CacheListRemoveValueResponse"),
    "data.list.retain": ("CacheListRetain", "CacheListRetainResponse"),
    "data.scalar.delete": ("CacheDelete", "CacheDeleteResponse"),
    "data.scalar.get": ("CacheGet", "CacheGetResponse"),
    "data.scalar.increment": ("CacheIncrement", "CacheIncrementResponse"),
    "data.scalar.ping": ("CachePing", "CachePingResponse"),
    "data.scalar.set": ("CacheSet", "CacheSetResponse"),
    "data.scalar.set_if_not_exists": ("CacheSetIfNotExists", "CacheSetIfNotExistsResponse"),
    "data.set.add_element": ("CacheSetAddElement", "CacheSetAddElementResponse"),
    "data.set.add_elements": ("CacheSetAddElements", "CacheSetAddElementsResponse"),
    "data.set.contains_element": ("CacheSetContainsElement", "CacheSetContainsElementResponse"),
    "data.set.contains_elements": ("CacheSetContainsElements", "CacheSetContainsElementsResponse"),
    "data.set.fetch": ("CacheSetFetch", "CacheSetFetchResponse"),
    "data.set.length": ("CacheSetLength", "CacheSetLengthResponse"),
    "data.set.pop": ("CacheSetPop", "CacheSetPopResponse"),
    "data.set.remove_element": ("CacheSetRemoveElement", "CacheSetRemoveElementResponse"),
    "data.set.remove_elements": ("CacheSetRemoveElements", "CacheSetRemoveElementsResponse"),
    "data.set.sample": ("CacheSetSample", "CacheSetSampleResponse"),
    "data.sorted_set.fetch": ("CacheSortedSetFetch", "CacheSortedSetFetchResponse"),
    "data.sorted_set.get_rank": ("CacheSortedSetGetRank", "CacheSortedSetGetRankResponse"),
    "data.sorted_set.get_score": ("CacheSortedSetGetScore", "CacheSortedSetGetScoreResponse"),
    "data.sorted_set.get_scores": ("CacheSortedSetGetScores", "CacheSortedSetGetScoresResponse"),
    "data.sorted_set.increment_score": ("CacheSortedSetIncrementScore", "CacheSortedSetIncrementScoreResponse"),
    "data.sorted_set.length": ("CacheSortedSetLength", "CacheSortedSetLengthResponse"),
    "data.sorted_set.length_by_score": ("CacheSortedSetLengthByScore", "CacheSortedSetLengthByScoreResponse"),
    "data.sorted_set.put_element": ("CacheSortedSetPutElement", "CacheSortedSetPutElementResponse"),
    "data.sorted_set.put_elements": ("CacheSortedSetPutElements", "CacheSortedSetPutElementsResponse"),
    "data.sorted_set.remove_element": ("CacheSortedSetRemoveElement", "CacheSortedSetRemoveElementResponse"),
    "data.sorted_set.remove_elements": ("CacheSortedSetRemoveElements", "CacheSortedSetRemoveElementsResponse"),
    "data.sorted_set.union_store": ("CacheSortedSetUnionStore", "CacheSortedSetUnionStoreResponse"),
    "pubsub.publish": ("TopicPublish", "TopicPublishResponse"),
    "pubsub.subscribe": ("TopicSubscribe", "TopicSubscribeResponse"),
    "pubsub.subscription_item": ("TopicSubscriptionItem", "TopicSubscriptionItemResponse"),
}
_LAZY = {name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names}

__all__ = sorted([*_LAZY, "AuthResponse", "CacheResponse", "ControlResponse", "PubsubResponse", "Response"])


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

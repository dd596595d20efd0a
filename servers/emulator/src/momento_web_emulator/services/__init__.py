"""The emulator's RPC table: every service contributes ``Rpc`` entries (see :mod:`momento_web_emulator.rpc`)."""

from __future__ import annotations

from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.rpc import Rpc
from momento_web_emulator.services._common import translate_error
from momento_web_emulator.services.auth import AuthService
from momento_web_emulator.services.cache import CacheService
from momento_web_emulator.services.control import ControlService
from momento_web_emulator.services.dictionaries import DictionaryService
from momento_web_emulator.services.leaderboard import LeaderboardService
from momento_web_emulator.services.lists import ListService
from momento_web_emulator.services.ping import PingService
from momento_web_emulator.services.pubsub import PubsubService
from momento_web_emulator.services.sets import SetService
from momento_web_emulator.services.signing_keys import SigningKeyService
from momento_web_emulator.services.sorted_sets import SortedSetService
from momento_web_emulator.services.storage import StoreControlService, StoreService
from momento_web_emulator.services.token import TokenService
from momento_web_emulator.services.vector_index import VectorIndexControlService, VectorIndexService
from momento_web_emulator.services.webhooks import WebhookService
from momento_web_emulator.storage import StoreRegistry
from momento_web_emulator.store import Store
from momento_web_emulator.topics import TopicRegistry
from momento_web_emulator.vector_indexes import VectorIndexes
from momento_web_emulator.webhooks import WebhookRegistry

__all__ = [
    "AuthService",
    "CacheService",
    "ControlService",
    "DictionaryService",
    "LeaderboardService",
    "ListService",
    "PingService",
    "PubsubService",
    "SetService",
    "SigningKeyService",
    "SortedSetService",
    "StoreControlService",
    "StoreService",
    "TokenService",
    "VectorIndexControlService",
    "VectorIndexService",
    "WebhookService",
    "build_rpcs",
    "translate_error",
]


def build_rpcs(
    store: Store,
    topics: TopicRegistry | None = None,
    *,
    issuer: TokenIssuer | None = None,
    stores: StoreRegistry | None = None,
    vector_indexes: VectorIndexes | None = None,
    webhooks: WebhookRegistry | None = None,
) -> list[Rpc]:
    """``issuer`` None: no token RPCs (``token.Token``, ``auth.Auth``); ``stores`` and ``vector_indexes`` None:
    in memory; ``webhooks`` None: a registry delivering with the default settings."""
    topics = topics if topics is not None else TopicRegistry(store)
    stores = stores if stores is not None else StoreRegistry()
    vector_indexes = vector_indexes if vector_indexes is not None else VectorIndexes()
    webhooks = webhooks if webhooks is not None else WebhookRegistry(store)
    tokens = [*TokenService(issuer).rpcs(), *AuthService(issuer).rpcs()] if issuer is not None else []
    return [
        *ControlService(store).rpcs(),
        *CacheService(store).rpcs(),
        *DictionaryService(store).rpcs(),
        *ListService(store).rpcs(),
        *SetService(store).rpcs(),
        *SortedSetService(store).rpcs(),
        *LeaderboardService(store).rpcs(),
        *SigningKeyService().rpcs(),
        *PingService().rpcs(),
        *PubsubService(topics, webhooks).rpcs(),
        *WebhookService(webhooks).rpcs(),
        *StoreControlService(stores).rpcs(),
        *StoreService(stores).rpcs(),
        *VectorIndexControlService(vector_indexes).rpcs(),
        *VectorIndexService(vector_indexes).rpcs(),
        *tokens,
    ]

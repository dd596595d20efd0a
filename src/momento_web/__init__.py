"""Momento cache for Python in the browser: the official ``momento`` SDK's API over gRPC-web.

``from momento_web import CacheClientAsync, Configurations, CredentialProvider`` — the same names as ``momento``;
``CacheClient``, ``TopicClient`` and ``AuthClient`` are the synchronous clients (JSPI in the browser).

Every name is imported on first use (PEP 562): in Pyodide every module is compiled at import, and a page that
only caches should not pay for the topic and auth clients' messages (bench/README.md, "Cold start"); and the
servers, which use only ``wire`` and ``_messages``, load none of the clients and their internals.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from momento_web._precompiled import use_precompiled

__version__ = "0.1.0"

# In Pyodide, import the rest of the package from the bytecode and dataclass code its wheel carries (the cold
# start of a page); elsewhere this does nothing.
use_precompiled(__path__)

if TYPE_CHECKING:
    from momento_web.auth import CredentialProvider
    from momento_web.auth_client import AuthClient
    from momento_web.auth_client_async import AuthClientAsync
    from momento_web.cache_client import CacheClient
    from momento_web.cache_client_async import CacheClientAsync
    from momento_web.common_data.webhook import PostUrlWebhookDestination
    from momento_web.config import Configurations, TopicConfigurations
    from momento_web.config.leaderboard_configurations import LeaderboardConfigurations
    from momento_web.config.storage_configurations import StorageConfigurations
    from momento_web.config.vector_index_configurations import VectorIndexConfigurations
    from momento_web.leaderboard_client import PreviewLeaderboardClient
    from momento_web.leaderboard_client_async import PreviewLeaderboardClientAsync
    from momento_web.requests.leaderboard_order import LeaderboardOrder
    from momento_web.storage_client import PreviewStorageClient
    from momento_web.storage_client_async import PreviewStorageClientAsync
    from momento_web.topic_client import TopicClient
    from momento_web.topic_client_async import TopicClientAsync
    from momento_web.utilities.webhook_utils import WebhookUtils
    from momento_web.vector_index_client import PreviewVectorIndexClient
    from momento_web.vector_index_client_async import PreviewVectorIndexClientAsync

_LAZY = {
    "AuthClient": "momento_web.auth_client",
    "AuthClientAsync": "momento_web.auth_client_async",
    "CacheClient": "momento_web.cache_client",
    "CacheClientAsync": "momento_web.cache_client_async",
    "Configurations": "momento_web.config",
    "CredentialProvider": "momento_web.auth",
    "LeaderboardConfigurations": "momento_web.config.leaderboard_configurations",
    "LeaderboardOrder": "momento_web.requests.leaderboard_order",
    "PostUrlWebhookDestination": "momento_web.common_data.webhook",
    "PreviewLeaderboardClient": "momento_web.leaderboard_client",
    "PreviewLeaderboardClientAsync": "momento_web.leaderboard_client_async",
    "PreviewStorageClient": "momento_web.storage_client",
    "PreviewStorageClientAsync": "momento_web.storage_client_async",
    "PreviewVectorIndexClient": "momento_web.vector_index_client",
    "PreviewVectorIndexClientAsync": "momento_web.vector_index_client_async",
    "StorageConfigurations": "momento_web.config.storage_configurations",
    "TopicClient": "momento_web.topic_client",
    "TopicClientAsync": "momento_web.topic_client_async",
    "TopicConfigurations": "momento_web.config",
    "VectorIndexConfigurations": "momento_web.config.vector_index_configurations",
    "WebhookUtils": "momento_web.utilities.webhook_utils",
}

__all__ = [
    "AuthClient",
    "AuthClientAsync",
    "CacheClient",
    "CacheClientAsync",
    "Configurations",
    "CredentialProvider",
    "LeaderboardConfigurations",
    "LeaderboardOrder",
    "PostUrlWebhookDestination",
    "PreviewLeaderboardClient",
    "PreviewLeaderboardClientAsync",
    "PreviewStorageClient",
    "PreviewStorageClientAsync",
    "PreviewVectorIndexClient",
    "PreviewVectorIndexClientAsync",
    "StorageConfigurations",
    "TopicClient",
    "TopicClientAsync",
    "TopicConfigurations",
    "VectorIndexConfigurations",
    "WebhookUtils",
    "__version__",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

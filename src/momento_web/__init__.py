"""Momento cache for Python in the browser: the official ``momento`` SDK's API over gRPC-web.

``from momento_web import CacheClientAsync, Configurations, CredentialProvider`` — the same names as ``momento``.
"""

from momento_web.auth import CredentialProvider
from momento_web.auth_client import AuthClientAsync
from momento_web.cache_client import CacheClientAsync
from momento_web.config import Configurations, TopicConfigurations
from momento_web.internal.client_metadata import VERSION as __version__
from momento_web.topic_client import TopicClientAsync

__all__ = [
    "AuthClientAsync",
    "CacheClientAsync",
    "Configurations",
    "CredentialProvider",
    "TopicClientAsync",
    "TopicConfigurations",
    "__version__",
]

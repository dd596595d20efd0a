"""Momento cache for Python in the browser: the official ``momento`` SDK's API over gRPC-web.

``from momento_web import CacheClientAsync, Configurations, CredentialProvider`` — the same names as ``momento``.
"""

from momento_web.auth import CredentialProvider
from momento_web.cache_client import CacheClientAsync
from momento_web.config import Configurations, TopicConfigurations
from momento_web.internal.client_metadata import VERSION as __version__

__all__ = ["CacheClientAsync", "Configurations", "CredentialProvider", "TopicConfigurations", "__version__"]

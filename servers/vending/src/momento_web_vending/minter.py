"""Minting a :class:`~.policy.Grant` into a disposable token with the SDK's ``AuthClientAsync``.

Credentials come from the environment: ``MOMENTO_API_KEY`` plus ``MOMENTO_ENDPOINT`` is a real Momento v2 API key;
``MOMENTO_API_KEY`` alone is a token string that names its endpoint, such as the key the emulator prints with
``--auth`` (its minted tokens then name the emulator's URL, so browsers reach it with no further configuration).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from momento_web import CacheClientAsync, Configurations
from momento_web.auth import CredentialProvider
from momento_web.auth.access_control.disposable_token_scope import (
    CacheItemKeyPrefix,
    CacheItemSelector,
    DisposableTokenCachePermission,
    DisposableTokenProps,
    DisposableTokenScope,
)
from momento_web.auth.access_control.permission_scope import (
    CacheName,
    CacheRole,
    CacheSelector,
    Permission,
    Permissions,
    TopicName,
    TopicPermission,
    TopicRole,
    TopicSelector,
)
from momento_web.auth_client_async import AuthClientAsync
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.responses import CreateCache, GenerateDisposableToken
from momento_web.utilities.expiration import ExpiresIn
from momento_web.wire.credentials import is_v2_api_key
from momento_web_vending.policy import Grant, TopicAccess

logger = logging.getLogger("momento_web_vending")

API_KEY_ENV = "MOMENTO_API_KEY"
ENDPOINT_ENV = "MOMENTO_ENDPOINT"

_TOPIC_ROLES = {
    TopicAccess.SUBSCRIBE_ONLY: TopicRole.SUBSCRIBE_ONLY,
    TopicAccess.PUBLISH_SUBSCRIBE: TopicRole.PUBLISH_SUBSCRIBE,
}


class MintFailed(Exception):
    """Momento (or the emulator) did not mint; the message names the error code, never a credential."""


@dataclass(frozen=True, slots=True)
class Minted:
    auth_token: str
    expires_at: int  # UNIX seconds


class Minter(Protocol):
    async def mint(self, grant: Grant) -> Minted: ...

    async def aclose(self) -> None: ...


def credentials_from_environment(environ: Mapping[str, str]) -> CredentialProvider:
    """Raises ValueError with an actionable message when ``MOMENTO_API_KEY`` is missing or unusable."""
    api_key = environ.get(API_KEY_ENV, "").strip()
    if not api_key:
        raise ValueError(
            f"{API_KEY_ENV} is not set: export a Momento API key (and {ENDPOINT_ENV}), or the key the emulator "
            "prints with --auth"
        )
    endpoint = environ.get(ENDPOINT_ENV, "").strip()
    if not endpoint and is_v2_api_key(api_key):
        raise ValueError(
            f"{API_KEY_ENV} is a v2 API key, which names no endpoint: set {ENDPOINT_ENV} too, to the Momento "
            "endpoint of its region (e.g. cell-x.prod.a.momentohq.com)"
        )
    try:
        if endpoint:
            return CredentialProvider.from_api_key_v2(api_key, endpoint)
        return CredentialProvider.from_disposable_token(api_key)
    except Exception as exc:  # the SDK's message, which never contains the key
        raise ValueError(f"{API_KEY_ENV} is not usable: {exc}") from None


def scope_for(grant: Grant) -> DisposableTokenScope:
    cache = CacheSelector(CacheName(grant.cache))
    permissions: list[Permission] = []
    if grant.key_prefix is not None:
        items = CacheItemSelector(CacheItemKeyPrefix(grant.key_prefix))
        permissions.append(DisposableTokenCachePermission(cache, CacheRole.READ_WRITE, items))
    if grant.topic is not None and grant.topic_access is not None:
        role = _TOPIC_ROLES[grant.topic_access]
        permissions.append(TopicPermission(role, cache, TopicSelector(TopicName(grant.topic))))
    return DisposableTokenScope(Permissions(permissions))


class MomentoMinter:
    """A :class:`Minter` over one long-lived ``AuthClientAsync``."""

    def __init__(self, credentials: CredentialProvider) -> None:
        self.credentials = credentials
        self._auth = AuthClientAsync(AuthConfigurations.Laptop.latest(), credentials)

    async def mint(self, grant: Grant) -> Minted:
        response = await self._auth.generate_disposable_token(
            scope_for(grant), ExpiresIn.seconds(grant.ttl_seconds), DisposableTokenProps(token_id=grant.client_id)
        )
        if isinstance(response, GenerateDisposableToken.Success):
            return Minted(response.auth_token, response.expires_at.epoch())
        code = getattr(getattr(response, "error_code", None), "name", "UNKNOWN_ERROR")
        logger.warning("minting failed: %s: %s", code, getattr(response, "message", response))
        raise MintFailed(f"Momento did not mint the token ({code})")

    async def aclose(self) -> None:
        await self._auth.close()


async def create_caches(credentials: CredentialProvider, caches: tuple[str, ...]) -> None:
    """Create the policy's caches if missing (needs a key with control-plane rights); failures only warn."""
    async with await CacheClientAsync.create(Configurations.Laptop.latest(), credentials, timedelta(minutes=1)) as c:
        for cache in caches:
            response = await c.create_cache(cache)
            if isinstance(response, CreateCache.Success | CreateCache.CacheAlreadyExists):
                logger.info("cache %r is ready", cache)
            else:
                logger.warning("could not create cache %r: %s", cache, getattr(response, "message", response))

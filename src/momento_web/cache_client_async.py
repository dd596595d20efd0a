"""``CacheClientAsync``: Momento's cache API over gRPC-web, in the browser or on CPython."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from momento_web import responses
from momento_web._messages import cacheping as ping_pb
from momento_web._messages import controlclient as control_pb
from momento_web.auth import CredentialProvider
from momento_web.config import Configuration, ReadConcern
from momento_web.errors import InvalidArgumentException, UnknownException
from momento_web.internal.cache_data.conditional import ConditionalMethods
from momento_web.internal.cache_data.dictionaries import DictionaryMethods
from momento_web.internal.cache_data.keys import KeyMethods
from momento_web.internal.cache_data.lists import ListMethods
from momento_web.internal.cache_data.scalar import ScalarMethods
from momento_web.internal.cache_data.sets import SetMethods
from momento_web.internal.cache_data.sorted_sets import SortedSetMethods
from momento_web.internal.client_base import ClientBase
from momento_web.internal.eager_connection import connect_eagerly, eager_connection_seconds
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.validation import ttl_milliseconds, validate_name
from momento_web.utilities.shared_sync_asyncio import DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS
from momento_web.wire.status import GrpcError, StatusCode

# For the type checker only: each operation's response module loads on its first use (responses/_lazy.py).
if TYPE_CHECKING:
    from momento_web.responses import (
        CacheFlushResponse,
        CachePingResponse,
        CreateCacheResponse,
        CreateSigningKeyResponse,
        DeleteCacheResponse,
        ListCachesResponse,
        ListSigningKeysResponse,
        RevokeSigningKeyResponse,
    )

_CONTROL = "/control_client.ScsControl/"
# Control calls are slow, rare operations; the official Python SDK gives them a fixed minute.
_CONTROL_TIMEOUT = 60.0


class CacheClientAsync(
    ClientBase,
    ScalarMethods,
    ConditionalMethods,
    KeyMethods,
    DictionaryMethods,
    ListMethods,
    SetMethods,
    SortedSetMethods,
):
    """Mirrors ``momento.CacheClientAsync``, plus what the JS web SDK's ``CacheClient`` adds. Every method
    returns a response; none raises.

    ``async with await CacheClientAsync.create(config, credentials, timedelta(minutes=5)) as client: ...``

    The data methods live in one module per family under :mod:`momento_web.internal.cache_data`.
    """

    def __init__(
        self, configuration: Configuration, credential_provider: CredentialProvider, default_ttl: timedelta
    ) -> None:
        self._default_ttl_ms = ttl_milliseconds(default_ttl)  # raises for a bad TTL, as the official SDK does
        super().__init__(configuration, credential_provider)
        self._cache_endpoint = credential_provider.cache_endpoint
        timeout = configuration.get_client_timeout().total_seconds()
        data_metadata = dict(self._auth_metadata)
        if configuration.get_read_concern() is ReadConcern.CONSISTENT:
            data_metadata["read-concern"] = ReadConcern.CONSISTENT.value
        cache_url, control_url = credential_provider.cache_url, credential_provider.control_url
        self._data = self._channel(cache_url, "cache", timeout=timeout, metadata=data_metadata)
        self._control = self._channel(control_url, "cache", timeout=_CONTROL_TIMEOUT, metadata=self._auth_metadata)
        # Ping is unauthenticated by design (the web SDK sends no credential).
        self._ping = self._channel(cache_url, "cache", timeout=timeout, announce=False)

    @classmethod
    async def create(
        cls,
        configuration: Configuration,
        credential_provider: CredentialProvider,
        default_ttl: timedelta,
        eager_connection_timeout: timedelta = timedelta(seconds=DEFAULT_EAGER_CONNECTION_TIMEOUT_SECONDS),
    ) -> CacheClientAsync:
        """Create a client that has reached the cache endpoint within ``eager_connection_timeout`` (a ``Ping``);
        raises ``ConnectionException`` if it could not. A zero timeout skips that, a negative one is a
        ``ValueError``, as in momento."""
        seconds = eager_connection_seconds(eager_connection_timeout)
        client = cls(configuration, credential_provider, default_ttl)
        if seconds:
            # A channel without a deadline of its own: the eager timeout is the only limit.
            channel = client._channel(credential_provider.cache_url, "cache", timeout=None, announce=False)
            try:
                await connect_eagerly(channel, seconds)
            except BaseException:
                await client.close()
                raise
        return client

    # --- control plane ----------------------------------------------------------------------------------------

    @errors_as_values()
    async def create_cache(self, cache_name: str) -> CreateCacheResponse:
        """Create ``cache_name``: ``Success``, or ``CacheAlreadyExists`` if it exists (not an error)."""
        request = control_pb._CreateCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        try:
            await self._control.unary(_CONTROL + "CreateCache", request, control_pb._CreateCacheResponse)
        except GrpcError as error:
            if error.code is StatusCode.ALREADY_EXISTS:
                return responses.CreateCache.CacheAlreadyExists()
            raise
        return responses.CreateCache.Success()

    @errors_as_values()
    async def delete_cache(self, cache_name: str) -> DeleteCacheResponse:
        """Delete ``cache_name`` and everything in it; a missing cache is an ``Error`` (NOT_FOUND_ERROR)."""
        request = control_pb._DeleteCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        await self._control.unary(_CONTROL + "DeleteCache", request, control_pb._DeleteCacheResponse)
        return responses.DeleteCache.Success()

    @errors_as_values()
    async def list_caches(self) -> ListCachesResponse:
        """Every cache of the account (or of the emulator), as ``Success.caches``."""
        request = control_pb._ListCachesRequest(next_token="")
        reply = await self._control.unary(_CONTROL + "ListCaches", request, control_pb._ListCachesResponse)
        return responses.ListCaches.Success(caches=[responses.CacheInfo(cache.cache_name) for cache in reply.cache])

    @errors_as_values()
    async def flush_cache(self, cache_name: str) -> CacheFlushResponse:
        """Remove every item from ``cache_name``; the cache itself stays."""
        request = control_pb._FlushCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        await self._control.unary(_CONTROL + "FlushCache", request, control_pb._FlushCacheResponse)
        return responses.CacheFlush.Success()

    @errors_as_values(service=Service.AUTH)  # the server's errors name the auth service, as momento's
    async def create_signing_key(self, ttl: timedelta) -> CreateSigningKeyResponse:
        """A new key for presigned URLs, valid for ``ttl`` (whole minutes)."""
        request = control_pb._CreateSigningKeyRequest(ttl_minutes=_minutes(ttl))
        reply = await self._control.unary(_CONTROL + "CreateSigningKey", request, control_pb._CreateSigningKeyResponse)
        return responses.CreateSigningKey.Success(
            _key_id(reply.key), self._cache_endpoint, reply.key, _expiry(reply.expires_at)
        )

    @errors_as_values(service=Service.AUTH)
    async def list_signing_keys(self) -> ListSigningKeysResponse:
        """The account's signing keys that have not expired, each with its id and expiry."""
        request = control_pb._ListSigningKeysRequest(next_token="")
        reply = await self._control.unary(_CONTROL + "ListSigningKeys", request, control_pb._ListSigningKeysResponse)
        keys = [
            responses.SigningKey(key.key_id, _expiry(key.expires_at), self._cache_endpoint) for key in reply.signing_key
        ]
        return responses.ListSigningKeys.Success(keys)

    @errors_as_values(service=Service.AUTH)
    async def revoke_signing_key(self, key_id: str) -> RevokeSigningKeyResponse:
        """Revoke the signing key ``key_id``; URLs presigned with it stop working."""
        if not isinstance(key_id, str):
            raise InvalidArgumentException(f"key_id must be a string. Given type: {type(key_id)}", Service.CACHE)
        request = control_pb._RevokeSigningKeyRequest(key_id=key_id)
        await self._control.unary(_CONTROL + "RevokeSigningKey", request, control_pb._RevokeSigningKeyResponse)
        return responses.RevokeSigningKey.Success()

    @errors_as_values()
    async def ping(self) -> CachePingResponse:
        """Reach the cache endpoint without credentials (the JS web SDK's ``ping``)."""
        await self._ping.unary("/cache_client.Ping/Ping", ping_pb._PingRequest(), ping_pb._PingResponse)
        return responses.CachePing.Success()


def _minutes(ttl: timedelta) -> int:
    # As momento: a positive timedelta (checked first: callers may pass anything), rounded to whole minutes; under
    # a minute the server refuses it.
    ttl_milliseconds(ttl)
    return min(round(ttl.total_seconds() / 60), 2**32 - 1)


def _key_id(key: str) -> str:
    """The ``kid`` of a JSON Web Key."""
    try:
        key_id = json.loads(key)["kid"]
    except (ValueError, TypeError, KeyError):
        raise UnknownException("the signing key is not a JSON Web Key with a kid", Service.AUTH) from None
    return str(key_id)


def _expiry(epoch_seconds: int) -> datetime:
    # As momento: a naive datetime in local time, comparable with datetime.now().
    return datetime.fromtimestamp(epoch_seconds)

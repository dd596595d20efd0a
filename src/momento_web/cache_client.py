"""``CacheClientAsync``: Momento's cache API over gRPC-web, in the browser or on CPython."""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType

from momento_web._generated import cacheclient_pb2 as pb
from momento_web._generated import cacheping_pb2 as ping_pb
from momento_web._generated import controlclient_pb2 as control_pb
from momento_web.auth import CredentialProvider
from momento_web.config import Configuration, ReadConcern, WireFormat
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_metadata import first_call_metadata
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.validation import as_bytes, ttl_milliseconds, validate_int, validate_name
from momento_web.responses import (
    CacheDelete,
    CacheDeleteResponse,
    CacheFlush,
    CacheFlushResponse,
    CacheGet,
    CacheGetResponse,
    CacheIncrement,
    CacheIncrementResponse,
    CacheInfo,
    CachePing,
    CachePingResponse,
    CacheSet,
    CacheSetIfNotExists,
    CacheSetIfNotExistsResponse,
    CacheSetResponse,
    CreateCache,
    CreateCacheResponse,
    DeleteCache,
    DeleteCacheResponse,
    ListCaches,
    ListCachesResponse,
)
from momento_web.transport import default_transport
from momento_web.wire.status import GrpcError, StatusCode

_SCS = "/cache_client.Scs/"
_CONTROL = "/control_client.ScsControl/"
# Control calls are slow, rare operations; the official Python SDK gives them a fixed minute.
_CONTROL_TIMEOUT = 60.0


class CacheClientAsync:
    """Mirrors ``momento.CacheClientAsync``. Every method returns a response; none raises.

    ``async with await CacheClientAsync.create(config, credentials, timedelta(minutes=5)) as client: ...``
    """

    def __init__(
        self, configuration: Configuration, credential_provider: CredentialProvider, default_ttl: timedelta
    ) -> None:
        self._default_ttl_ms = ttl_milliseconds(default_ttl)  # raises for a bad TTL, as the official SDK does
        factory = configuration.get_transport_factory() or default_transport
        self._transport = factory()
        text = configuration.get_wire_format() is WireFormat.TEXT
        token = credential_provider.get_auth_token()
        auth = {"authorization": token} if token else {}
        metadata = first_call_metadata("cache")
        timeout = configuration.get_client_timeout().total_seconds()
        data_metadata = dict(auth)
        if configuration.get_read_concern() is ReadConcern.CONSISTENT:
            data_metadata["read-concern"] = ReadConcern.CONSISTENT.value
        self._data = GrpcWebChannel(
            credential_provider.cache_url, self._transport, text=text, timeout=timeout, metadata=data_metadata,
            first_call_metadata=metadata,
        )  # fmt: skip
        self._control = GrpcWebChannel(
            credential_provider.control_url, self._transport, text=text, timeout=_CONTROL_TIMEOUT, metadata=auth,
            first_call_metadata=metadata,
        )  # fmt: skip
        # Ping is unauthenticated by design (the web SDK sends no credential).
        self._ping = GrpcWebChannel(credential_provider.cache_url, self._transport, text=text, timeout=timeout)

    @classmethod
    async def create(
        cls,
        configuration: Configuration,
        credential_provider: CredentialProvider,
        default_ttl: timedelta,
        eager_connection_timeout: timedelta = timedelta(seconds=30),
    ) -> CacheClientAsync:
        """Create a client. ``eager_connection_timeout`` is accepted for compatibility: fetch has no
        connection to open ahead of the first call, so nothing is done eagerly."""
        return cls(configuration, credential_provider, default_ttl)

    async def __aenter__(self) -> CacheClientAsync:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.aclose()

    # --- control plane ----------------------------------------------------------------------------------------

    @errors_as_values(CreateCache.Error)
    async def create_cache(self, cache_name: str) -> CreateCacheResponse:
        request = control_pb._CreateCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        try:
            await self._control.unary(_CONTROL + "CreateCache", request, control_pb._CreateCacheResponse)
        except GrpcError as error:
            if error.code is StatusCode.ALREADY_EXISTS:
                return CreateCache.CacheAlreadyExists()
            raise
        return CreateCache.Success()

    @errors_as_values(DeleteCache.Error)
    async def delete_cache(self, cache_name: str) -> DeleteCacheResponse:
        request = control_pb._DeleteCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        await self._control.unary(_CONTROL + "DeleteCache", request, control_pb._DeleteCacheResponse)
        return DeleteCache.Success()

    @errors_as_values(ListCaches.Error)
    async def list_caches(self) -> ListCachesResponse:
        request = control_pb._ListCachesRequest(next_token="")
        reply = await self._control.unary(_CONTROL + "ListCaches", request, control_pb._ListCachesResponse)
        return ListCaches.Success(caches=[CacheInfo(cache.cache_name) for cache in reply.cache])

    @errors_as_values(CacheFlush.Error)
    async def flush_cache(self, cache_name: str) -> CacheFlushResponse:
        request = control_pb._FlushCacheRequest(cache_name=validate_name(cache_name, "Cache"))
        await self._control.unary(_CONTROL + "FlushCache", request, control_pb._FlushCacheResponse)
        return CacheFlush.Success()

    # --- data ---------------------------------------------------------------------------------------------

    @errors_as_values(CacheGet.Error)
    async def get(self, cache_name: str, key: str | bytes) -> CacheGetResponse:
        request = pb._GetRequest(cache_key=as_bytes(key, "key"))
        reply = await self._data.unary(_SCS + "Get", request, pb._GetResponse, cache=validate_name(cache_name, "Cache"))
        if reply.result == pb.Hit:
            return CacheGet.Hit(reply.cache_body)
        if reply.result == pb.Miss:
            return CacheGet.Miss()
        raise GrpcError(StatusCode.INTERNAL, f"unexpected Get result {reply.result}: {reply.message}")

    @errors_as_values(CacheSet.Error)
    async def set(
        self, cache_name: str, key: str | bytes, value: str | bytes, ttl: timedelta | None = None
    ) -> CacheSetResponse:
        request = pb._SetRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=self._ttl(ttl)
        )
        await self._data.unary(_SCS + "Set", request, pb._SetResponse, cache=validate_name(cache_name, "Cache"))
        return CacheSet.Success()

    @errors_as_values(CacheDelete.Error)
    async def delete(self, cache_name: str, key: str | bytes) -> CacheDeleteResponse:
        request = pb._DeleteRequest(cache_key=as_bytes(key, "key"))
        await self._data.unary(_SCS + "Delete", request, pb._DeleteResponse, cache=validate_name(cache_name, "Cache"))
        return CacheDelete.Success()

    @errors_as_values(CacheIncrement.Error)
    async def increment(
        self, cache_name: str, key: str | bytes, amount: int = 1, ttl: timedelta | None = None
    ) -> CacheIncrementResponse:
        request = pb._IncrementRequest(
            cache_key=as_bytes(key, "key"), amount=validate_int(amount, "amount"), ttl_milliseconds=self._ttl(ttl)
        )
        reply = await self._data.unary(
            _SCS + "Increment", request, pb._IncrementResponse, cache=validate_name(cache_name, "Cache")
        )
        return CacheIncrement.Success(reply.value)

    @errors_as_values(CacheSetIfNotExists.Error)
    async def set_if_not_exists(
        self, cache_name: str, key: str | bytes, value: str | bytes, ttl: timedelta | None = None
    ) -> CacheSetIfNotExistsResponse:
        request = pb._SetIfNotExistsRequest(
            cache_key=as_bytes(key, "key"), cache_body=as_bytes(value, "value"), ttl_milliseconds=self._ttl(ttl)
        )
        reply = await self._data.unary(
            _SCS + "SetIfNotExists", request, pb._SetIfNotExistsResponse, cache=validate_name(cache_name, "Cache")
        )
        if reply.WhichOneof("result") == "stored":
            return CacheSetIfNotExists.Stored()
        return CacheSetIfNotExists.NotStored()

    @errors_as_values(CachePing.Error)
    async def ping(self) -> CachePingResponse:
        """Reach the cache endpoint without credentials (the JS web SDK's ``ping``)."""
        await self._ping.unary("/cache_client.Ping/Ping", ping_pb._PingRequest(), ping_pb._PingResponse)
        return CachePing.Success()

    def _ttl(self, ttl: timedelta | None) -> int:
        return self._default_ttl_ms if ttl is None else ttl_milliseconds(ttl)

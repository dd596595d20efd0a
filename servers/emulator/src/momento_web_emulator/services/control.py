"""``control_client.ScsControl``: create, delete, flush and list caches."""

from __future__ import annotations

from momento_web._messages import controlclient as pb
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._common import require_cache_name
from momento_web_emulator.store import Store

_SERVICE = "/control_client.ScsControl"


class ControlService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/CreateCache", pb._CreateCacheRequest, self.create_cache),
            unary(f"{_SERVICE}/DeleteCache", pb._DeleteCacheRequest, self.delete_cache),
            unary(f"{_SERVICE}/FlushCache", pb._FlushCacheRequest, self.flush_cache),
            unary(f"{_SERVICE}/ListCaches", pb._ListCachesRequest, self.list_caches),
        ]

    async def create_cache(self, request: pb._CreateCacheRequest, ctx: CallContext) -> pb._CreateCacheResponse:
        self._store.create_cache(require_cache_name(request.cache_name))
        return pb._CreateCacheResponse()

    async def delete_cache(self, request: pb._DeleteCacheRequest, ctx: CallContext) -> pb._DeleteCacheResponse:
        self._store.delete_cache(require_cache_name(request.cache_name))
        return pb._DeleteCacheResponse()

    async def flush_cache(self, request: pb._FlushCacheRequest, ctx: CallContext) -> pb._FlushCacheResponse:
        self._store.flush_cache(require_cache_name(request.cache_name))
        return pb._FlushCacheResponse()

    async def list_caches(self, request: pb._ListCachesRequest, ctx: CallContext) -> pb._ListCachesResponse:
        # One page holds everything; SDKs ignore next_token anyway.
        cache_limits = self._store.cache_limits
        topic_limits = self._store.topic_limits
        return pb._ListCachesResponse(
            cache=[
                pb._Cache(
                    cache_name=name,
                    cache_limits=pb._CacheLimits(
                        max_traffic_rate=cache_limits.max_traffic_rate,
                        max_throughput_kbps=cache_limits.max_throughput_kbps,
                        max_item_size_kb=cache_limits.max_item_size_kb,
                        max_ttl_seconds=cache_limits.max_ttl_seconds,
                    ),
                    topic_limits=pb._TopicLimits(
                        max_publish_rate=topic_limits.max_publish_rate,
                        max_subscription_count=topic_limits.max_subscription_count,
                        max_publish_message_size_kb=topic_limits.max_publish_message_size_kb,
                    ),
                )
                for name in self._store.cache_names()
            ]
        )

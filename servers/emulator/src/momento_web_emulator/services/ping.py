"""``cache_client.Ping``: liveness check, no credential needed."""

from __future__ import annotations

from momento_web._messages import cacheping as pb
from momento_web_emulator.rpc import CallContext, Rpc, unary


class PingService:
    def rpcs(self) -> list[Rpc]:
        return [unary("/cache_client.Ping/Ping", pb._PingRequest, self.ping)]

    async def ping(self, request: pb._PingRequest, ctx: CallContext) -> pb._PingResponse:
        return pb._PingResponse()

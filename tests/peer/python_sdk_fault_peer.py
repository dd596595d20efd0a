"""The official ``momento`` SDK (PyPI, grpcio over h2c) against the emulator's momento-local fault injection, the
way its own momento-local tests drive momento-local: a middleware adds the fault metadata to every attempt, and
the client retries with ``FixedCountRetryStrategy(max_attempts=3)``.

Asked for one JSON object on stdin (``host``, ``port``, ``cache``, and ``scenarios``: a list of
``{"name", "request_id", "op", "metadata", "timeout_ms"?}``), it answers one JSON line per scenario with the
response's outcome; the test reads the attempts from the emulator's counters. Its own process, like
``python_sdk_peer.py`` (its protos share names with ours in protobuf's default pool).
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import timedelta
from typing import Any

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.config.middleware import MiddlewareMessage, MiddlewareRequestHandlerContext, MiddlewareStatus
from momento.config.middleware.aio import Middleware, MiddlewareMetadata, MiddlewareRequestHandler
from momento.retry import FixedCountRetryStrategy

TTL = timedelta(minutes=5)


class FaultMetadata(MiddlewareRequestHandler):
    def __init__(self, metadata: dict[str, str]) -> None:
        self._metadata = metadata

    async def on_request_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        if metadata.grpc_metadata is not None:
            for key, value in self._metadata.items():
                metadata.grpc_metadata[key] = value
        return metadata

    async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        return request

    async def on_response_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        return metadata

    async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        return response

    async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        return status


class MomentoLocalMiddleware(Middleware):
    def __init__(self, metadata: dict[str, str]) -> None:
        self._metadata = metadata

    async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> MiddlewareRequestHandler:
        return FaultMetadata(self._metadata)


def outcome(response: object) -> str:
    name = type(response).__name__
    if name == "Error":
        return f"Error:{response.error_code.name}"  # type: ignore[attr-defined]
    return name


async def run(scenario: dict[str, Any], request: dict[str, Any]) -> str:
    metadata = {"request-id": scenario["request_id"], **scenario["metadata"]}
    config = Configurations.Laptop.latest().with_retry_strategy(FixedCountRetryStrategy(max_attempts=3))
    if "timeout_ms" in scenario:
        config = config.with_client_timeout(timedelta(milliseconds=scenario["timeout_ms"]))
    credentials = CredentialProvider.for_momento_local(request["host"], request["port"])
    async with await CacheClientAsync.create(
        config.add_middleware(MomentoLocalMiddleware(metadata)), credentials, TTL
    ) as c:
        cache = request["cache"]
        if scenario["op"] == "get":
            return outcome(await c.get(cache, "key"))
        if scenario["op"] == "increment":
            return outcome(await c.increment(cache, "counter", 1))
        if scenario["op"] == "list_push_front":
            return outcome(await c.list_push_front(cache, "list", "value"))
        raise ValueError(scenario["op"])


async def main(request: dict[str, Any]) -> None:
    for scenario in request["scenarios"]:
        print(json.dumps({"name": scenario["name"], "outcome": await run(scenario, request)}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.load(sys.stdin)))

"""A middleware on ``CacheClientAsync``'s configuration sees every request and response: here one that records
each call's request and response message names, its ``cache`` metadata and its final status."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta

from momento import CacheClientAsync, Configurations, CredentialProvider
from momento.config.middleware import MiddlewareMessage, MiddlewareRequestHandlerContext, MiddlewareStatus
from momento.config.middleware.aio import Middleware, MiddlewareMetadata, MiddlewareRequestHandler
from momento.responses import CacheGet, CacheSet, CreateCache

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


class RecordingHandler(MiddlewareRequestHandler):
    def __init__(self, calls: list[dict[str, str]]) -> None:
        self.call: dict[str, str] = {}
        calls.append(self.call)

    async def on_request_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        for key, value in metadata.grpc_metadata or ():
            if key == "cache":
                self.call["cache"] = str(value)
        return metadata

    async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        self.call["request"] = request.constructor_name
        self.call["request_length"] = str(request.message_length)
        return request

    async def on_response_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        return metadata

    async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        self.call["response"] = response.constructor_name
        return response

    async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        self.call["status"] = status.grpc_status.name
        return status


class RecordingMiddleware(Middleware):
    def __init__(self) -> None:
        self.calls: list[dict[str, str]] = []

    async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> MiddlewareRequestHandler:
        return RecordingHandler(self.calls)


async def main() -> None:
    recorder = RecordingMiddleware()
    config = Configurations.Laptop.latest().add_middleware(recorder)
    async with await CacheClientAsync.create(config, credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(await client.create_cache(CACHE_NAME), CreateCache.Success)
        recorder.calls.clear()  # the data calls only

        assert isinstance(await client.set(CACHE_NAME, "key", "value"), CacheSet.Success)
        assert isinstance(await client.get(CACHE_NAME, "key"), CacheGet.Hit)
        assert isinstance(await client.get(CACHE_NAME, "missing"), CacheGet.Miss)
        assert [call["request"] for call in recorder.calls] == ["_SetRequest", "_GetRequest", "_GetRequest"]
        assert [call["response"] for call in recorder.calls] == ["_SetResponse", "_GetResponse", "_GetResponse"]
        assert [call["status"] for call in recorder.calls] == ["OK", "OK", "OK"]
        assert {call["cache"] for call in recorder.calls} == {CACHE_NAME}
        assert int(recorder.calls[0]["request_length"]) > len("key") + len("value")

        await client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    asyncio.run(main())

"""A synchronous middleware on ``CacheClient``'s configuration: it counts the calls and sees each one's status,
errors included."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from datetime import timedelta

from momento import CacheClient, Configurations, CredentialProvider
from momento.config.middleware import MiddlewareMessage, MiddlewareRequestHandlerContext, MiddlewareStatus
from momento.config.middleware.synchronous import Middleware, MiddlewareMetadata, MiddlewareRequestHandler
from momento.responses import CacheGet, CreateCache

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credential_provider() -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variables_v2(): these examples run against a local emulator.
    return CredentialProvider.for_momento_local(os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"]))


class StatusCountingHandler(MiddlewareRequestHandler):
    def __init__(self, statuses: Counter[str]) -> None:
        self.statuses = statuses

    def on_request_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        return metadata

    def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        return request

    def on_response_metadata(self, metadata: MiddlewareMetadata) -> MiddlewareMetadata:
        return metadata

    def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        return response

    def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        self.statuses[status.grpc_status.name] += 1
        return status


class StatusCountingMiddleware(Middleware):
    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.requests = 0

    def on_new_request(self, context: MiddlewareRequestHandlerContext) -> MiddlewareRequestHandler:
        self.requests += 1
        return StatusCountingHandler(self.statuses)


def main() -> None:
    counter = StatusCountingMiddleware()
    config = Configurations.Laptop.latest().with_middlewares([counter])
    with CacheClient.create(config, credential_provider(), timedelta(seconds=60)) as client:
        assert isinstance(client.create_cache(CACHE_NAME), CreateCache.Success)
        counter.statuses.clear()
        counter.requests = 0

        for n in range(3):
            client.set(CACHE_NAME, f"key-{n}", "value")
        missing = client.get(f"{CACHE_NAME}-missing", "key-0")
        assert isinstance(missing, CacheGet.Error), missing

        assert counter.requests == 4
        assert counter.statuses == Counter({"OK": 3, "NOT_FOUND": 1})
        client.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    main()

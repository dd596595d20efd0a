"""``cache_client.pubsub.Pubsub``: publish to and subscribe to topics (the state lives in :mod:`..topics`).

Both RPCs name their cache in the request body (subscribers send no ``cache`` header). ``publisher_id`` on items is
the publishing principal's token id: empty in open mode, the disposable token's id once tokens are checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from momento_web._messages import cachepubsub as pb
from momento_web._messages import common
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, server_streaming, unary
from momento_web_emulator.services._common import require_cache_name
from momento_web_emulator.topics import Topic, TopicRegistry
from momento_web_emulator.webhooks import WebhookRegistry

_SERVICE = "/cache_client.pubsub.Pubsub"


class PubsubService:
    def __init__(self, topics: TopicRegistry, webhooks: WebhookRegistry | None = None) -> None:
        self._topics = topics
        self._webhooks = webhooks  # forwards every published item to its topic's webhooks

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/Publish", pb._PublishRequest, self.publish),
            server_streaming(f"{_SERVICE}/Subscribe", pb._SubscriptionRequest, self.subscribe),
        ]

    async def publish(self, request: pb._PublishRequest, ctx: CallContext) -> common._Empty:
        topic = self._topic(request.cache_name, request.topic)
        if request.value.WhichOneof("kind") is None:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "topic value must be text or binary")
        sequence = topic.publish(request.value, ctx.principal.token_id)
        if self._webhooks is not None:
            self._webhooks.published(topic.cache_name, topic.name, sequence, request.value, ctx.principal.token_id)
        return common._Empty()

    async def subscribe(
        self, request: pb._SubscriptionRequest, ctx: CallContext
    ) -> AsyncIterator[pb._SubscriptionItem]:
        topic = self._topic(request.cache_name, request.topic)
        # Checks (cache, limit) raise before the first message, so failures are trailers-only responses.
        with self._topics.subscription(topic) as subscriber:
            async for message in subscriber.messages(request.resume_at_topic_sequence_number, request.sequence_page):
                yield message

    def _topic(self, cache_name: str, topic_name: str) -> Topic:
        if not topic_name.strip():
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "topic name must not be empty")
        return self._topics.topic(require_cache_name(cache_name), topic_name)

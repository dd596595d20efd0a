"""``webhook.Webhook``: managing topic webhooks (state and deliveries in :mod:`..webhooks`).

Control-plane calls: the cache is named in the body, and only super-users may make them (the permission table).
"""

from __future__ import annotations

from momento_web._messages import webhook as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.rpc import CallContext, Rpc, unary
from momento_web_emulator.services._common import require_cache_name
from momento_web_emulator.webhooks import WebhookRegistry

_SERVICE = "/webhook.Webhook"


class WebhookService:
    def __init__(self, webhooks: WebhookRegistry) -> None:
        self._webhooks = webhooks

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/PutWebhook", pb._PutWebhookRequest, self.put),
            unary(f"{_SERVICE}/DeleteWebhook", pb._DeleteWebhookRequest, self.delete),
            unary(f"{_SERVICE}/ListWebhooks", pb._ListWebhookRequest, self.list_webhooks),
            unary(f"{_SERVICE}/GetWebhookSecret", pb._GetWebhookSecretRequest, self.get_secret),
            unary(f"{_SERVICE}/RotateWebhookSecret", pb._RotateWebhookSecretRequest, self.rotate_secret),
        ]

    async def put(self, request: pb._PutWebhookRequest, ctx: CallContext) -> pb._PutWebhookResponse:
        webhook = request.webhook
        if not webhook.HasField("webhook_id"):
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "webhook_id is required")
        if webhook.destination.WhichOneof("kind") != "post_url":
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "a webhook needs a post_url destination")
        cache, name = _id(webhook.webhook_id)
        secret = self._webhooks.put(cache, name, webhook.topic_name, webhook.destination.post_url)
        return pb._PutWebhookResponse(secret_string=secret)

    async def delete(self, request: pb._DeleteWebhookRequest, ctx: CallContext) -> pb._DeleteWebhookResponse:
        self._webhooks.delete(*_id(request.webhook_id))
        return pb._DeleteWebhookResponse()

    async def list_webhooks(self, request: pb._ListWebhookRequest, ctx: CallContext) -> pb._ListWebhooksResponse:
        found = self._webhooks.of_cache(require_cache_name(request.cache_name))
        return pb._ListWebhooksResponse(
            webhook=[
                pb._Webhook(
                    webhook_id=pb._WebhookId(cache_name=webhook.cache, webhook_name=webhook.name),
                    topic_name=webhook.topic,
                    destination=pb._WebhookDestination(post_url=webhook.url),
                )
                for webhook in found
            ]
        )

    async def get_secret(self, request: pb._GetWebhookSecretRequest, ctx: CallContext) -> pb._GetWebhookSecretResponse:
        cache, name = require_cache_name(request.cache_name), request.webhook_name
        secret = self._webhooks.secret(cache, name)
        return pb._GetWebhookSecretResponse(cache_name=cache, webhook_name=name, secret_string=secret)

    async def rotate_secret(
        self, request: pb._RotateWebhookSecretRequest, ctx: CallContext
    ) -> pb._RotateWebhookSecretResponse:
        return pb._RotateWebhookSecretResponse(secret_string=self._webhooks.rotate(*_id(request.webhook_id)))


def _id(webhook_id: pb._WebhookId) -> tuple[str, str]:
    return require_cache_name(webhook_id.cache_name), webhook_id.webhook_name

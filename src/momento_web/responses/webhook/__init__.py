"""Responses of the topic clients' webhook methods: ``from momento_web.responses.webhook import PutWebhook, ...``."""

from momento_web.common_data.webhook import PostUrlWebhookDestination, Webhook, WebhookId
from momento_web.responses.webhook.delete import DeleteWebhook, DeleteWebhookResponse
from momento_web.responses.webhook.list import ListWebhooks, ListWebhooksResponse
from momento_web.responses.webhook.put import PutWebhook, PutWebhookResponse
from momento_web.responses.webhook.secret import (
    GetWebhookSecret,
    GetWebhookSecretResponse,
    RotateWebhookSecret,
    RotateWebhookSecretResponse,
)

__all__ = [
    "DeleteWebhook",
    "DeleteWebhookResponse",
    "GetWebhookSecret",
    "GetWebhookSecretResponse",
    "ListWebhooks",
    "ListWebhooksResponse",
    "PostUrlWebhookDestination",
    "PutWebhook",
    "PutWebhookResponse",
    "RotateWebhookSecret",
    "RotateWebhookSecretResponse",
    "Webhook",
    "WebhookId",
]

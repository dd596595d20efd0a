"""Topic webhooks, as the JS SDKs describe them (``Webhook``, ``WebhookId``, ``PostUrlWebhookDestination``):
what ``TopicClientAsync.put_webhook`` takes and ``list_webhooks`` returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebhookId:
    """A webhook is named within its cache."""

    cache_name: str
    webhook_name: str


@dataclass(frozen=True)
class PostUrlWebhookDestination:
    """Momento POSTs every item published on the webhook's topic to ``url`` (the only kind of destination)."""

    url: str

    @property
    def type(self) -> str:
        """``"post_url"``, the JS SDKs' ``getType()``."""
        return "post_url"


@dataclass(frozen=True)
class Webhook:
    id: WebhookId
    topic_name: str
    destination: PostUrlWebhookDestination

"""The topic clients' webhook methods (the JS SDKs' ``TopicClient.putWebhook`` and the rest).

A webhook makes Momento POST every item published on one topic of a cache to a URL, signed with the webhook's
secret. Its management calls go to the **control** endpoint (``/webhook.Webhook/*``), name their cache in the
request body (no ``cache`` header) and announce the client as ``webhook``; like cache control calls they get a
fixed minute (the JS web SDK sets no deadline at all). Protocol: docs/protocol/webhooks.md.
"""

from __future__ import annotations

from typing import TypeVar

from momento_web._messages import webhook as pb
from momento_web.auth import CredentialProvider
from momento_web.common_data.webhook import PostUrlWebhookDestination, Webhook, WebhookId
from momento_web.errors import InvalidArgumentException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.services import Service
from momento_web.internal.validation import validate_name
from momento_web.responses.webhook import (
    DeleteWebhook,
    DeleteWebhookResponse,
    GetWebhookSecret,
    GetWebhookSecretResponse,
    ListWebhooks,
    ListWebhooksResponse,
    PutWebhook,
    PutWebhookResponse,
    RotateWebhookSecret,
    RotateWebhookSecretResponse,
)
from momento_web.wire.protobuf import Message

R = TypeVar("R", bound=Message)

_WEBHOOK = "/webhook.Webhook/"
_TIMEOUT = 60.0
# Webhook errors are mostly about caches (NOT_FOUND: the cache does not exist), so they read as the cache's.
_SERVICE = Service.CACHE


def webhook_channel(client: ClientBase, credential_provider: CredentialProvider) -> GrpcWebChannel:
    """The channel of ``client``'s webhook calls (``TopicClientAsync`` keeps it as ``_webhooks``)."""
    return client._channel(credential_provider.control_url, "webhook", timeout=_TIMEOUT, metadata=client._auth_metadata)


class WebhookMethods:
    """Mixed into ``TopicClientAsync``, which sets ``_webhooks`` to a :func:`webhook_channel`."""

    _webhooks: GrpcWebChannel

    @errors_as_values(PutWebhook.Error, _SERVICE)
    async def put_webhook(
        self, cache_name: str, webhook_name: str, topic_name: str, destination: str | PostUrlWebhookDestination
    ) -> PutWebhookResponse:
        """Create or replace the webhook ``webhook_name`` of ``cache_name``: every item published on
        ``topic_name`` is POSTed to ``destination`` (a URL). ``Success.secret_string`` signs the deliveries."""
        webhook = pb._Webhook(
            webhook_id=_webhook_id(cache_name, webhook_name),
            topic_name=validate_name(topic_name, "Topic", _SERVICE),
            destination=pb._WebhookDestination(post_url=_url(destination)),
        )
        reply = await self._webhook_call("PutWebhook", pb._PutWebhookRequest(webhook=webhook), pb._PutWebhookResponse)
        return PutWebhook.Success(reply.secret_string)

    @errors_as_values(DeleteWebhook.Error, _SERVICE)
    async def delete_webhook(self, cache_name: str, webhook_name: str) -> DeleteWebhookResponse:
        """Delete the webhook; its deliveries stop."""
        request = pb._DeleteWebhookRequest(webhook_id=_webhook_id(cache_name, webhook_name))
        await self._webhook_call("DeleteWebhook", request, pb._DeleteWebhookResponse)
        return DeleteWebhook.Success()

    @errors_as_values(ListWebhooks.Error, _SERVICE)
    async def list_webhooks(self, cache_name: str) -> ListWebhooksResponse:
        """Every webhook of ``cache_name``, as ``Success.webhooks`` (:class:`Webhook`)."""
        request = pb._ListWebhookRequest(cache_name=validate_name(cache_name, "Cache", _SERVICE))
        reply = await self._webhook_call("ListWebhooks", request, pb._ListWebhooksResponse)
        return ListWebhooks.Success([_webhook(webhook) for webhook in reply.webhook])

    @errors_as_values(GetWebhookSecret.Error, _SERVICE)
    async def get_webhook_secret(self, cache_name: str, webhook_name: str) -> GetWebhookSecretResponse:
        """The webhook's current signing secret."""
        webhook_id = _webhook_id(cache_name, webhook_name)
        request = pb._GetWebhookSecretRequest(cache_name=webhook_id.cache_name, webhook_name=webhook_id.webhook_name)
        reply = await self._webhook_call("GetWebhookSecret", request, pb._GetWebhookSecretResponse)
        return GetWebhookSecret.Success(reply.secret_string, reply.webhook_name, reply.cache_name)

    @errors_as_values(RotateWebhookSecret.Error, _SERVICE)
    async def rotate_webhook_secret(self, cache_name: str, webhook_name: str) -> RotateWebhookSecretResponse:
        """Replace the webhook's signing secret; the next delivery is signed with the new one."""
        webhook_id = _webhook_id(cache_name, webhook_name)
        request = pb._RotateWebhookSecretRequest(webhook_id=webhook_id)
        reply = await self._webhook_call("RotateWebhookSecret", request, pb._RotateWebhookSecretResponse)
        return RotateWebhookSecret.Success(reply.secret_string, webhook_id.webhook_name, webhook_id.cache_name)

    async def _webhook_call(self, rpc: str, request: Message, response_type: type[R]) -> R:
        return await self._webhooks.unary(_WEBHOOK + rpc, request, response_type)


def _webhook_id(cache_name: object, webhook_name: object) -> pb._WebhookId:
    cache = validate_name(cache_name, "Cache", _SERVICE)
    if not isinstance(webhook_name, str):
        raise InvalidArgumentException(f"webhook name must be a string. Given type: {type(webhook_name)}", _SERVICE)
    if not webhook_name.strip():
        raise InvalidArgumentException("webhook name must not be empty", _SERVICE)
    return pb._WebhookId(cache_name=cache, webhook_name=webhook_name)


def _url(destination: object) -> str:
    url = destination.url if isinstance(destination, PostUrlWebhookDestination) else destination
    if not isinstance(url, str):
        raise InvalidArgumentException(
            f"destination must be a URL string or a PostUrlWebhookDestination. Given type: {type(destination)}",
            _SERVICE,
        )
    if not url.strip():
        raise InvalidArgumentException("destination must not be empty", _SERVICE)
    return url


def _webhook(webhook: pb._Webhook) -> Webhook:
    webhook_id = WebhookId(webhook.webhook_id.cache_name, webhook.webhook_id.webhook_name)
    return Webhook(webhook_id, webhook.topic_name, PostUrlWebhookDestination(webhook.destination.post_url))

"""Responses of ``TopicClientAsync.delete_webhook``."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class DeleteWebhookResponse(ControlResponse):
    """``DeleteWebhook.Success`` or ``DeleteWebhook.Error``."""


class DeleteWebhook:
    class Success(DeleteWebhookResponse, Unit): ...

    class Error(DeleteWebhookResponse, ErrorVariant): ...

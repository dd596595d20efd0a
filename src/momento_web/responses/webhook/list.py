"""Responses of ``TopicClientAsync.list_webhooks``."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.common_data.webhook import Webhook
from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


class ListWebhooksResponse(ControlResponse):
    """``ListWebhooks.Success(webhooks)`` or ``ListWebhooks.Error``."""


class ListWebhooks:
    @dataclass(frozen=True)
    class Success(ListWebhooksResponse):
        webhooks: list[Webhook]

    class Error(ListWebhooksResponse, ErrorVariant): ...

"""Responses of ``TopicClientAsync.get_webhook_secret`` and ``rotate_webhook_secret``."""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


class GetWebhookSecretResponse(ControlResponse):
    """``GetWebhookSecret.Success(secret, webhook_name, cache_name)`` or ``GetWebhookSecret.Error``."""


class GetWebhookSecret:
    @dataclass(frozen=True)
    class Success(GetWebhookSecretResponse):
        """The webhook's current signing secret (left out of repr)."""

        secret: str = field(repr=False)
        webhook_name: str
        cache_name: str

    class Error(GetWebhookSecretResponse, ErrorVariant): ...


class RotateWebhookSecretResponse(ControlResponse):
    """``RotateWebhookSecret.Success(secret, webhook_name, cache_name)`` or ``RotateWebhookSecret.Error``."""


class RotateWebhookSecret:
    @dataclass(frozen=True)
    class Success(RotateWebhookSecretResponse):
        """The new signing secret, which signs every delivery from now on (left out of repr)."""

        secret: str = field(repr=False)
        webhook_name: str
        cache_name: str

    class Error(RotateWebhookSecretResponse, ErrorVariant): ...

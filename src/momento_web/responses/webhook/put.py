"""Responses of ``TopicClientAsync.put_webhook``."""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


class PutWebhookResponse(ControlResponse):
    """``PutWebhook.Success(secret_string)`` or ``PutWebhook.Error``."""


class PutWebhook:
    @dataclass(frozen=True)
    class Success(PutWebhookResponse):
        """``secret_string`` signs every delivery (``momento-signature``); left out of repr."""

        secret_string: str = field(repr=False)

    class Error(PutWebhookResponse, ErrorVariant): ...

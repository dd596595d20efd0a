"""``WebhookUtils``: checking that a webhook request really comes from Momento (the Node SDK's ``WebhookUtils``).

Momento signs every webhook delivery: its ``momento-signature`` header is the hex HMAC-SHA3-256 of the raw request
body, keyed with the webhook's signing secret (``put_webhook``'s ``secret_string``, ``get_webhook_secret``).
Verify the body exactly as received, before parsing it: re-serialized JSON would not match
(docs/protocol/webhooks.md#signature).
"""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum


class WebhookUtils:
    """``WebhookUtils.validate_webhook_request(body, signature, signing_secret)``."""

    class RequestValidation(Enum):
        VALID = "valid"
        INVALID = "invalid"

    @staticmethod
    def validate_webhook_request(
        body: str | bytes, signature: str | None, signing_secret: str | bytes
    ) -> WebhookUtils.RequestValidation:
        """``VALID`` if ``signature`` (the ``momento-signature`` header; None when absent) is the hex
        HMAC-SHA3-256 of ``body`` keyed with ``signing_secret``, else ``INVALID``. Strings are taken as UTF-8.
        The comparison takes the same time wherever the signatures differ."""
        if not isinstance(signature, str):
            return RequestValidation.INVALID
        try:
            given = bytes.fromhex(signature)
        except ValueError:
            return RequestValidation.INVALID
        key = signing_secret.encode("utf-8") if isinstance(signing_secret, str) else signing_secret
        message = body.encode("utf-8") if isinstance(body, str) else body
        expected = hmac.new(key, message, hashlib.sha3_256).digest()
        return RequestValidation.VALID if hmac.compare_digest(expected, given) else RequestValidation.INVALID


RequestValidation = WebhookUtils.RequestValidation

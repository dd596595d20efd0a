"""Responses of the auth client."""

from momento_web.responses.auth.api_key import (
    GenerateApiKey,
    GenerateApiKeyResponse,
    RefreshApiKey,
    RefreshApiKeyResponse,
)
from momento_web.responses.auth.generate_disposable_token import (
    GenerateDisposableToken,
    GenerateDisposableTokenResponse,
)

__all__ = [
    "GenerateApiKey",
    "GenerateApiKeyResponse",
    "GenerateDisposableToken",
    "GenerateDisposableTokenResponse",
    "RefreshApiKey",
    "RefreshApiKeyResponse",
]

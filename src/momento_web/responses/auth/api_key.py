"""Responses of ``AuthClientAsync.generate_api_key`` and ``refresh_api_key`` (the JS SDK's ``GenerateApiKey`` and
``RefreshApiKey``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import AuthResponse
from momento_web.utilities.expiration import ExpiresAt


@dataclass(frozen=True)
class ApiKeyFields:
    """``api_key`` is the key string for ``CredentialProvider.from_string``/``from_disposable_token``; keep
    ``refresh_token`` to get a fresh key before this one expires. Both are left out of repr."""

    api_key: str = field(repr=False)
    refresh_token: str = field(repr=False)
    endpoint: str
    expires_at: ExpiresAt


class GenerateApiKeyResponse(AuthResponse):
    """``GenerateApiKey.Success`` or ``GenerateApiKey.Error``."""


class GenerateApiKey:
    @dataclass(frozen=True)
    class Success(GenerateApiKeyResponse, ApiKeyFields):
        pass

    class Error(GenerateApiKeyResponse, ErrorVariant): ...


class RefreshApiKeyResponse(AuthResponse):
    """``RefreshApiKey.Success`` or ``RefreshApiKey.Error``."""


class RefreshApiKey:
    @dataclass(frozen=True)
    class Success(RefreshApiKeyResponse, ApiKeyFields):
        pass

    class Error(RefreshApiKeyResponse, ErrorVariant): ...

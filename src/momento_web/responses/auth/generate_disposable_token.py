"""Response of ``AuthClientAsync.generate_disposable_token`` (mirrors ``momento.responses.auth``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import AuthResponse
from momento_web.utilities.expiration import ExpiresAt


class GenerateDisposableTokenResponse(AuthResponse):
    """``GenerateDisposableToken.Success`` or ``GenerateDisposableToken.Error``."""


class GenerateDisposableToken:
    @dataclass(frozen=True)
    class Success(GenerateDisposableTokenResponse):
        """``auth_token`` is the token string for ``CredentialProvider.from_disposable_token`` (left out of repr)."""

        auth_token: str = field(repr=False)
        endpoint: str
        expires_at: ExpiresAt

    class Error(GenerateDisposableTokenResponse, ErrorVariant): ...

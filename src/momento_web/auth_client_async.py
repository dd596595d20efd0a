"""``AuthClientAsync``: mint disposable tokens and API keys, in the browser or on CPython.

The caller's credential travels in the request body, never in an ``authorization`` header, and token calls carry
no ``grpc-timeout`` (docs/protocol/credentials.md); the configured deadline is still enforced locally. Minted
credentials come back as token strings (``base64(JSON {"endpoint", "api_key"})``) ready for ``CredentialProvider``.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from momento_web._messages import auth as auth_pb
from momento_web._messages import token as token_pb
from momento_web.auth import CredentialProvider
from momento_web.auth.access_control.disposable_token_scope import DisposableTokenProps, DisposableTokenScope
from momento_web.auth.access_control.permission_scope import PermissionScope
from momento_web.config.auth_configuration import AuthConfiguration
from momento_web.errors import InvalidArgumentException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_base import ClientBase
from momento_web.internal.errors_as_values import errors_as_values
from momento_web.internal.permissions import permissions_from_scope
from momento_web.internal.services import Service
from momento_web.responses.auth import (
    GenerateApiKey,
    GenerateApiKeyResponse,
    GenerateDisposableToken,
    GenerateDisposableTokenResponse,
    RefreshApiKey,
    RefreshApiKeyResponse,
)
from momento_web.utilities.expiration import ExpiresAt, ExpiresIn
from momento_web.wire.credentials import credential_string
from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode

ResponseT = TypeVar("ResponseT", bound=Message)

MAX_DISPOSABLE_TOKEN_SECONDS = 3600  # Momento's limit: a disposable token lives at most an hour
_MAX_TOKEN_ID_LENGTH = 64
_MAX_UINT32 = 2**32 - 1


def _invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.AUTH)


def _disposable_lifetime(expires_in: object) -> int:
    if not isinstance(expires_in, ExpiresIn):
        raise _invalid(f"expires_in must be an ExpiresIn; got {type(expires_in).__name__}")
    if not expires_in.does_expire():
        raise _invalid("Disposable tokens must have an expiry")
    seconds = expires_in.valid_for_seconds()
    if seconds <= 0:
        raise _invalid("Disposable token expiry must be positive")
    if seconds > MAX_DISPOSABLE_TOKEN_SECONDS:
        raise _invalid(
            f"Disposable tokens must expire within 1 hour ({MAX_DISPOSABLE_TOKEN_SECONDS} seconds); "
            f"got {seconds} seconds"
        )
    return seconds


def _api_key_lifetime(expires_in: object) -> int | None:
    """Seconds, or None for a key that never expires."""
    if not isinstance(expires_in, ExpiresIn):
        raise _invalid(f"expires_in must be an ExpiresIn; got {type(expires_in).__name__}")
    if not expires_in.does_expire():
        return None
    seconds = expires_in.valid_for_seconds()
    if not 0 < seconds <= _MAX_UINT32:
        raise _invalid(f"API key expiry must be positive and at most {_MAX_UINT32} seconds; got {seconds}")
    return seconds


def _api_key_expiry(expires_in: object) -> dict[str, Any]:
    """The ``expiry`` oneof as request keyword arguments: ``never``, or ``expires`` after a lifetime."""
    lifetime = _api_key_lifetime(expires_in)
    if lifetime is None:
        return {"never": auth_pb._GenerateApiTokenRequest.Never()}
    return {"expires": auth_pb._GenerateApiTokenRequest.Expires(valid_for_seconds=lifetime)}


def _token_id(props: object) -> str | None:
    if props is None:
        return None
    if not isinstance(props, DisposableTokenProps):
        raise _invalid(f"disposable_token_props must be a DisposableTokenProps; got {type(props).__name__}")
    token_id = props.token_id
    if token_id is None:
        return None
    if not isinstance(token_id, str):
        raise _invalid("TokenID must be a string.")
    if len(token_id) > _MAX_TOKEN_ID_LENGTH:
        raise _invalid("TokenID must be less than or equal to 64 characters.")
    return token_id


def _api_key_fields(reply: auth_pb._GenerateApiTokenResponse | auth_pb._RefreshApiTokenResponse) -> dict[str, Any]:
    return {
        "api_key": credential_string(reply.endpoint, reply.api_key),
        "refresh_token": reply.refresh_token,
        "endpoint": reply.endpoint,
        "expires_at": ExpiresAt.from_epoch(reply.valid_until),
    }


class AuthClientAsync(ClientBase):
    """Mirrors ``momento.AuthClientAsync`` plus the JS web SDK's API-key methods. Methods never raise.

    ``async with AuthClientAsync(AuthConfigurations.Laptop.latest(), credentials) as auth: ...``; the credential
    must be an API key (disposable tokens cannot mint).
    """

    def __init__(self, configuration: AuthConfiguration, credential_provider: CredentialProvider) -> None:
        super().__init__(configuration, credential_provider)
        self._timeout = configuration.get_client_timeout().total_seconds()
        self._credential = credential_provider.get_auth_token()
        # No timeout on the channels: it would add a grpc-timeout header, which token calls do not carry; and
        # no authorization header: the credential travels in the request body.
        self._token = self._channel(credential_provider.token_url, "auth", timeout=None)
        self._control = self._channel(credential_provider.control_url, "auth", timeout=None)

    @errors_as_values(GenerateDisposableToken.Error, Service.AUTH)
    async def generate_disposable_token(
        self,
        scope: DisposableTokenScope | PermissionScope,
        expires_in: ExpiresIn,
        disposable_token_props: DisposableTokenProps | None = None,
    ) -> GenerateDisposableTokenResponse:
        """A token for ``scope`` valid for ``expires_in`` (at most one hour), e.g. for a browser page."""
        request = token_pb._GenerateDisposableTokenRequest(
            expires=token_pb._GenerateDisposableTokenRequest.Expires(
                valid_for_seconds=_disposable_lifetime(expires_in)
            ),
            auth_token=self._credential,
            permissions=permissions_from_scope(scope),
        )
        token_id = _token_id(disposable_token_props)
        if token_id is not None:
            request.token_id = token_id
        reply = await self._call(
            self._token, "/token.Token/GenerateDisposableToken", request, token_pb._GenerateDisposableTokenResponse
        )
        return GenerateDisposableToken.Success(
            auth_token=credential_string(reply.endpoint, reply.api_key),
            endpoint=reply.endpoint,
            expires_at=ExpiresAt.from_epoch(reply.valid_until),
        )

    @errors_as_values(GenerateApiKey.Error, Service.AUTH)
    async def generate_api_key(self, scope: PermissionScope, expires_in: ExpiresIn) -> GenerateApiKeyResponse:
        """An API key for ``scope``; ``ExpiresIn.never()`` makes one that does not expire."""
        request = auth_pb._GenerateApiTokenRequest(
            auth_token=self._credential, permissions=permissions_from_scope(scope), **_api_key_expiry(expires_in)
        )
        reply = await self._call(
            self._control, "/auth.Auth/GenerateApiToken", request, auth_pb._GenerateApiTokenResponse
        )
        return GenerateApiKey.Success(**_api_key_fields(reply))

    @errors_as_values(RefreshApiKey.Error, Service.AUTH)
    async def refresh_api_key(self, refresh_token: str) -> RefreshApiKeyResponse:
        """A new API key with the same scope and lifetime as this client's key, which ``refresh_token`` (from
        ``generate_api_key`` or an earlier refresh) belongs to."""
        if not isinstance(refresh_token, str) or not refresh_token:
            raise _invalid("refresh_token must be a non-empty string")
        request = auth_pb._RefreshApiTokenRequest(api_key=self._credential, refresh_token=refresh_token)
        reply = await self._call(self._control, "/auth.Auth/RefreshApiToken", request, auth_pb._RefreshApiTokenResponse)
        return RefreshApiKey.Success(**_api_key_fields(reply))

    async def _call(
        self, channel: GrpcWebChannel, path: str, request: Message, response_type: type[ResponseT]
    ) -> ResponseT:
        try:
            async with asyncio.timeout(self._timeout):
                return await channel.unary(path, request, response_type)
        except TimeoutError:
            raise GrpcError(
                StatusCode.DEADLINE_EXCEEDED, f"no response within the client timeout of {self._timeout:g} s"
            ) from None

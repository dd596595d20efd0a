"""``auth.Auth``: API keys (optionally never expiring) with refresh tokens. Credentials travel in the body."""

from __future__ import annotations

from momento_web._messages import auth as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.rpc import CallContext, Rpc, unary

_SERVICE = "/auth.Auth"


class AuthService:
    def __init__(self, issuer: TokenIssuer) -> None:
        self._issuer = issuer

    def rpcs(self) -> list[Rpc]:
        return [
            unary(f"{_SERVICE}/GenerateApiToken", pb._GenerateApiTokenRequest, self.generate_api_token),
            unary(f"{_SERVICE}/RefreshApiToken", pb._RefreshApiTokenRequest, self.refresh_api_token),
        ]

    async def generate_api_token(
        self, request: pb._GenerateApiTokenRequest, ctx: CallContext
    ) -> pb._GenerateApiTokenResponse:
        match request.WhichOneof("expiry"):
            case "never":
                valid_for: int | None = None
            case "expires" if request.expires.valid_for_seconds > 0:
                valid_for = request.expires.valid_for_seconds
            case "expires":
                raise GrpcError(StatusCode.INVALID_ARGUMENT, "API key expiry must be positive")
            case _:
                raise GrpcError(StatusCode.INVALID_ARGUMENT, "an API key needs an expiry: `never` or `expires`")
        minted = self._issuer.mint_api_key(request.auth_token, request.permissions, valid_for)
        return pb._GenerateApiTokenResponse(
            api_key=minted.api_key,
            refresh_token=minted.refresh_token,
            endpoint=self._issuer.endpoint,
            valid_until=minted.valid_until,
        )

    async def refresh_api_token(
        self, request: pb._RefreshApiTokenRequest, ctx: CallContext
    ) -> pb._RefreshApiTokenResponse:
        minted = self._issuer.refresh(request.api_key, request.refresh_token)
        return pb._RefreshApiTokenResponse(
            api_key=minted.api_key,
            refresh_token=minted.refresh_token,
            endpoint=self._issuer.endpoint,
            valid_until=minted.valid_until,
        )

"""``token.Token``: disposable tokens, minted for a caller whose API key travels in the request body."""

from __future__ import annotations

from momento_web._messages import token as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.issuer import TokenIssuer
from momento_web_emulator.rpc import CallContext, Rpc, unary

MAX_DISPOSABLE_SECONDS = 3600  # Momento's limit: disposable tokens live at most an hour
MAX_TOKEN_ID_LENGTH = 64


class TokenService:
    def __init__(self, issuer: TokenIssuer) -> None:
        self._issuer = issuer

    def rpcs(self) -> list[Rpc]:
        return [
            unary(
                "/token.Token/GenerateDisposableToken",
                pb._GenerateDisposableTokenRequest,
                self.generate_disposable_token,
            )
        ]

    async def generate_disposable_token(
        self, request: pb._GenerateDisposableTokenRequest, ctx: CallContext
    ) -> pb._GenerateDisposableTokenResponse:
        if not request.HasField("expires"):
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "disposable tokens must have an expiry")
        valid_for = request.expires.valid_for_seconds
        if valid_for <= 0:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "disposable token expiry must be positive")
        if valid_for > MAX_DISPOSABLE_SECONDS:
            raise GrpcError(
                StatusCode.INVALID_ARGUMENT,
                f"disposable tokens must expire within 1 hour ({MAX_DISPOSABLE_SECONDS} seconds); got {valid_for}",
            )
        if len(request.token_id) > MAX_TOKEN_ID_LENGTH:
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "TokenID must be less than or equal to 64 characters.")
        minted = self._issuer.mint_disposable(request.auth_token, request.permissions, valid_for, request.token_id)
        return pb._GenerateDisposableTokenResponse(
            api_key=minted.api_key, endpoint=self._issuer.endpoint, valid_until=minted.valid_until
        )

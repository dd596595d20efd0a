"""``AuthClientAsync`` without a server: argument checks (errors as values, no request sent), what goes on the wire,
and the token strings it hands out (which must resolve back to the emulator's URL)."""

from __future__ import annotations

import base64
import json

import pytest

from momento_web import AuthClientAsync, CredentialProvider
from momento_web.auth.access_control import DisposableTokenProps, DisposableTokenScopes, PermissionScopes
from momento_web.auth.momento_endpoint_resolver import credential_string, resolve
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import GenerateApiKey, GenerateDisposableToken, RefreshApiKey
from momento_web.utilities import ExpiresAt, ExpiresIn
from tests.protobuf_oracle import auth_pb2, token_pb2
from tests.unit.fakes import RecordingTransport, sent_payload

SCOPE = DisposableTokenScopes.cache_key_read_write("cache-a", "k1")
CAPTURED_FRAME_HEX = "00000000200a0308ac021a1912170a150a1308011a090a0763616368652d612a040a026b31"


def _client(transport: RecordingTransport, token: str = "caller-key") -> AuthClientAsync:
    config = AuthConfigurations.Laptop.latest().with_transport_factory(lambda: transport)
    if not token:  # no credential at all, as in the capture of the official SDKs
        return AuthClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 8080))
    credentials = CredentialProvider.from_disposable_token(credential_string("http://127.0.0.1:8080", token))
    return AuthClientAsync(config, credentials)


async def test_disposable_token_request_matches_the_captured_vector_and_headers() -> None:
    reply = token_pb2._GenerateDisposableTokenResponse(api_key="dtok", endpoint="http://127.0.0.1:8080", valid_until=7)
    transport = RecordingTransport(reply.SerializeToString())
    async with _client(transport, token="") as client:
        result = await client.generate_disposable_token(SCOPE, ExpiresIn.seconds(300))
    assert result == GenerateDisposableToken.Success(
        auth_token=credential_string("http://127.0.0.1:8080", "dtok"),
        endpoint="http://127.0.0.1:8080",
        expires_at=ExpiresAt.from_epoch(7),
    )
    (request,) = transport.requests
    assert request.url == "http://127.0.0.1:8080/token.Token/GenerateDisposableToken"
    # With an empty credential the request is exactly what the official SDKs sent (no auth_token field).
    assert base64.b64decode(request.body).hex() == CAPTURED_FRAME_HEX
    assert "authorization" not in request.headers
    assert "grpc-timeout" not in request.headers
    assert request.headers["agent"].split(":")[1] == "auth"


async def test_credential_travels_in_the_body_never_in_a_header() -> None:
    transport = RecordingTransport(
        token_pb2._GenerateDisposableTokenResponse(api_key="x", endpoint="e").SerializeToString()
    )
    async with _client(transport, token="secret-key") as client:
        await client.generate_disposable_token(SCOPE, ExpiresIn.minutes(5), DisposableTokenProps(token_id="page-7"))
    (request,) = transport.requests
    sent = token_pb2._GenerateDisposableTokenRequest.FromString(sent_payload(request))
    assert sent.auth_token == "secret-key"
    assert sent.token_id == "page-7"
    assert all("secret-key" not in value for value in request.headers.values())


async def test_api_key_requests_never_or_expires_and_refresh() -> None:
    reply = auth_pb2._GenerateApiTokenResponse(api_key="k2", refresh_token="r2", endpoint="http://h:1", valid_until=0)
    transport = RecordingTransport(reply.SerializeToString())
    async with _client(transport) as client:
        forever = await client.generate_api_key(PermissionScopes.cache_read_only("cache-a"), ExpiresIn.never())
        await client.generate_api_key(PermissionScopes.cache_read_only("cache-a"), ExpiresIn.hours(2))
        refreshed = await client.refresh_api_key("r1")
    assert isinstance(forever, GenerateApiKey.Success)
    assert forever.api_key == credential_string("http://h:1", "k2")
    assert forever.refresh_token == "r2"
    assert not forever.expires_at.does_expire()
    assert isinstance(refreshed, RefreshApiKey.Success)
    never, expires, refresh = transport.requests
    assert never.url == "http://127.0.0.1:8080/auth.Auth/GenerateApiToken"
    assert auth_pb2._GenerateApiTokenRequest.FromString(sent_payload(never)).WhichOneof("expiry") == "never"
    assert auth_pb2._GenerateApiTokenRequest.FromString(sent_payload(expires)).expires.valid_for_seconds == 7200
    assert auth_pb2._RefreshApiTokenRequest.FromString(sent_payload(refresh)) == auth_pb2._RefreshApiTokenRequest(
        api_key="caller-key", refresh_token="r1"
    )


@pytest.mark.parametrize(
    "response",
    [
        GenerateApiKey.Success(
            api_key=credential_string("http://h:1", "RAW-KEY-SENTINEL"),
            refresh_token="REFRESH-SENTINEL",
            endpoint="http://h:1",
            expires_at=ExpiresAt.from_epoch(0),
        ),
        RefreshApiKey.Success(
            api_key=credential_string("http://h:1", "RAW-KEY-SENTINEL"),
            refresh_token="REFRESH-SENTINEL",
            endpoint="http://h:1",
            expires_at=ExpiresAt.from_epoch(0),
        ),
        GenerateDisposableToken.Success(
            auth_token=credential_string("http://h:1", "RAW-KEY-SENTINEL"),
            endpoint="http://h:1",
            expires_at=ExpiresAt.from_epoch(0),
        ),
    ],
    ids=["generate-api-key", "refresh-api-key", "disposable-token"],
)
def test_minted_secrets_stay_out_of_repr_and_str(response: object) -> None:
    secrets = ["RAW-KEY-SENTINEL", "REFRESH-SENTINEL", credential_string("http://h:1", "RAW-KEY-SENTINEL")]
    for shown in (repr(response), str(response)):
        assert "http://h:1" in shown  # the non-secret fields are shown
        assert not [secret for secret in secrets if secret in shown]


@pytest.mark.parametrize(
    ("expires_in", "props", "message"),
    [
        (ExpiresIn.never(), None, "Disposable tokens must have an expiry"),
        (ExpiresIn.seconds(0), None, "Disposable token expiry must be positive"),
        (ExpiresIn.seconds(-5), None, "Disposable token expiry must be positive"),
        (ExpiresIn.seconds(3601), None, "Disposable tokens must expire within 1 hour (3600 seconds)"),
        (ExpiresIn.days(1), None, "Disposable tokens must expire within 1 hour"),
        (300, None, "expires_in must be an ExpiresIn"),
        (ExpiresIn.minutes(5), DisposableTokenProps(token_id="x" * 65), "TokenID must be less than or equal to 64"),
        (ExpiresIn.minutes(5), "token-id", "disposable_token_props must be a DisposableTokenProps"),
    ],
)
async def test_invalid_disposable_token_arguments_are_errors_without_a_request(
    expires_in: object, props: object, message: str
) -> None:
    transport = RecordingTransport()
    async with _client(transport) as client:
        result = await client.generate_disposable_token(SCOPE, expires_in, props)  # type: ignore[arg-type]
    assert isinstance(result, GenerateDisposableToken.Error)
    assert result.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert message in result.message
    assert transport.requests == []


async def test_one_hour_exactly_is_allowed_and_bad_scopes_are_errors() -> None:
    transport = RecordingTransport(
        token_pb2._GenerateDisposableTokenResponse(api_key="x", endpoint="e").SerializeToString()
    )
    async with _client(transport) as client:
        assert isinstance(
            await client.generate_disposable_token(SCOPE, ExpiresIn.hours(1)), GenerateDisposableToken.Success
        )
        bad = await client.generate_disposable_token("everything", ExpiresIn.minutes(1))  # type: ignore[arg-type]
        bad_key = await client.generate_api_key(PermissionScopes.cache_read_write(""), ExpiresIn.never())
        bad_refresh = await client.refresh_api_key("")
    assert isinstance(bad, GenerateDisposableToken.Error)
    assert bad.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert isinstance(bad_key, GenerateApiKey.Error)
    assert bad_key.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert isinstance(bad_refresh, RefreshApiKey.Error)
    assert len(transport.requests) == 1


def test_token_strings_round_trip_to_the_emulator_url_with_no_configuration() -> None:
    token = credential_string("http://127.0.0.1:8080", "dtok")
    assert json.loads(base64.b64decode(token)) == {"endpoint": "http://127.0.0.1:8080", "api_key": "dtok"}
    assert base64.b64decode(token).startswith(b'{"endpoint":"http://127.0.0.1:8080","api_key"')  # compact, JS order
    provider = CredentialProvider.from_disposable_token(token)
    assert provider.get_auth_token() == "dtok"
    assert provider.cache_url == provider.control_url == provider.token_url == "http://127.0.0.1:8080"
    assert (
        resolve(credential_string("https://momento.example:9443/", "k")).cache_endpoint
        == "https://momento.example:9443"
    )
    # A plain host keeps Momento's rule: web.cache.<endpoint> over https.
    assert CredentialProvider.from_disposable_token(credential_string("cell-1.example.com", "k")).cache_url == (
        "https://web.cache.cell-1.example.com"
    )
    # Overrides still win over the token's URL.
    overridden = CredentialProvider.from_disposable_token(token, cache_endpoint="http://other:1")
    assert overridden.cache_url == "http://other:1"
    assert overridden.control_url == "http://127.0.0.1:8080"

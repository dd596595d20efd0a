"""Disposable tokens with the synchronous ``AuthClient``: mint a token for one key, hand it to a cache client, and
watch it refused outside its scope."""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from datetime import timedelta

from momento import AuthClient, CacheClient, Configurations, CredentialProvider
from momento.auth.access_control.disposable_token_scopes import DisposableTokenScopes
from momento.config.auth_configurations import AuthConfigurations
from momento.errors import MomentoErrorCode
from momento.responses import CacheGet, CacheSet, CreateCache, GenerateDisposableToken
from momento.utilities import ExpiresIn

CACHE_NAME = f"example-{uuid.uuid4().hex[:8]}"


def credentials_for(token: str) -> CredentialProvider:
    # Stands in for CredentialProvider.from_environment_variable("MOMENTO_API_KEY") and from_disposable_token(token):
    # the emulator listens on plain HTTP at MOMENTO_HOST:MOMENTO_PORT, so the endpoints are given as they are.
    api_key = json.loads(base64.b64decode(token))["api_key"]
    host, port = os.environ["MOMENTO_HOST"], int(os.environ["MOMENTO_PORT"])
    return CredentialProvider(
        auth_token=api_key, control_endpoint=host, cache_endpoint=host, token_endpoint=host, port=port
    )


def main() -> None:
    super_user = credentials_for(os.environ["MOMENTO_API_KEY"])
    config = Configurations.Laptop.latest()
    with CacheClient.create(config, super_user, timedelta(seconds=60)) as admin:
        assert isinstance(admin.create_cache(CACHE_NAME), CreateCache.Success)

    with AuthClient(AuthConfigurations.Laptop.latest(), super_user) as auth_client:
        scope = DisposableTokenScopes.cache_key_read_write(CACHE_NAME, "user:1")
        response = auth_client.generate_disposable_token(scope, ExpiresIn.minutes(5))
    match response:
        case GenerateDisposableToken.Success():
            token = response.auth_token
            assert response.expires_at.does_expire()
            assert time.time() < response.expires_at.epoch() <= time.time() + 5 * 60 + 1
        case GenerateDisposableToken.Error():
            raise AssertionError(f"could not mint a token: {response.message}")
        case _:
            raise AssertionError(f"unexpected response {response}")

    with CacheClient.create(config, credentials_for(token), timedelta(seconds=60)) as client:
        assert isinstance(client.set(CACHE_NAME, "user:1", "allowed"), CacheSet.Success)
        hit = client.get(CACHE_NAME, "user:1")
        assert isinstance(hit, CacheGet.Hit), hit
        assert hit.value_string == "allowed"

        outside = client.set(CACHE_NAME, "user:2", "not allowed")
        assert isinstance(outside, CacheSet.Error), outside
        assert outside.error_code == MomentoErrorCode.PERMISSION_ERROR
        elsewhere = client.get(f"{CACHE_NAME}-other", "user:1")
        assert isinstance(elsewhere, CacheGet.Error), elsewhere
        assert elsewhere.error_code == MomentoErrorCode.PERMISSION_ERROR

    forged = CredentialProvider(
        auth_token="not-a-token",
        control_endpoint=os.environ["MOMENTO_HOST"],
        cache_endpoint=os.environ["MOMENTO_HOST"],
        token_endpoint=os.environ["MOMENTO_HOST"],
        port=int(os.environ["MOMENTO_PORT"]),
    )
    with CacheClient(config, forged, timedelta(seconds=60)) as stranger:
        refused = stranger.get(CACHE_NAME, "user:1")
        assert isinstance(refused, CacheGet.Error), refused
        assert refused.error_code == MomentoErrorCode.AUTHENTICATION_ERROR

    with CacheClient.create(config, super_user, timedelta(seconds=60)) as admin:
        admin.delete_cache(CACHE_NAME)


if __name__ == "__main__":
    main()

"""Auth inside Pyodide in headless Chromium, over fetch, cross-origin to an emulator in strict mode: the browser
mints a disposable token, and the token string alone (``CredentialProvider.from_disposable_token``, no endpoint
configuration) reaches the emulator over ``http://`` and is enforced. API keys are generated, refreshed and
enforced the same way. Every call carries ``authorization``, so every preflight must allow it explicitly."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import AuthEmulator

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _mint_and_use(selenium: Any, super_user_key: str) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider
    from momento_web.auth.access_control import DisposableTokenScopes
    from momento_web.config.auth_configurations import AuthConfigurations
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet, CacheSet, CreateCache, GenerateDisposableToken
    from momento_web.utilities import ExpiresIn
    from momento_web.wire.credentials import credential_string

    config = Configurations.Browser.latest()
    admin_credentials = CredentialProvider.from_disposable_token(super_user_key)
    cache = f"browser-auth-{uuid.uuid4().hex[:6]}"
    async with CacheClientAsync(config, admin_credentials, timedelta(seconds=60)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
    async with AuthClientAsync(AuthConfigurations.Browser.latest(), admin_credentials) as auth:
        minted = await auth.generate_disposable_token(
            DisposableTokenScopes.cache_key_read_write(cache, "k1"), ExpiresIn.minutes(5)
        )
    assert isinstance(minted, GenerateDisposableToken.Success), minted

    credentials = CredentialProvider.from_disposable_token(minted.auth_token)
    assert credentials.cache_url.startswith("http://127.0.0.1:")
    async with CacheClientAsync(config, credentials, timedelta(seconds=60)) as client:
        assert await client.set(cache, "k1", "from the browser") == CacheSet.Success()
        assert await client.get(cache, "k1") == CacheGet.Hit(b"from the browser")
        denied = await client.get(cache, "k2")
        assert isinstance(denied, CacheGet.Error), denied
        assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR

    forged = CredentialProvider.from_disposable_token(credential_string(credentials.cache_url, "forged"))
    async with CacheClientAsync(config, forged, timedelta(seconds=60)) as client:
        rejected = await client.get(cache, "k1")
        assert isinstance(rejected, CacheGet.Error), rejected
        assert rejected.error_code is MomentoErrorCode.AUTHENTICATION_ERROR


def test_browser_mints_and_uses_a_disposable_token(selenium_sdk: Any, auth_emulator: AuthEmulator) -> None:
    _mint_and_use(selenium_sdk, auth_emulator.super_user_key)


@run_in_pyodide
async def _api_key_round_trip(selenium: Any, super_user_key: str) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import AuthClientAsync, CacheClientAsync, Configurations, CredentialProvider
    from momento_web.auth.access_control import PermissionScopes
    from momento_web.config.auth_configurations import AuthConfigurations
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet, CacheSet, CreateCache, GenerateApiKey, RefreshApiKey
    from momento_web.utilities import ExpiresIn

    config, auth_config = Configurations.Browser.latest(), AuthConfigurations.Browser.latest()
    admin_credentials = CredentialProvider.from_disposable_token(super_user_key)
    cache = f"browser-key-{uuid.uuid4().hex[:6]}"
    async with CacheClientAsync(config, admin_credentials, timedelta(seconds=60)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
        assert await admin.set(cache, "k", "seeded") == CacheSet.Success()
    async with AuthClientAsync(auth_config, admin_credentials) as auth:
        generated = await auth.generate_api_key(PermissionScopes.cache_read_only(cache), ExpiresIn.hours(1))
    assert isinstance(generated, GenerateApiKey.Success), generated
    assert generated.expires_at.does_expire()

    key = CredentialProvider.from_disposable_token(generated.api_key)
    async with AuthClientAsync(auth_config, key) as auth:
        refreshed = await auth.refresh_api_key(generated.refresh_token)
    assert isinstance(refreshed, RefreshApiKey.Success), refreshed
    for api_key in (generated.api_key, refreshed.api_key):
        credentials = CredentialProvider.from_disposable_token(api_key)
        async with CacheClientAsync(config, credentials, timedelta(minutes=1)) as client:
            assert await client.get(cache, "k") == CacheGet.Hit(b"seeded")
            denied = await client.set(cache, "k", "read-only key")
            assert isinstance(denied, CacheSet.Error), denied
            assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR


def test_browser_generates_refreshes_and_uses_an_api_key(selenium_sdk: Any, auth_emulator: AuthEmulator) -> None:
    _api_key_round_trip(selenium_sdk, auth_emulator.super_user_key)

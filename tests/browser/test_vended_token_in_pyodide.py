"""A vended token in Pyodide in headless Chromium: the page fetches a token from the vending machine cross-origin
(CORS preflight included), reads and writes its own key with it, and is denied another key and another cache. A
policy refusal comes back as a readable 403 JSON error."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from momento_web import CacheClientAsync, Configurations, CredentialProvider
from momento_web.responses import CreateCache
from tests.conftest import VendingMachine

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _vend_and_use(selenium: Any, vending_url: str, cache: str, key_prefix: str, other_cache: str) -> None:
    import json
    from datetime import timedelta

    from pyodide.http import pyfetch

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet, CacheSet

    async def ask(request: dict[str, str]) -> tuple[int, dict[str, Any]]:
        response = await pyfetch(
            f"{vending_url}/token",
            method="POST",
            headers={"Content-Type": "application/json"},
            body=json.dumps(request),
        )
        return response.status, await response.json()

    status, body = await ask({"cache": cache, "keyPrefix": key_prefix, "clientId": "pyodide"})
    assert status == 200, body
    assert body["scope"] == {"cache": cache, "keyPrefix": key_prefix, "keyAccess": "read-write", "ttlSeconds": 300}

    credentials = CredentialProvider.from_disposable_token(body["authToken"])
    async with CacheClientAsync(Configurations.Browser.latest(), credentials, timedelta(seconds=60)) as client:
        own_key = f"{key_prefix}greeting"
        assert await client.set(cache, own_key, "hello from pyodide") == CacheSet.Success()
        assert await client.get(cache, own_key) == CacheGet.Hit(b"hello from pyodide")
        for denied in (await client.get(cache, "someone-else"), await client.get(other_cache, own_key)):
            assert isinstance(denied, CacheGet.Error), denied
            assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR, denied

    status, body = await ask({"cache": other_cache, "keyPrefix": key_prefix})
    assert (status, body["error"]) == (403, "forbidden"), body


def test_a_page_uses_a_vended_token_within_its_scope(selenium_sdk: Any, vending_machine: VendingMachine) -> None:
    other_cache = f"not-vended-{uuid.uuid4().hex[:6]}"
    super_user = CredentialProvider.from_disposable_token(vending_machine.emulator.super_user_key)

    async def create_other_cache() -> object:
        async with CacheClientAsync(Configurations.Laptop.latest(), super_user, timedelta(minutes=1)) as admin:
            return await admin.create_cache(other_cache)

    assert asyncio.run(create_other_cache()) == CreateCache.Success()  # exists, so a denial is about scope
    key_prefix = f"{vending_machine.key_prefix}{uuid.uuid4().hex[:6]}-"
    _vend_and_use(selenium_sdk, vending_machine.url, vending_machine.cache, key_prefix, other_cache)

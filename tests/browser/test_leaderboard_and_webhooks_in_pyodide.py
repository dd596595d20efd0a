"""Leaderboards and topic webhooks inside Pyodide in headless Chromium, over fetch, cross-origin to a real emulator:
every leaderboard method in text and binary mode with Momento's ordering, the error paths, the sync leaderboard
client waiting by JSPI; every webhook method; and ``WebhookUtils`` checking a signature made outside the browser."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _exercise_leaderboards(selenium: Any, host: str, port: int) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import (
        CacheClientAsync,
        Configurations,
        CredentialProvider,
        LeaderboardConfigurations,
        LeaderboardOrder,
        PreviewLeaderboardClientAsync,
    )
    from momento_web.config import WireFormat
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CreateCache
    from momento_web.responses.leaderboard import (
        LeaderboardDelete,
        LeaderboardFetch,
        LeaderboardLength,
        LeaderboardRemoveElements,
        LeaderboardUpsert,
        RankedElement,
    )
    from momento_web.transport.fetch_transport import FetchTransport

    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"browser-lb-{uuid.uuid4().hex[:6]}"
    async with CacheClientAsync(Configurations.Browser.latest(), credentials, timedelta(minutes=1)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
        for wire_format in (WireFormat.TEXT, WireFormat.BINARY):
            config = LeaderboardConfigurations.Browser.latest().with_wire_format(wire_format)
            async with PreviewLeaderboardClientAsync(config, credentials) as client:
                assert isinstance(client._transport, FetchTransport)
                board = client.leaderboard(cache, f"board-{wire_format.name}")
                assert await board.upsert({2: 5.0, 10: 5.0, 1: 5.0, 7: 9.5, 3: -1.0}) == LeaderboardUpsert.Success()
                assert await board.length() == LeaderboardLength.Success(5)
                assert await board.fetch_by_rank(0, 3) == LeaderboardFetch.Success(
                    [RankedElement(3, -1.0, 0), RankedElement(1, 5.0, 1), RankedElement(10, 5.0, 2)]
                )
                by_score = await board.fetch_by_score(0, 9.5, LeaderboardOrder.DESCENDING, offset=1, count=5)
                assert by_score == LeaderboardFetch.Success([RankedElement(10, 5.0, 2), RankedElement(2, 5.0, 3)])
                ranks = await board.get_rank([7, 3, 99], LeaderboardOrder.DESCENDING)
                assert ranks == LeaderboardFetch.Success([RankedElement(7, 9.5, 0), RankedElement(3, -1.0, 4)])
                assert await board.remove_elements([3]) == LeaderboardRemoveElements.Success()
                assert await board.length() == LeaderboardLength.Success(4)

                invalid = await board.fetch_by_rank(5, 5)
                assert isinstance(invalid, LeaderboardFetch.Error), invalid
                assert invalid.inner_exception.message == "start rank must be less than end rank"
                refused = await board.fetch_by_rank(0, 0)  # the server's refusal, through fetch
                assert isinstance(refused, LeaderboardFetch.Error), refused
                assert refused.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
                missing = await client.leaderboard(f"{cache}-missing", "b").length()
                assert isinstance(missing, LeaderboardLength.Error), missing
                assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR

                assert await board.delete() == LeaderboardDelete.Success()
                assert await board.length() == LeaderboardLength.Success(0)
        await admin.delete_cache(cache)


def test_leaderboard_client_over_fetch(selenium_sdk: Any, emulator: LocalServer) -> None:
    _exercise_leaderboards(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
async def _synchronous_leaderboard(selenium: Any, host: str, port: int) -> None:
    import uuid
    from datetime import timedelta

    from pyodide.ffi import can_run_sync

    from momento_web import (
        CacheClient,
        Configurations,
        CredentialProvider,
        LeaderboardConfigurations,
        PreviewLeaderboardClient,
    )
    from momento_web.responses import CreateCache
    from momento_web.responses.leaderboard import LeaderboardFetch, LeaderboardUpsert, RankedElement

    assert can_run_sync()
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"sync-lb-{uuid.uuid4().hex[:6]}"
    with CacheClient(Configurations.Browser.latest(), credentials, timedelta(minutes=1)) as admin:
        assert admin.create_cache(cache) == CreateCache.Success()
        with PreviewLeaderboardClient(LeaderboardConfigurations.Browser.latest(), credentials) as client:
            board = client.leaderboard(cache, "sync")
            assert board.upsert({1: 1.0, 2: 2.0}) == LeaderboardUpsert.Success()
            assert board.fetch_by_rank(0, 1) == LeaderboardFetch.Success([RankedElement(1, 1.0, 0)])
        admin.delete_cache(cache)


def test_synchronous_leaderboard_client_in_the_browser(selenium_sdk: Any, emulator: LocalServer) -> None:
    _synchronous_leaderboard(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
async def _exercise_webhooks(selenium: Any, host: str, port: int, body: str, secret: str, signature: str) -> None:
    import uuid
    from datetime import timedelta

    from momento_web import (
        CacheClientAsync,
        Configurations,
        CredentialProvider,
        PostUrlWebhookDestination,
        TopicClientAsync,
        TopicConfigurations,
        WebhookUtils,
    )
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CreateCache
    from momento_web.responses.webhook import (
        DeleteWebhook,
        GetWebhookSecret,
        ListWebhooks,
        PutWebhook,
        RotateWebhookSecret,
        Webhook,
        WebhookId,
    )

    valid = WebhookUtils.RequestValidation.VALID
    assert WebhookUtils.validate_webhook_request(body, signature, secret) is valid  # SHA3 in Pyodide's hashlib
    assert WebhookUtils.validate_webhook_request(body + " ", signature, secret) is not valid

    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"browser-hooks-{uuid.uuid4().hex[:6]}"
    url = "https://receiver.example/hook"
    async with CacheClientAsync(Configurations.Browser.latest(), credentials, timedelta(minutes=1)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
        async with TopicClientAsync(TopicConfigurations.Browser.latest(), credentials) as topics:
            put = await topics.put_webhook(cache, "w", "chat", PostUrlWebhookDestination(url))
            assert isinstance(put, PutWebhook.Success), put
            assert await topics.list_webhooks(cache) == ListWebhooks.Success(
                [Webhook(WebhookId(cache, "w"), "chat", PostUrlWebhookDestination(url))]
            )
            assert await topics.get_webhook_secret(cache, "w") == GetWebhookSecret.Success(
                put.secret_string, "w", cache
            )
            rotated = await topics.rotate_webhook_secret(cache, "w")
            assert isinstance(rotated, RotateWebhookSecret.Success), rotated
            assert rotated.secret != put.secret_string
            assert await topics.delete_webhook(cache, "w") == DeleteWebhook.Success()
            gone = await topics.get_webhook_secret(cache, "w")
            assert isinstance(gone, GetWebhookSecret.Error), gone
            assert gone.error_code is MomentoErrorCode.NOT_FOUND_ERROR
            empty_name = await topics.delete_webhook(cache, " ")
            assert isinstance(empty_name, DeleteWebhook.Error), empty_name
            assert empty_name.inner_exception.message == "webhook name must not be empty"
        await admin.delete_cache(cache)


def test_webhook_methods_and_signature_check_in_the_browser(selenium_sdk: Any, emulator: LocalServer) -> None:
    body = '{"cache":"c","topic":"t","text":"héllo ✓"}'
    secret = "browser-secret"
    signature = hmac.new(secret.encode(), body.encode(), hashlib.sha3_256).hexdigest()
    _exercise_webhooks(selenium_sdk, emulator.host, emulator.port, body, secret, signature)

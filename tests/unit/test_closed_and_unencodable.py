"""Inputs that used to escape validation: a closed client, and strings with no UTF-8 form (a lone surrogate).

Every public method of every async client is called with valid arguments after ``close()``: each returns its
``Error`` with momento's UNKNOWN_ERROR and a message saying the client is closed, and sends nothing. A lone
surrogate in a key, value, field, element or name is INVALID_ARGUMENT naming what is wrong, with no traceback
logged (it used to be an UNKNOWN_ERROR and a warning with a traceback).
"""

from __future__ import annotations

import inspect
import logging
from datetime import timedelta
from typing import Any

import pytest

from momento_web import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    TopicClientAsync,
    TopicConfigurations,
)
from momento_web.auth.access_control import DisposableTokenScopes, PermissionScopes
from momento_web.auth.momento_endpoint_resolver import credential_string
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.requests import SortedSetSource
from momento_web.responses import CacheGet, TopicPublish, TopicSubscribe
from momento_web.utilities import ExpiresIn
from tests.unit.fakes import RecordingTransport

# A valid value for each required parameter, by name (overridden per method where the name means something else).
ARGUMENTS: dict[str, Any] = {
    "cache_name": "cache",
    "dictionary_name": "dictionary",
    "list_name": "list",
    "set_name": "set",
    "sorted_set_name": "sorted-set",
    "topic_name": "topic",
    "key": "key",
    "keys": ["key"],
    "value": "value",
    "values": ["value"],
    "field": "field",
    "fields": ["field"],
    "element": "element",
    "elements": ["element"],
    "items": {"key": "value"},
    "equal": "value",
    "not_equal": "value",
    "hash_equal": b"\x00" * 32,
    "hash_not_equal": b"\x00" * 32,
    "ttl": timedelta(minutes=5),
    "count": 1,
    "limit": 1,
    "score": 1.0,
    "sources": [SortedSetSource("other")],
    "key_id": "key-id",
    "refresh_token": "refresh",
    "scope": DisposableTokenScopes.cache_read_write("cache"),
    "expires_in": ExpiresIn.minutes(5),
    "webhook_name": "webhook",
    "destination": "https://example.com/hook",
}
OVERRIDES: dict[str, dict[str, Any]] = {
    "sorted_set_put_elements": {"elements": {"element": 1.0}},
    "generate_api_key": {"scope": PermissionScopes.cache_read_write("cache")},
}


def _methods(client: object) -> list[str]:
    return [
        name
        for name, method in inspect.getmembers(type(client), inspect.iscoroutinefunction)
        if not name.startswith("_") and name not in ("close", "create")
    ]


async def _call(client: object, name: str) -> Any:
    method = getattr(client, name)
    arguments = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.default is inspect.Parameter.empty:
            override = OVERRIDES.get(name, {})
            if parameter.name not in override and parameter.name not in ARGUMENTS:
                pytest.fail(f"{name}: add a valid {parameter.name} to ARGUMENTS (a new method must be covered too)")
            arguments[parameter.name] = override.get(parameter.name, ARGUMENTS.get(parameter.name))
    return await method(**arguments)


def _clients(transport: RecordingTransport) -> list[Any]:
    local = CredentialProvider.for_momento_local("127.0.0.1", 1)
    key = CredentialProvider.from_disposable_token(credential_string("http://127.0.0.1:1", "caller-key"))
    return [
        CacheClientAsync(
            Configurations.Laptop.latest().with_transport_factory(lambda: transport), local, timedelta(minutes=1)
        ),
        TopicClientAsync(TopicConfigurations.Default.latest().with_transport_factory(lambda: transport), local),
        AuthClientAsync(AuthConfigurations.Laptop.latest().with_transport_factory(lambda: transport), key),
    ]


async def test_every_method_of_every_closed_client_returns_an_error_saying_so(caplog: pytest.LogCaptureFixture) -> None:
    transport = RecordingTransport()
    called = 0
    for client in _clients(transport):
        await client.close()
        for name in _methods(client):
            response = await _call(client, name)
            assert response.error_code is MomentoErrorCode.UNKNOWN_ERROR, name
            assert "The client has been closed" in response.message, name
            called += 1
    assert called > 80  # every data, control, topic and token method
    assert transport.requests == []
    assert "unexpected error" not in caplog.text


async def test_async_with_closes_the_client() -> None:
    transport = RecordingTransport()
    credentials = CredentialProvider.for_momento_local("127.0.0.1", 1)
    config = Configurations.Browser.latest().with_transport_factory(lambda: transport)
    async with CacheClientAsync(config, credentials, timedelta(minutes=1)) as client:
        pass
    response = await client.get("cache", "key")
    assert isinstance(response, CacheGet.Error)
    assert response.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert transport.requests == []


# --- strings with no UTF-8 form -------------------------------------------------------------------------------

LONE = "\ud800"


@pytest.mark.parametrize(
    ("method", "arguments", "message"),
    [
        ("get", ("cache", "k" + LONE), "Key cannot be encoded as UTF-8: '\\ud800' at position 1"),
        ("set", ("cache", "key", LONE), "Value cannot be encoded as UTF-8: '\\ud800' at position 0"),
        ("get", (LONE, "key"), "Cache name cannot be encoded as UTF-8"),
        ("create_cache", ("ca" + LONE,), "Cache name cannot be encoded as UTF-8: '\\ud800' at position 2"),
        ("dictionary_set_field", ("cache", "d", LONE, "v"), "cannot be encoded as UTF-8"),
        ("dictionary_set_field", ("cache", LONE, "f", "v"), "Dictionary name cannot be encoded as UTF-8"),
        ("dictionary_get_fields", ("cache", "d", ["f", LONE]), "cannot be encoded as UTF-8"),
        ("list_push_back", ("cache", "l", LONE), "cannot be encoded as UTF-8"),
        ("list_concatenate_front", ("cache", "l", ["a", LONE]), "cannot be encoded as UTF-8"),
        ("set_add_element", ("cache", "s", "\udfff"), "cannot be encoded as UTF-8: '\\udfff'"),
        ("sorted_set_put_element", ("cache", "z", LONE, 1.0), "cannot be encoded as UTF-8"),
        ("sorted_set_fetch_by_rank", ("cache", LONE), "Sorted set name cannot be encoded as UTF-8"),
        ("set_if_equal", ("cache", "key", "value", LONE), "cannot be encoded as UTF-8"),
        ("get_batch", ("cache", ["a", LONE]), "cannot be encoded as UTF-8"),
    ],
)
async def test_a_lone_surrogate_is_an_invalid_argument(
    method: str, arguments: tuple[Any, ...], message: str, caplog: pytest.LogCaptureFixture
) -> None:
    transport = RecordingTransport()
    config = Configurations.Browser.latest().with_transport_factory(lambda: transport)
    async with CacheClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 1), timedelta(1)) as client:
        with caplog.at_level(logging.DEBUG, logger="momento_web"):
            response = await getattr(client, method)(*arguments)
    assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert message in response.message
    assert transport.requests == []
    assert caplog.records == []


async def test_a_lone_surrogate_in_a_topic_name_or_value_is_an_invalid_argument(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = RecordingTransport()
    config = TopicConfigurations.Browser.latest().with_transport_factory(lambda: transport)
    async with TopicClientAsync(config, CredentialProvider.for_momento_local("127.0.0.1", 1)) as client:
        with caplog.at_level(logging.DEBUG, logger="momento_web"):
            by_value = await client.publish("cache", "topic", "hi " + LONE)
            by_name = await client.publish("cache", LONE, "hi")
            subscription = await client.subscribe(LONE, "topic")
    assert isinstance(by_value, TopicPublish.Error)
    assert by_value.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert "cannot be encoded as UTF-8: '\\ud800' at position 3" in by_value.message
    assert isinstance(by_name, TopicPublish.Error)
    assert "Topic name cannot be encoded as UTF-8" in by_name.message
    assert isinstance(subscription, TopicSubscribe.Error)
    assert subscription.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert transport.requests == []
    assert caplog.records == []


async def test_closing_reaches_every_live_channel_and_keeps_no_dropped_one() -> None:
    import gc

    transport = RecordingTransport()
    credentials = CredentialProvider.for_momento_local("127.0.0.1", 1)
    client = CacheClientAsync(
        Configurations.Browser.latest().with_transport_factory(lambda: transport), credentials, timedelta(minutes=1)
    )
    built = len(client._channels)
    for _ in range(100):  # as a client with a channel per store or cache would, dropping old ones
        client._channel("http://127.0.0.1:1", "cache", timeout=None)
    gc.collect()
    assert len(client._channels) == built
    kept = client._channel("http://127.0.0.1:1", "cache", timeout=None)
    await client.close()
    assert kept.closed

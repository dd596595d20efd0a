"""The synchronous clients inside Pyodide in headless Chromium, waiting by JSPI (``pyodide.ffi.run_sync``).

``@run_in_pyodide`` runs its code with ``pyodide.runPythonAsync``, where ``can_run_sync()`` is true: plain
synchronous momento-style code (no ``await`` anywhere) sets, gets, publishes and iterates a subscription that
resumes after the emulator drops its stream. ``selenium.run`` uses ``pyodide.runPython``, where JSPI cannot
suspend: a call must come back at once as its ``Error`` saying to use the async client, and ``create`` raise.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer, admin_request

pytestmark = pytest.mark.browser


@run_in_pyodide
def _sync_cache_calls(selenium: Any, host: str, port: int) -> None:
    import uuid
    from datetime import timedelta

    from pyodide.ffi import can_run_sync

    from momento_web import CacheClient, Configurations, CredentialProvider
    from momento_web.responses import CacheDictionaryFetch, CacheGet, CacheSet, CreateCache

    assert can_run_sync()
    cache = f"sync-{uuid.uuid4().hex[:8]}"
    credentials = CredentialProvider.for_momento_local(host, port)
    with CacheClient.create(Configurations.Browser.latest(), credentials, timedelta(seconds=60)) as client:
        assert client.create_cache(cache) == CreateCache.Success()
        assert client.set(cache, "key", "from a synchronous call") == CacheSet.Success()
        hit = client.get(cache, "key")
        assert isinstance(hit, CacheGet.Hit), hit
        assert hit.value_string == "from a synchronous call"
        client.dictionary_set_fields(cache, "d", {"a": "1"})
        fetched = client.dictionary_fetch(cache, "d")
        assert isinstance(fetched, CacheDictionaryFetch.Hit), fetched
        assert fetched.value_dictionary_string_string == {"a": "1"}
        client.delete_cache(cache)
    closed = client.get(cache, "key")
    assert isinstance(closed, CacheGet.Error), closed


def test_sync_cache_client_waits_by_jspi(selenium_sdk: Any, emulator: LocalServer) -> None:
    _sync_cache_calls(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
def _sync_subscribe(selenium: Any, host: str, port: int, cache: str, topic: str) -> int:
    """Subscribe and read one item; the client and subscription stay in ``__main__`` for the next step."""
    from datetime import timedelta

    import __main__
    from momento_web import CredentialProvider, TopicClient, TopicConfigurations
    from momento_web.responses import TopicPublish, TopicSubscribe, TopicSubscriptionItem

    backoff = (timedelta(milliseconds=20), timedelta(milliseconds=200))
    config = TopicConfigurations.Browser.latest().with_resume_backoff(*backoff)
    client = TopicClient(config, CredentialProvider.for_momento_local(host, port))
    subscription = client.subscribe(cache, topic)
    assert isinstance(subscription, TopicSubscribe.Subscription), subscription
    assert client.publish(cache, topic, "first") == TopicPublish.Success()
    item = next(subscription)
    assert isinstance(item, TopicSubscriptionItem.Text), item
    assert (item.value, item.sequence_number) == ("first", 1)
    __main__.sync_topics = client, subscription
    return subscription.reconnects


@run_in_pyodide
def _sync_resume(selenium: Any, cache: str, topic: str) -> int:
    """After the host dropped the stream: the next items arrive through a new one, in order, each once."""
    import __main__
    from momento_web.responses import TopicPublish

    client, subscription = __main__.sync_topics
    for value in ("second", "third"):
        assert client.publish(cache, topic, value) == TopicPublish.Success()
    received = []
    for item in subscription:
        received.append((item.value, item.sequence_number))
        if len(received) == 2:
            break  # unsubscribes
    assert received == [("second", 2), ("third", 3)], received
    assert not subscription.is_subscribed
    client.close()
    return int(subscription.reconnects)


def test_sync_subscription_resumes_in_the_browser(
    selenium_sdk: Any, topics_emulator: LocalServer, topics_cache: str
) -> None:
    topic = "sync-browser"
    assert _sync_subscribe(selenium_sdk, topics_emulator.host, topics_emulator.port, topics_cache, topic) == 0
    dropped = admin_request(topics_emulator, "topics/drop", post=True, cache=topics_cache, status="UNAVAILABLE")
    assert dropped == {"dropped": 1}
    assert _sync_resume(selenium_sdk, topics_cache, topic) >= 1


WITHOUT_JSPI = """
from datetime import timedelta
from pyodide.ffi import can_run_sync
from momento_web import CacheClient, Configurations, CredentialProvider
from momento_web.errors import MomentoErrorCode
from momento_web.errors.exceptions import FailedPreconditionException
from momento_web.responses import CacheGet

assert not can_run_sync()
credentials = CredentialProvider.for_momento_local({host!r}, {port})
client = CacheClient(Configurations.Browser.latest(), credentials, timedelta(seconds=60))
response = client.get("cache", "key")
assert isinstance(response, CacheGet.Error), response
assert response.error_code is MomentoErrorCode.FAILED_PRECONDITION_ERROR
client.close()
try:
    CacheClient.create(Configurations.Browser.latest(), credentials, timedelta(seconds=60))
    raised = None
except FailedPreconditionException as exc:
    raised = exc.message
[response.inner_exception.message, raised]
"""


def test_without_jspi_a_sync_call_is_an_error_at_once(selenium_sdk: Any, emulator: LocalServer) -> None:
    message, raised = selenium_sdk.run(WITHOUT_JSPI.format(host=emulator.host, port=emulator.port))
    assert "can_run_sync() is False" in message
    assert "use CacheClientAsync and await its methods" in message
    assert raised == message

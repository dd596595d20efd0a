"""The synchronous clients against the real emulator, written as momento's documentation writes sync code (only the
import changed): from plain code, from inside a running event loop, from threads; topics that resume after the
emulator breaks their streams; minting with ``AuthClient``; ``create`` that cannot reach the server."""

from __future__ import annotations

import gc
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

from momento_web import (
    AuthClient,
    CacheClient,
    Configurations,
    CredentialProvider,
    TopicClient,
    TopicConfigurations,
)
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.errors.exceptions import ConnectionException
from momento_web.responses import (
    CacheDelete,
    CacheDictionaryFetch,
    CacheGet,
    CacheSet,
    CreateCache,
    DeleteCache,
    GenerateDisposableToken,
    ListCaches,
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from momento_web.utilities import ExpiresIn
from tests.conftest import AuthEmulator, LocalServer, admin_request

TTL = timedelta(seconds=60)


@pytest.fixture
def cache_client(emulator: LocalServer) -> Iterator[CacheClient]:
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    with CacheClient.create(Configurations.Laptop.v1(), credentials, TTL) as client:
        yield client


@pytest.fixture
def cache(cache_client: CacheClient) -> Iterator[str]:
    name = f"sync-{uuid.uuid4().hex[:8]}"
    assert cache_client.create_cache(name) == CreateCache.Success()
    yield name
    cache_client.delete_cache(name)


def test_momentos_sync_example_runs(emulator: LocalServer) -> None:
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    cache_name = f"example-{uuid.uuid4().hex[:8]}"
    with CacheClient.create(Configurations.Laptop.v1(), credentials, timedelta(seconds=60)) as cache_client:
        create_cache_response = cache_client.create_cache(cache_name)
        match create_cache_response:
            case CreateCache.Success() | CreateCache.CacheAlreadyExists():
                pass
            case _:
                pytest.fail(f"create_cache: {create_cache_response}")
        list_caches_response = cache_client.list_caches()
        assert isinstance(list_caches_response, ListCaches.Success)
        assert cache_name in [cache_info.name for cache_info in list_caches_response.caches]
        assert cache_client.set(cache_name, "key", "value") == CacheSet.Success()
        get_response = cache_client.get(cache_name, "key")
        match get_response:
            case CacheGet.Hit() as hit:
                assert hit.value_string == "value"
            case _:
                pytest.fail(f"get: {get_response}")
        assert cache_client.delete(cache_name, "key") == CacheDelete.Success()
        assert cache_client.get(cache_name, "key") == CacheGet.Miss()
        assert cache_client.delete_cache(cache_name) == DeleteCache.Success()


def test_collections_and_errors_come_back_as_values(cache_client: CacheClient, cache: str) -> None:
    cache_client.dictionary_set_fields(cache, "d", {"a": "1", "b": "2"})
    fetched = cache_client.dictionary_fetch(cache, "d")
    assert isinstance(fetched, CacheDictionaryFetch.Hit), fetched
    assert fetched.value_dictionary_string_string == {"a": "1", "b": "2"}
    missing = cache_client.get("no-such-cache", "k")
    assert isinstance(missing, CacheGet.Error), missing
    assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR


async def test_sync_calls_from_a_coroutine_do_not_deadlock(cache_client: CacheClient, cache: str) -> None:
    # This test's own loop is running (a Jupyter cell, an async framework): the call blocks it, and completes.
    assert cache_client.set(cache, "k", "from a coroutine") == CacheSet.Success()
    assert cache_client.get(cache, "k") == CacheGet.Hit(b"from a coroutine")


def test_sync_calls_from_threads(cache_client: CacheClient, cache: str) -> None:
    errors: list[object] = []

    def work(n: int) -> None:
        for i in range(20):
            if cache_client.set(cache, f"k{n}-{i}", str(i)) != CacheSet.Success():
                errors.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert cache_client.get(cache, "k7-19") == CacheGet.Hit(b"19")


def test_a_closed_client_answers_errors(emulator: LocalServer) -> None:
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    client = CacheClient(Configurations.Laptop.latest(), credentials, TTL)
    client.close()
    response = client.get("cache", "k")
    assert isinstance(response, CacheGet.Error), response
    assert response.error_code is MomentoErrorCode.UNKNOWN_ERROR
    assert "The client has been closed" in response.message


# --- eager connection ---------------------------------------------------------------------------------------


def test_create_refuses_an_unreachable_server_sync_and_async() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        credentials = CredentialProvider.for_momento_local("127.0.0.1", sock.getsockname()[1])
        with pytest.raises(ConnectionException) as raised:
            CacheClient.create(Configurations.Laptop.latest(), credentials, TTL)
    assert raised.value.message == "Failed to connect to Momento's server within given eager connection timeout"
    assert raised.value.error_code is MomentoErrorCode.CONNECTION_ERROR


async def test_async_create_gives_up_on_a_silent_server_after_the_eager_timeout(silent_server: int) -> None:
    from momento_web import CacheClientAsync

    credentials = CredentialProvider.for_momento_local("127.0.0.1", silent_server)
    started = time.monotonic()
    with pytest.raises(ConnectionException, match="eager connection timeout: no answer from"):
        await CacheClientAsync.create(Configurations.Laptop.latest(), credentials, TTL, timedelta(milliseconds=300))
    assert time.monotonic() - started < 5


# --- topics -------------------------------------------------------------------------------------------------


def _topics(server: LocalServer) -> TopicClient:
    config = TopicConfigurations.Default.latest().with_resume_backoff(
        timedelta(milliseconds=20), timedelta(milliseconds=200)
    )
    return TopicClient(config, CredentialProvider.for_momento_local(server.host, server.port))


def _subscribers(server: LocalServer, cache: str, topic: str) -> int:
    return int(admin_request(server, "topics", cache=cache, topic=topic)["subscribers"])


def _eventually(condition: Callable[[], bool], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.025)
    return False


def test_a_sync_subscription_resumes_after_broken_streams(topics_emulator: LocalServer, topics_cache: str) -> None:
    topic = "sync-resume"
    with _topics(topics_emulator) as subscriber, _topics(topics_emulator) as publisher:
        subscription = subscriber.subscribe(topics_cache, topic)
        assert isinstance(subscription, TopicSubscribe.Subscription), subscription
        sent = [f"m{n}" for n in range(1, 31)]
        received: list[tuple[int, str]] = []
        for batch, status in zip((sent[:10], sent[10:20], sent[20:]), ("UNAVAILABLE", "OK", None), strict=True):
            for value in batch:
                assert publisher.publish(topics_cache, topic, value) == TopicPublish.Success()
            # Read the batch before breaking the stream, so the break always comes after delivered items (a
            # break before any item would resume "from now" by design, which is another test's subject).
            for _ in batch:
                item = next(subscription)
                assert isinstance(item, TopicSubscriptionItem.Text), item
                received.append((item.sequence_number, item.value))
            if status is not None:  # break the live stream; the subscription must resume after what it delivered
                dropped = admin_request(topics_emulator, "topics/drop", post=True, cache=topics_cache, status=status)
                assert dropped == {"dropped": 1}
        assert received == list(enumerate(sent, start=1))
        assert subscription.reconnects >= 2
        subscription.unsubscribe()
        assert _eventually(lambda: _subscribers(topics_emulator, topics_cache, topic) == 0)
        assert not subscription.is_subscribed


def test_next_and_unsubscribe_and_close(topics_emulator: LocalServer, topics_cache: str) -> None:
    topic = "sync-next"
    with _topics(topics_emulator) as client:
        subscription = client.subscribe(topics_cache, topic)
        assert isinstance(subscription, TopicSubscribe.Subscription), subscription
        assert client.publish(topics_cache, topic, b"\x00bytes") == TopicPublish.Success()
        item = next(subscription)
        assert isinstance(item, TopicSubscriptionItem.Binary), item
        assert (item.value, item.sequence_number) == (b"\x00bytes", 1)
        assert subscription.last_sequence_number == 1
        subscription.unsubscribe()
        with pytest.raises(StopIteration):
            next(subscription)
        assert _eventually(lambda: _subscribers(topics_emulator, topics_cache, topic) == 0)
        still_open = client.subscribe(topics_cache, topic)
        assert isinstance(still_open, TopicSubscribe.Subscription), still_open
    # Closing the client ended its subscriptions: iteration stops, the stream is released.
    assert list(still_open) == []
    assert _eventually(lambda: _subscribers(topics_emulator, topics_cache, topic) == 0)


# --- auth ---------------------------------------------------------------------------------------------------


def test_auth_client_mints_a_token_that_a_sync_cache_client_uses(auth_emulator: AuthEmulator) -> None:
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    cache_name = f"sync-auth-{uuid.uuid4().hex[:8]}"
    with CacheClient.create(Configurations.Laptop.latest(), super_user, TTL) as admin:
        assert admin.create_cache(cache_name) == CreateCache.Success()
        with AuthClient(AuthConfigurations.Laptop.latest(), super_user) as auth_client:
            scope = DisposableTokenScopes.cache_key_read_write(cache_name, "mine")
            response = auth_client.generate_disposable_token(scope, ExpiresIn.minutes(5))
        assert isinstance(response, GenerateDisposableToken.Success), response
        credentials = CredentialProvider.from_disposable_token(response.auth_token)
        with CacheClient.create(Configurations.Laptop.latest(), credentials, TTL) as client:
            assert client.set(cache_name, "mine", "v") == CacheSet.Success()
            denied = client.set(cache_name, "theirs", "v")
            assert isinstance(denied, CacheSet.Error), denied
            assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR
        admin.delete_cache(cache_name)


def test_closed_sync_clients_leave_no_coroutine_unawaited(emulator: LocalServer) -> None:
    # httpcore's response-body generators, let go while the loop thread shuts down, schedule an aclose() each; the
    # loop must run those before it closes (without that, about one client in a hundred printed "coroutine method
    # 'aclose' of 'AsyncHTTP11Connection._receive_response_body' was never awaited").
    credentials = CredentialProvider.for_momento_local(emulator.host, emulator.port)
    cache = f"sync-close-{uuid.uuid4().hex[:8]}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(100):
            with CacheClient.create(Configurations.Laptop.v1(), credentials, TTL) as client:
                client.create_cache(cache)
                assert client.set(cache, "k", "v") == CacheSet.Success()
                assert client.get(cache, "k") == CacheGet.Hit(b"v")
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] == []

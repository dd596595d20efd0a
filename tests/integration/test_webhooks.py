"""Topic webhooks end to end: the SDK's webhook methods against a real emulator process, and deliveries to a real
HTTP receiver on loopback that checks every signature with ``WebhookUtils`` — every item arrives, in order, also
across a moment when the receiver is down, and a rotated secret signs the next delivery."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from momento_web import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    PostUrlWebhookDestination,
    TopicClient,
    TopicClientAsync,
    TopicConfigurations,
    WebhookUtils,
)
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.errors import MomentoErrorCode
from momento_web.responses import CreateCache, GenerateDisposableToken, TopicPublish
from momento_web.responses.webhook import (
    DeleteWebhook,
    GetWebhookSecret,
    ListWebhooks,
    PutWebhook,
    RotateWebhookSecret,
    Webhook,
    WebhookId,
)
from momento_web.utilities import ExpiresIn
from scripts.localhost import HOST, free_port
from tests.conftest import AuthEmulator, LocalServer

MOMENTO_USER_AGENT = "Momento/1.0 (Webhooks; +https://docs.momentohq.com/topics/webhooks)"


@dataclass
class Receiver:
    """A minimal HTTP/1.1 server on loopback taking webhook POSTs: each one's signature is checked against the
    secret the test says is current; a valid one is recorded and answered 204, anything else 403."""

    port: int
    secret: str = ""
    received: list[dict[str, object]] = field(default_factory=list)
    rejected: int = 0
    server: asyncio.Server | None = None
    connections: set[asyncio.StreamWriter] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/hook"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, HOST, self.port, reuse_address=True)

    async def stop(self) -> None:
        """Down: no longer listening, and the open connections are cut."""
        assert self.server is not None
        self.server.close()
        for writer in list(self.connections):
            writer.close()
        await self.server.wait_closed()
        self.server = None

    def texts(self) -> list[str]:
        return [str(event["text"]) for event in self.received]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections.add(writer)
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                lines = head.decode("latin-1").split("\r\n")
                headers = {name.lower(): value.strip() for name, _, value in (ln.partition(":") for ln in lines[1:])}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                valid = (
                    lines[0].startswith("POST /hook ")
                    and headers.get("user-agent") == MOMENTO_USER_AGENT
                    and headers.get("content-type") == "application/json"
                    and WebhookUtils.validate_webhook_request(body, headers.get("momento-signature"), self.secret)
                    is WebhookUtils.RequestValidation.VALID
                )
                if valid:
                    self.received.append(json.loads(body))
                else:
                    self.rejected += 1
                status = b"204 No Content" if valid else b"403 Forbidden"
                writer.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.connections.discard(writer)
            writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver(free_port())
    await receiver.start()
    yield receiver
    if receiver.server is not None:
        await receiver.stop()


def _local(server: LocalServer) -> CredentialProvider:
    return CredentialProvider.for_momento_local(server.host, server.port)


@pytest.fixture
async def cache(emulator: LocalServer) -> AsyncIterator[str]:
    name = f"hooks-{uuid.uuid4().hex[:8]}"
    async with CacheClientAsync(Configurations.Laptop.latest(), _local(emulator), timedelta(minutes=1)) as admin:
        assert await admin.create_cache(name) == CreateCache.Success()
        yield name
        await admin.delete_cache(name)


@pytest.fixture
async def topics(emulator: LocalServer) -> AsyncIterator[TopicClientAsync]:
    async with TopicClientAsync(TopicConfigurations.Default.latest(), _local(emulator)) as client:
        yield client


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(20):
        while not condition():
            await asyncio.sleep(0.02)


async def test_every_item_arrives_signed_and_in_order_also_across_an_outage(
    topics: TopicClientAsync, cache: str, receiver: Receiver
) -> None:
    put = await topics.put_webhook(cache, "relay", "chat", receiver.url)
    assert isinstance(put, PutWebhook.Success), put
    receiver.secret = put.secret_string

    for i in range(10):
        assert await topics.publish(cache, "chat", f"before-{i}") == TopicPublish.Success()
    await topics.publish(cache, "other-topic", "not for this webhook")
    await until(lambda: len(receiver.received) == 10)

    await receiver.stop()
    for i in range(10):
        assert await topics.publish(cache, "chat", f"during-{i}") == TopicPublish.Success()  # never waits
    await asyncio.sleep(1.0)
    await receiver.start()
    for i in range(5):
        await topics.publish(cache, "chat", f"after-{i}")
    await until(lambda: len(receiver.received) == 25)

    expected = (
        [f"before-{i}" for i in range(10)] + [f"during-{i}" for i in range(10)] + [f"after-{i}" for i in range(5)]
    )
    assert receiver.texts() == expected
    assert receiver.rejected == 0
    sequences = [event["topic_sequence_number"] for event in receiver.received]
    assert sequences == list(range(1, 26))
    first = receiver.received[0]
    assert (first["cache"], first["topic"], first["token_id"]) == (cache, "chat", "")
    assert isinstance(first["event_timestamp"], int)
    assert isinstance(first["publish_timestamp"], int)
    assert first["publish_timestamp"] >= first["event_timestamp"]
    late = receiver.received[10]  # waited out the outage: sent well after it was published
    assert int(str(late["publish_timestamp"])) - int(str(late["event_timestamp"])) >= 500


async def test_a_rotated_secret_signs_the_next_delivery_and_binary_items_are_base64(
    topics: TopicClientAsync, cache: str, receiver: Receiver
) -> None:
    put = await topics.put_webhook(cache, "relay", "bin", PostUrlWebhookDestination(receiver.url))
    assert isinstance(put, PutWebhook.Success), put
    receiver.secret = put.secret_string
    await topics.publish(cache, "bin", b"\x00\x01\xff")
    await until(lambda: len(receiver.received) == 1)
    assert receiver.received[0]["binary"] == "AAH/"

    rotated = await topics.rotate_webhook_secret(cache, "relay")
    assert isinstance(rotated, RotateWebhookSecret.Success), rotated
    assert rotated.secret != put.secret_string
    await topics.publish(cache, "bin", "signed with the old secret? no")
    await until(lambda: receiver.rejected >= 1)  # the receiver still expects the old secret: it refuses, 403
    receiver.secret = rotated.secret
    await until(lambda: len(receiver.received) == 2)  # the retry, signed with the new secret, is accepted
    assert receiver.received[1]["text"] == "signed with the old secret? no"


async def test_every_management_method(topics: TopicClientAsync, cache: str, receiver: Receiver) -> None:
    assert await topics.list_webhooks(cache) == ListWebhooks.Success([])
    first = await topics.put_webhook(cache, "one", "t1", receiver.url)
    assert isinstance(first, PutWebhook.Success), first
    again = await topics.put_webhook(cache, "one", "t2", "http://127.0.0.1:9/elsewhere")
    assert again == first  # an update keeps the secret
    await topics.put_webhook(cache, "two", "t1", receiver.url)
    listed = await topics.list_webhooks(cache)
    assert isinstance(listed, ListWebhooks.Success), listed
    assert sorted(listed.webhooks, key=lambda w: w.id.webhook_name) == [
        Webhook(WebhookId(cache, "one"), "t2", PostUrlWebhookDestination("http://127.0.0.1:9/elsewhere")),
        Webhook(WebhookId(cache, "two"), "t1", PostUrlWebhookDestination(receiver.url)),
    ]
    assert await topics.get_webhook_secret(cache, "one") == GetWebhookSecret.Success(first.secret_string, "one", cache)
    assert await topics.delete_webhook(cache, "one") == DeleteWebhook.Success()
    missing = await topics.get_webhook_secret(cache, "one")
    assert isinstance(missing, GetWebhookSecret.Error)
    assert missing.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    deleted_twice = await topics.delete_webhook(cache, "one")
    assert isinstance(deleted_twice, DeleteWebhook.Error)
    assert deleted_twice.error_code is MomentoErrorCode.NOT_FOUND_ERROR
    bad_url = await topics.put_webhook(cache, "three", "t", "ftp://example.test/")
    assert isinstance(bad_url, PutWebhook.Error)
    assert bad_url.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    too_long = await topics.put_webhook(cache, "n" * 129, "t", receiver.url)
    assert isinstance(too_long, PutWebhook.Error)
    assert too_long.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    no_cache = await topics.list_webhooks("no-such-cache")
    assert isinstance(no_cache, ListWebhooks.Error)
    assert no_cache.error_code is MomentoErrorCode.NOT_FOUND_ERROR


def test_the_sync_topic_client_manages_webhooks(emulator: LocalServer) -> None:
    name = f"hooks-sync-{uuid.uuid4().hex[:8]}"

    async def control(create: bool) -> object:
        async with CacheClientAsync(Configurations.Laptop.latest(), _local(emulator), timedelta(minutes=1)) as c:
            return await (c.create_cache(name) if create else c.delete_cache(name))

    assert asyncio.run(control(True)) == CreateCache.Success()
    try:
        with TopicClient(TopicConfigurations.Default.latest(), _local(emulator)) as client:
            put = client.put_webhook(name, "w", "t", "http://127.0.0.1:9/")
            assert isinstance(put, PutWebhook.Success), put
            assert client.get_webhook_secret(name, "w") == GetWebhookSecret.Success(put.secret_string, "w", name)
            assert isinstance(client.list_webhooks(name), ListWebhooks.Success)
            assert isinstance(client.rotate_webhook_secret(name, "w"), RotateWebhookSecret.Success)
            assert client.delete_webhook(name, "w") == DeleteWebhook.Success()
    finally:
        asyncio.run(control(False))


async def test_webhooks_need_a_super_user(auth_emulator: AuthEmulator) -> None:
    cache = f"hooks-auth-{uuid.uuid4().hex[:8]}"
    super_user = CredentialProvider.from_disposable_token(auth_emulator.super_user_key)
    async with CacheClientAsync(Configurations.Laptop.latest(), super_user, timedelta(minutes=1)) as admin:
        assert await admin.create_cache(cache) == CreateCache.Success()
        try:
            async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
                scope = DisposableTokenScopes.topic_publish_subscribe(cache, "t")
                minted = await auth.generate_disposable_token(scope, ExpiresIn.minutes(5))
            assert isinstance(minted, GenerateDisposableToken.Success), minted
            token = CredentialProvider.from_disposable_token(minted.auth_token)
            config = TopicConfigurations.Default.latest()
            async with TopicClientAsync(config, token) as scoped, TopicClientAsync(config, super_user) as owner:
                denied = await scoped.put_webhook(cache, "w", "t", "http://127.0.0.1:9/")
                assert isinstance(denied, PutWebhook.Error)
                assert denied.error_code is MomentoErrorCode.PERMISSION_ERROR
                assert isinstance(await owner.put_webhook(cache, "w", "t", "http://127.0.0.1:9/"), PutWebhook.Success)
                listed = await scoped.list_webhooks(cache)
                assert isinstance(listed, ListWebhooks.Error)
                assert listed.error_code is MomentoErrorCode.PERMISSION_ERROR
        finally:
            await admin.delete_cache(cache)

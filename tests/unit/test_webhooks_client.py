"""The topic clients' webhook methods without a server (validation, the wire, reply mapping, secrets kept out of
repr), and ``WebhookUtils.validate_webhook_request``."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from momento_web import (
    CredentialProvider,
    PostUrlWebhookDestination,
    TopicClientAsync,
    TopicConfigurations,
    WebhookUtils,
)
from momento_web._messages import webhook as pb
from momento_web.errors import MomentoErrorCode
from momento_web.responses.webhook import (
    DeleteWebhook,
    GetWebhookSecret,
    ListWebhooks,
    PutWebhook,
    RotateWebhookSecret,
    Webhook,
    WebhookId,
)
from momento_web.wire.protobuf import Message
from tests.protobuf_oracle import webhook_pb2
from tests.unit.fakes import RecordingTransport, sent_payload

Call = Callable[[TopicClientAsync], Awaitable[object]]
VALID, INVALID = WebhookUtils.RequestValidation.VALID, WebhookUtils.RequestValidation.INVALID


def _client(reply: Message | None = None) -> tuple[TopicClientAsync, RecordingTransport]:
    transport = RecordingTransport(b"" if reply is None else reply.SerializeToString())
    config = TopicConfigurations.Browser.latest().with_transport_factory(lambda: transport)
    credentials = CredentialProvider.for_momento_local("127.0.0.1", 8080)
    return TopicClientAsync(config, credentials), transport


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.put_webhook("", "w", "t", "http://x/"), "Cache name must not be empty"),
        (lambda c: c.put_webhook("c", " ", "t", "http://x/"), "webhook name must not be empty"),
        (lambda c: c.put_webhook("c", 5, "t", "http://x/"), "webhook name must be a string. Given type: <class 'int'>"),
        (lambda c: c.put_webhook("c", "w", "", "http://x/"), "Topic name must not be empty"),
        (lambda c: c.put_webhook("c", "w", "t", " "), "destination must not be empty"),
        (
            lambda c: c.put_webhook("c", "w", "t", b"http://x/"),
            "destination must be a URL string or a PostUrlWebhookDestination. Given type: <class 'bytes'>",
        ),
        (lambda c: c.delete_webhook("c", ""), "webhook name must not be empty"),
        (lambda c: c.list_webhooks(""), "Cache name must not be empty"),
        (lambda c: c.get_webhook_secret("c", "\t"), "webhook name must not be empty"),
        (lambda c: c.rotate_webhook_secret("", "w"), "Cache name must not be empty"),
    ],
)
async def test_invalid_arguments_are_errors_and_nothing_is_sent(call: Call, message: str) -> None:
    client, transport = _client()
    response: Any = await call(client)
    assert response.error_code is MomentoErrorCode.INVALID_ARGUMENT_ERROR
    assert response.message == f"Invalid argument passed to Momento client: {message}"
    assert transport.requests == []


async def test_put_webhook_goes_to_the_control_endpoint_without_cache_header() -> None:
    client, transport = _client(pb._PutWebhookResponse(secret_string="shh"))
    response = await client.put_webhook("c", "w", "t", PostUrlWebhookDestination("https://example.test/hook"))
    assert response == PutWebhook.Success("shh")
    assert "shh" not in repr(response)
    assert "shh" not in str(response)
    (request,) = transport.requests
    assert request.url == "http://127.0.0.1:8080/webhook.Webhook/PutWebhook"
    assert "cache" not in request.headers
    assert request.headers["agent"].split(":")[1] == "webhook"
    sent = webhook_pb2._PutWebhookRequest.FromString(sent_payload(request))
    assert (sent.webhook.webhook_id.cache_name, sent.webhook.webhook_id.webhook_name) == ("c", "w")
    assert sent.webhook.topic_name == "t"
    assert sent.webhook.destination.post_url == "https://example.test/hook"
    await client.put_webhook("c", "w", "t", "http://plain-string/")
    again = webhook_pb2._PutWebhookRequest.FromString(sent_payload(transport.requests[1]))
    assert again.webhook.destination.post_url == "http://plain-string/"


async def test_list_get_rotate_and_delete_map_their_replies() -> None:
    listed = pb._ListWebhooksResponse(
        webhook=[
            pb._Webhook(
                webhook_id=pb._WebhookId(cache_name="c", webhook_name="w"),
                topic_name="t",
                destination=pb._WebhookDestination(post_url="http://x/"),
            )
        ]
    )
    client, transport = _client(listed)
    assert await client.list_webhooks("c") == ListWebhooks.Success(
        [Webhook(WebhookId("c", "w"), "t", PostUrlWebhookDestination("http://x/"))]
    )
    assert webhook_pb2._ListWebhookRequest.FromString(sent_payload(transport.requests[0])).cache_name == "c"

    reply = pb._GetWebhookSecretResponse(cache_name="c", webhook_name="w", secret_string="s1")
    client, transport = _client(reply)
    got = await client.get_webhook_secret("c", "w")
    assert got == GetWebhookSecret.Success("s1", "w", "c")
    assert repr(got) == "GetWebhookSecret.Success(webhook_name='w', cache_name='c')"
    sent = webhook_pb2._GetWebhookSecretRequest.FromString(sent_payload(transport.requests[0]))
    assert (sent.cache_name, sent.webhook_name) == ("c", "w")

    client, transport = _client(pb._RotateWebhookSecretResponse(secret_string="s2"))
    assert await client.rotate_webhook_secret("c", "w") == RotateWebhookSecret.Success("s2", "w", "c")
    rotated = webhook_pb2._RotateWebhookSecretRequest.FromString(sent_payload(transport.requests[0]))
    assert (rotated.webhook_id.cache_name, rotated.webhook_id.webhook_name) == ("c", "w")

    client, transport = _client(pb._DeleteWebhookResponse())
    assert await client.delete_webhook("c", "w") == DeleteWebhook.Success()
    assert transport.requests[0].url.endswith("/webhook.Webhook/DeleteWebhook")


def test_destination_type() -> None:
    assert PostUrlWebhookDestination("http://x/").type == "post_url"


# --- WebhookUtils -------------------------------------------------------------------------------------------------

BODY = b'{"cache":"c","topic":"t","text":"hi \xe2\x9c\x93"}'
SECRET = "signing-secret"
# Computed independently of the helper: hex HMAC-SHA3-256 of the body, keyed with the secret's UTF-8.
SIGNATURE = hmac.new(SECRET.encode(), BODY, hashlib.sha3_256).hexdigest()


def test_a_genuine_request_is_valid_as_bytes_or_text() -> None:
    assert WebhookUtils.validate_webhook_request(BODY, SIGNATURE, SECRET) is VALID
    assert WebhookUtils.validate_webhook_request(BODY.decode(), SIGNATURE, SECRET) is VALID
    assert WebhookUtils.validate_webhook_request(BODY, SIGNATURE.upper(), SECRET.encode()) is VALID


@pytest.mark.parametrize(
    ("body", "signature", "secret"),
    [
        (BODY + b" ", SIGNATURE, SECRET),  # the body was changed (or re-serialized)
        (BODY, SIGNATURE, "another-secret"),
        (BODY, SIGNATURE[:-2], SECRET),
        (BODY, SIGNATURE[:-1] + ("0" if SIGNATURE[-1] != "0" else "1"), SECRET),
        (BODY, "not hex at all", SECRET),
        (BODY, "", SECRET),
        (BODY, None, SECRET),  # no momento-signature header
        (BODY, hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest(), SECRET),  # SHA-256 is not SHA3-256
    ],
)
def test_anything_else_is_invalid(body: bytes, signature: str | None, secret: str) -> None:
    assert WebhookUtils.validate_webhook_request(body, signature, secret) is INVALID

"""Middlewares as momento runs them: on every request of every client, hooks in order (request) and reverse order
(response), one handler per attempt, metadata a middleware may change (that is how tests reach momento-local's
fault injection), and the sync flavour for the sync clients; over transports that answer canned replies."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync, TopicConfigurations
from momento_web._messages import cacheclient as pb
from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import token as token_pb
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.auth.momento_endpoint_resolver import credential_string
from momento_web.auth_client_async import AuthClientAsync
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.config.middleware import (
    MiddlewareMessage,
    MiddlewareRequestHandlerContext,
    MiddlewareStatus,
    aio,
    synchronous,
)
from momento_web.config.middleware.aio.middleware_metadata import Metadata
from momento_web.config.middleware.models import CONNECTION_ID_KEY
from momento_web.errors import InvalidArgumentException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.middleware import ClientMiddlewares
from momento_web.responses import (
    CacheGet,
    CreateCache,
    GenerateDisposableToken,
    TopicPublish,
    TopicSubscribe,
)
from momento_web.retry import FixedCountRetryStrategy
from momento_web.transport import HttpRequest, HttpResponse, TransportError
from momento_web.utilities import ExpiresIn
from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from tests.unit.fakes import RecordingTransport, StreamingTransport, sent_payload

BINARY = "application/grpc-web+proto"
HIT = pb._GetResponse(result=pb.Hit, cache_body=b"bar")
GET = "/cache_client.Scs/Get"

Event = tuple[str, str, Any]


@dataclass
class Log:
    events: list[Event] = field(default_factory=list)
    contexts: list[MiddlewareRequestHandlerContext] = field(default_factory=list)

    def hooks(self, name: str) -> list[str]:
        return [hook for who, hook, _ in self.events if who == name]


class Handler(aio.MiddlewareRequestHandler):
    """Records each hook; may add request metadata and replace messages."""

    def __init__(self, name: str, log: Log, add: Mapping[str, str | bytes], swap: Message | None) -> None:
        self.name, self.log, self.add, self.swap = name, log, add, swap

    async def on_request_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
        assert metadata.grpc_metadata is not None
        self.log.events.append((self.name, "request_metadata", dict(metadata.grpc_metadata)))
        for key, value in self.add.items():
            metadata.grpc_metadata[key] = value
        return metadata

    async def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        self.log.events.append((self.name, "request_body", request.constructor_name))
        return MiddlewareMessage(self.swap) if isinstance(self.swap, pb._GetRequest) else request

    async def on_response_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
        assert metadata.grpc_metadata is not None
        self.log.events.append((self.name, "response_metadata", dict(metadata.grpc_metadata)))
        return metadata

    async def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        self.log.events.append((self.name, "response_body", response.grpc_message))
        return MiddlewareMessage(self.swap) if isinstance(self.swap, pb._GetResponse) else response

    async def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        self.log.events.append((self.name, "response_status", status.grpc_status))
        return status


class Recorder(aio.Middleware):
    def __init__(
        self, name: str, log: Log, add: Mapping[str, str | bytes] | None = None, swap: Message | None = None
    ) -> None:
        self.name, self.log, self.add, self.swap = name, log, add or {}, swap

    async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> aio.MiddlewareRequestHandler:
        self.log.contexts.append(context)
        return Handler(self.name, self.log, self.add, self.swap)


class SyncHandler(synchronous.MiddlewareRequestHandler):
    """momento's sync test middleware style: metadata is a list of pairs, edited in place."""

    def __init__(self, log: Log) -> None:
        self.log = log

    def on_request_metadata(self, metadata: synchronous.MiddlewareMetadata) -> synchronous.MiddlewareMetadata:
        pairs = metadata.grpc_metadata
        assert isinstance(pairs, list)
        self.log.events.append(("sync", "request_metadata", list(pairs)))
        pairs.append(("request-id", "sync-scenario"))
        return metadata

    def on_request_body(self, request: MiddlewareMessage) -> MiddlewareMessage:
        self.log.events.append(("sync", "request_body", request.constructor_name))
        return request

    def on_response_metadata(self, metadata: synchronous.MiddlewareMetadata) -> synchronous.MiddlewareMetadata:
        self.log.events.append(("sync", "response_metadata", metadata.grpc_metadata))
        return metadata

    def on_response_body(self, response: MiddlewareMessage) -> MiddlewareMessage:
        self.log.events.append(("sync", "response_body", response.grpc_message))
        return response

    def on_response_status(self, status: MiddlewareStatus) -> MiddlewareStatus:
        self.log.events.append(("sync", "response_status", status.grpc_status))
        return status


class SyncRecorder(synchronous.Middleware):
    def __init__(self, log: Log) -> None:
        self.log = log

    def on_new_request(self, context: MiddlewareRequestHandlerContext) -> synchronous.MiddlewareRequestHandler:
        self.log.contexts.append(context)
        return SyncHandler(self.log)


@dataclass
class _Response:
    headers: Mapping[str, str]
    chunks: list[bytes]
    status: int = 200

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    async def aclose(self) -> None:
        pass


@dataclass
class ScriptTransport:
    """Answers each request with the next of ``replies``: a message (OK), a status (trailers-only error) or a
    transport error; response headers carry ``extra`` metadata."""

    replies: list[Message | StatusCode | Exception]
    extra: Mapping[str, str] = field(default_factory=dict)
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        reply = self.replies.pop(0)
        headers = {"content-type": BINARY, **self.extra}
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, StatusCode):
            return _Response({**headers, **status_metadata(reply, "injected")}, [])
        trailers = encode_trailers(status_metadata(StatusCode.OK))
        return _Response(headers, [encode_frame(reply.SerializeToString()) + trailers])

    async def aclose(self) -> None:
        pass


def _channel(
    transport: ScriptTransport, *middlewares: object, retries: int | None = None, **kwargs: Any
) -> GrpcWebChannel:
    return GrpcWebChannel(
        "http://emulator",
        transport,
        text=False,
        timeout=5.0,
        middlewares=ClientMiddlewares(list(middlewares)),
        retry_strategy=None if retries is None else FixedCountRetryStrategy(max_attempts=retries),
        **kwargs,
    )


async def _get(channel: GrpcWebChannel) -> pb._GetResponse:
    return await channel.unary(GET, pb._GetRequest(cache_key=b"k"), pb._GetResponse, cache="c")


# --- the hooks of one request -------------------------------------------------------------------------------------


async def test_request_hooks_run_in_order_and_response_hooks_in_reverse() -> None:
    log = Log()
    transport = ScriptTransport([HIT])
    reply = await _get(_channel(transport, Recorder("a", log), Recorder("b", log)))
    assert reply == HIT
    assert [(who, hook) for who, hook, _ in log.events] == [
        ("a", "request_metadata"),
        ("b", "request_metadata"),
        ("a", "request_body"),
        ("b", "request_body"),
        ("b", "response_metadata"),
        ("a", "response_metadata"),
        ("b", "response_body"),
        ("a", "response_body"),
        ("b", "response_status"),
        ("a", "response_status"),
    ]
    assert log.events[2][2] == "_GetRequest"
    assert log.events[-1][2] is StatusCode.OK


async def test_request_metadata_is_the_calls_grpc_metadata_without_protocol_headers() -> None:
    log = Log()
    transport = ScriptTransport([HIT, HIT])
    channel = _channel(
        transport,
        Recorder("a", log),
        metadata={"authorization": "token"},
        first_call_metadata={"agent": "python-web:cache:0"},
    )
    await _get(channel)
    await _get(channel)
    first = log.events[0][2]
    assert first == {"authorization": "token", "cache": "c", "agent": "python-web:cache:0"}
    second = [payload for _, hook, payload in log.events if hook == "request_metadata"][1]
    assert second == {"authorization": "token", "cache": "c"}  # the agent goes on the first call only


async def test_metadata_a_middleware_sets_is_sent_as_headers() -> None:
    log = Log()
    transport = ScriptTransport([HIT])
    added: dict[str, str | bytes] = {"request-id": "scenario-1", "cache": "other", "trace-bin": b"\x00\xff"}
    await _get(_channel(transport, Recorder("a", log, add=added)))
    headers = transport.requests[0].headers
    assert headers["request-id"] == "scenario-1"
    assert headers["cache"] == "other"  # replaced, not repeated
    assert base64.b64decode(headers["trace-bin"]) == b"\x00\xff"
    assert headers["content-type"] == BINARY  # protocol headers stay the channel's
    assert headers["grpc-timeout"] == "5000m"


async def test_a_middleware_may_replace_the_request_and_the_response() -> None:
    log = Log()
    transport = ScriptTransport([HIT])
    other_request = pb._GetRequest(cache_key=b"swapped")
    replaced = await _get(_channel(transport, Recorder("a", log, swap=other_request)))
    assert pb._GetRequest.FromString(sent_payload_binary(transport.requests[0])) == other_request
    assert replaced == HIT
    miss = pb._GetResponse(result=pb.Miss)
    assert await _get(_channel(ScriptTransport([HIT]), Recorder("a", log, swap=miss))) == miss


def sent_payload_binary(request: HttpRequest) -> bytes:
    body = request.body
    assert body[0] == 0
    return body[5:]


async def test_response_metadata_holds_the_servers_headers_not_the_protocols() -> None:
    log = Log()
    transport = ScriptTransport([HIT], extra={"x-served-by": "emulator", "access-control-allow-origin": "*"})
    await _get(_channel(transport, Recorder("a", log)))
    assert log.events[2][2] == {"x-served-by": "emulator"}


async def test_a_failed_call_reports_its_status_and_an_unreachable_server_empty_response_metadata() -> None:
    log = Log()
    channel = _channel(ScriptTransport([StatusCode.NOT_FOUND, TransportError("refused")]), Recorder("a", log))
    with pytest.raises(GrpcError):
        await _get(channel)
    with pytest.raises(GrpcError):
        await _get(channel)
    responses = [(hook, payload) for _, hook, payload in log.events if hook.startswith("response")]
    assert responses == [
        ("response_metadata", {}),
        ("response_status", StatusCode.NOT_FOUND),
        ("response_metadata", {}),
        ("response_status", StatusCode.UNAVAILABLE),
    ]


async def test_a_hook_that_raises_is_logged_and_the_call_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(Handler):
        async def on_request_metadata(self, metadata: aio.MiddlewareMetadata) -> aio.MiddlewareMetadata:
            raise RuntimeError("middleware bug")

    class BrokenMiddleware(Recorder):
        async def on_new_request(self, context: MiddlewareRequestHandlerContext) -> aio.MiddlewareRequestHandler:
            return Broken(self.name, self.log, {}, None)

    log = Log()
    transport = ScriptTransport([HIT])
    with caplog.at_level(logging.ERROR, logger="momento_web"):
        assert await _get(_channel(transport, BrokenMiddleware("x", log), Recorder("a", log, add={"k": "v"}))) == HIT
    assert "Broken.on_request_metadata" in caplog.text
    assert transport.requests[0].headers["k"] == "v"  # the next middleware got the metadata unchanged
    assert log.hooks("x")[-1] == "response_status"


async def test_every_attempt_of_a_retried_call_is_a_request_of_its_own() -> None:
    log = Log()
    transport = ScriptTransport([StatusCode.UNAVAILABLE, StatusCode.UNAVAILABLE, HIT])
    channel = _channel(transport, Recorder("a", log, add={"request-id": "r"}), retries=3)
    assert await _get(channel) == HIT
    assert len(log.contexts) == 3
    assert log.hooks("a").count("request_body") == 3
    statuses = [payload for _, hook, payload in log.events if hook == "response_status"]
    assert statuses == [StatusCode.UNAVAILABLE, StatusCode.UNAVAILABLE, StatusCode.OK]
    assert all(request.headers["request-id"] == "r" for request in transport.requests)


async def test_the_context_names_the_channel() -> None:
    log = Log()
    middlewares = ClientMiddlewares([Recorder("a", log)])
    transport = ScriptTransport([HIT, HIT, HIT])
    one = GrpcWebChannel("http://emulator", transport, text=False, middlewares=middlewares)
    two = GrpcWebChannel("http://emulator", transport, text=False, middlewares=middlewares)
    await _get(one)
    await _get(one)
    await _get(two)
    ids = [context.context[CONNECTION_ID_KEY] for context in log.contexts]
    assert ids[0] == ids[1] != ids[2]
    assert len(ids[0]) == 36  # a UUID


# --- streams ------------------------------------------------------------------------------------------------------


async def test_a_stream_shows_each_message_then_its_status() -> None:
    log = Log()
    transport = StreamingTransport(replies=[HIT.SerializeToString(), HIT.SerializeToString()])
    channel = GrpcWebChannel(
        "http://emulator", transport, text=False, middlewares=ClientMiddlewares([Recorder("a", log)])
    )
    stream = channel.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse, cache="c")
    assert [reply async for reply in stream] == [HIT, HIT]
    assert log.hooks("a") == [
        "request_metadata",
        "request_body",
        "response_metadata",
        "response_body",
        "response_body",
        "response_status",
    ]
    assert log.events[-1][2] is StatusCode.OK


async def test_a_stream_closed_early_ends_cancelled() -> None:
    log = Log()
    transport = StreamingTransport(replies=[HIT.SerializeToString(), HIT.SerializeToString()])
    channel = GrpcWebChannel(
        "http://emulator", transport, text=False, middlewares=ClientMiddlewares([Recorder("a", log)])
    )
    stream = channel.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse)
    assert await anext(stream) == HIT
    await stream.aclose()
    assert log.events[-1][1:] == ("response_status", StatusCode.CANCELLED)


# --- flavours -----------------------------------------------------------------------------------------------------


async def test_an_async_client_runs_the_async_middlewares_only() -> None:
    log = Log()
    transport = ScriptTransport([HIT])
    await _get(_channel(transport, SyncRecorder(log), Recorder("a", log)))
    assert {who for who, _, _ in log.events} == {"a"}


async def test_a_sync_client_runs_the_synchronous_middlewares_with_pairs() -> None:
    log = Log()
    config = Configurations.Laptop.latest().with_middlewares([SyncRecorder(log), Recorder("a", log)])
    transport = RecordingTransport(HIT.SerializeToString())
    client = CacheClientAsync(
        config.with_transport_factory(lambda: transport),
        CredentialProvider.for_momento_local("127.0.0.1", 1),
        timedelta(minutes=1),
    )
    client._use_synchronous_middlewares()  # what a sync client does with the async client it runs
    assert isinstance(await client.get("cache", "key"), CacheGet.Hit)
    assert {who for who, _, _ in log.events} == {"sync"}
    pairs = log.events[0][2]
    assert ("cache", "cache") in pairs
    assert transport.requests[0].headers["request-id"] == "sync-scenario"
    assert log.events[-1][2] is StatusCode.OK


# --- every client, every request ----------------------------------------------------------------------------------


def _credentials() -> CredentialProvider:
    return CredentialProvider.for_momento_local("127.0.0.1", 1)


async def test_the_cache_client_runs_them_on_data_control_and_ping_calls() -> None:
    log = Log()
    transport = RecordingTransport(HIT.SerializeToString())
    config = (
        Configurations.Browser.latest().add_middleware(Recorder("a", log)).with_transport_factory(lambda: transport)
    )
    async with CacheClientAsync(config, _credentials(), timedelta(minutes=1)) as client:
        assert isinstance(await client.get("cache", "key"), CacheGet.Hit)
        transport.reply = b""
        assert isinstance(await client.create_cache("cache"), CreateCache.Success)
        await client.ping()
    bodies = [payload for _, hook, payload in log.events if hook == "request_body"]
    assert bodies == ["_GetRequest", "_CreateCacheRequest", "_PingRequest"]


async def test_the_topic_client_runs_them_on_publish_and_every_subscribe_request() -> None:
    log = Log()
    heartbeat = pubsub_pb._SubscriptionItem(heartbeat=pubsub_pb._Heartbeat()).SerializeToString()
    transport = StreamingTransport(replies=[heartbeat])
    config = (
        TopicConfigurations.Browser.latest()
        .with_middlewares([Recorder("a", log)])
        .with_resume_backoff(timedelta(milliseconds=10))
        .with_transport_factory(lambda: transport)
    )
    async with TopicClientAsync(config, _credentials()) as client:
        subscription = await client.subscribe("cache", "topic")
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync)
        # The canned stream ends after its heartbeat: the subscription resumes, each time a request of its own.
        while log.hooks("a").count("request_body") < 3:
            await asyncio.sleep(0.01)
        subscription.unsubscribe()
        transport.replies = [b""]  # publish answers an empty message
        assert isinstance(await client.publish("cache", "topic", "hello"), TopicPublish.Success)
    bodies = [payload for _, hook, payload in log.events if hook == "request_body"]
    assert bodies[:3] == ["_SubscriptionRequest"] * 3
    assert bodies[-1] == "_PublishRequest"


async def test_the_auth_client_runs_them_on_token_calls() -> None:
    log = Log()
    reply = token_pb._GenerateDisposableTokenResponse(api_key="key", endpoint="emulator", valid_until=2_000_000_000)
    transport = RecordingTransport(reply.SerializeToString())
    config = (
        AuthConfigurations.Laptop.latest().add_middleware(Recorder("a", log)).with_transport_factory(lambda: transport)
    )
    credentials = CredentialProvider.from_disposable_token(credential_string("http://127.0.0.1:1", "caller-key"))
    async with AuthClientAsync(config, credentials) as auth:
        scope = DisposableTokenScopes.cache_read_write("cache")
        minted = await auth.generate_disposable_token(scope, ExpiresIn.minutes(5))
        assert isinstance(minted, GenerateDisposableToken.Success)
    assert log.hooks("a")[1] == "request_body"
    assert log.events[1][2] == "_GenerateDisposableTokenRequest"
    assert sent_payload(transport.requests[0])  # the request went out through the middleware


# --- configuration ------------------------------------------------------------------------------------------------


def test_configurations_keep_middlewares_immutably() -> None:
    log = Log()
    first, second, sync = Recorder("a", log), Recorder("b", log), SyncRecorder(log)
    base = Configurations.Laptop.latest()
    assert base.get_middlewares() == []
    one = base.add_middleware(first)
    three = one.with_middlewares([first, sync]).add_middleware(second)
    assert base.get_middlewares() == []
    assert one.get_middlewares() == [first]
    assert three.get_middlewares() == [first, sync, second]
    assert three.get_async_middlewares() == [first, second]
    assert three.get_sync_middlewares() == [sync]
    assert type(three) is Configurations.Laptop
    three.get_middlewares().clear()  # a copy
    assert len(three.get_middlewares()) == 3
    topic = TopicConfigurations.Default.latest().add_middleware(first)
    assert topic.get_middlewares() == [first]
    assert AuthConfigurations.Laptop.latest().with_middlewares([sync]).get_sync_middlewares() == [sync]


def test_a_middleware_must_be_one() -> None:
    with pytest.raises(InvalidArgumentException, match="must subclass"):
        Configurations.Laptop.latest().add_middleware(object())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentException, match="list of Middleware"):
        Configurations.Laptop.latest().with_middlewares(Recorder("a", Log()))  # type: ignore[arg-type]


def test_metadata_behaves_like_grpc_aio_metadata() -> None:
    metadata = Metadata(("a", "1"), ("b", "2"), ("a", "3"))
    assert metadata["a"] == "1"
    assert metadata.get_all("a") == ["1", "3"]
    assert metadata.get("missing") is None
    assert len(metadata) == 3
    metadata["a"] = "one"
    assert list(metadata) == [("a", "one"), ("a", "3"), ("b", "2")]
    del metadata["a"]
    assert metadata.get_all("a") == ["3"]
    metadata.add("c", b"\x00")
    assert "c" in metadata
    assert metadata == Metadata(("a", "3"), ("b", "2"), ("c", b"\x00"))
    with pytest.raises(KeyError):
        metadata["missing"]


async def test_without_middlewares_or_retries_calls_take_the_plain_path() -> None:
    transport = RecordingTransport(HIT.SerializeToString())
    client = CacheClientAsync(
        Configurations.Browser.latest().with_transport_factory(lambda: transport), _credentials(), timedelta(minutes=1)
    )
    assert client._middlewares is None
    assert all(channel._plain for channel in client._channels)
    assert isinstance(await client.get("cache", "key"), CacheGet.Hit)


async def test_a_cancelled_call_ends_cancelled() -> None:
    log = Log()

    class Stalling(ScriptTransport):
        async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
            await asyncio.sleep(3600)
            raise AssertionError("unreachable")

    call = asyncio.ensure_future(_get(_channel(Stalling([]), Recorder("a", log))))
    await asyncio.sleep(0.01)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert [(hook, payload) for _, hook, payload in log.events if hook.startswith("response")] == [
        ("response_metadata", {}),
        ("response_status", StatusCode.CANCELLED),
    ]


def test_the_sync_cache_client_runs_the_synchronous_middlewares() -> None:
    from momento_web import CacheClient

    log = Log()
    config = Configurations.Laptop.latest().with_middlewares([SyncRecorder(log), Recorder("a", log)])
    transport = RecordingTransport(HIT.SerializeToString())
    with CacheClient(config.with_transport_factory(lambda: transport), _credentials(), timedelta(minutes=1)) as client:
        assert isinstance(client.get("cache", "key"), CacheGet.Hit)
    assert {who for who, _, _ in log.events} == {"sync"}
    assert transport.requests[0].headers["request-id"] == "sync-scenario"

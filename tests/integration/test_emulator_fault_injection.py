"""momento-local fault injection against a real emulator process, over gRPC-web (httpx, raw frames) and native gRPC
over h2c (grpcio): every metadata key, every rpc name and error name, per-request-id counters, streams broken after N
messages, delays and the global latency against deadlines, the startup flags, and the outage switch
(``/_test_admin/block``, and momento-local's ``GET /block`` on ``--test-admin-port``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import grpc
import httpx
import pytest
from momento_web_emulator.faults import ERRORS, RPC_PATHS

from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import controlclient as control_pb
from momento_web.wire.grpc_web import Message, ResponseDecoder, Trailers, encode_frame
from scripts.localhost import HOST, free_port
from tests.conftest import LocalServer, run_server

TEXT = "application/grpc-web-text"
SUBSCRIBE = "/cache_client.pubsub.Pubsub/Subscribe"
PUBLISH = "/cache_client.pubsub.Pubsub/Publish"
GET = "/cache_client.Scs/Get"
STREAMS = {SUBSCRIBE, "/cache_client.Scs/GetBatch", "/cache_client.Scs/SetBatch"}
HEARTBEAT_S = 0.2


@dataclass
class Outcome:
    status: int
    messages: list[bytes]
    seconds: float


def web_call(
    server: LocalServer, path: str, body: bytes = b"", metadata: Mapping[str, str] | None = None, timeout: float = 10
) -> Outcome:
    """A gRPC-web text call, read to its end."""
    headers = {"content-type": TEXT, "x-grpc-web": "1", **(metadata or {})}
    started = time.perf_counter()
    with httpx.Client(base_url=server.url, timeout=timeout) as http:
        reply = http.post(path, content=encode_frame(body, text=True), headers=headers)
    seconds = time.perf_counter() - started
    assert reply.status_code == 200
    trailers: dict[str, str] = dict(reply.headers)
    messages: list[bytes] = []
    for event in ResponseDecoder(text=True).feed(reply.content):
        if isinstance(event, Message):
            messages.append(event.data)
        elif isinstance(event, Trailers):
            trailers = dict(event.metadata)
    return Outcome(int(trailers["grpc-status"]), messages, seconds)


def native_call(
    server: LocalServer, path: str, body: bytes = b"", metadata: Mapping[str, str] | None = None, timeout: float = 10
) -> Outcome:
    """A native gRPC call over h2c (grpcio), read to its end."""
    pairs = list((metadata or {}).items())
    started = time.perf_counter()
    messages: list[bytes] = []
    status = 0
    with grpc.insecure_channel(f"{server.host}:{server.port}") as channel:
        try:
            if path in STREAMS:
                stream = channel.unary_stream(path, request_serializer=None, response_deserializer=None)
                messages.extend(stream(body, metadata=pairs, timeout=timeout))
            else:
                unary = channel.unary_unary(path, request_serializer=None, response_deserializer=None)
                messages.append(unary(body, metadata=pairs, timeout=timeout))
        except grpc.RpcError as error:
            status = error.code().value[0]
    return Outcome(status, messages, time.perf_counter() - started)


CALLERS = {"grpc-web": web_call, "native": native_call}


@pytest.fixture(scope="module")
def faulty() -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), "--enable-test-admin"]
    args += ["--heartbeat-interval", str(HEARTBEAT_S)]
    with run_server("faults-emulator", args, HOST, port) as server:
        yield server


@pytest.fixture(scope="module")
def cache(faulty: LocalServer) -> str:
    name = f"faults-{uuid.uuid4().hex[:8]}"
    request = control_pb._CreateCacheRequest(cache_name=name).SerializeToString()
    assert web_call(faulty, "/control_client.ScsControl/CreateCache", request).status == 0
    return name


def admin(server: LocalServer, route: str, **params: str) -> dict[str, int | bool]:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    with urllib.request.urlopen(f"{server.url}/_test_admin/{route}?{query}", timeout=10) as reply:
        result: dict[str, int | bool] = json.load(reply)
    return result


def counters(server: LocalServer, request_id: str) -> dict[str, int | bool]:
    return admin(server, "faults", request_id=request_id)


def rid() -> str:
    return str(uuid.uuid4())


# --- the vocabularies ----------------------------------------------------------------------------------------------

NAMED = sorted((name, path) for name, paths in RPC_PATHS.items() for path in paths)


@pytest.mark.parametrize("transport", CALLERS)
@pytest.mark.parametrize(("name", "path"), NAMED, ids=[f"{name}->{path.rsplit('/', 1)[1]}" for name, path in NAMED])
def test_every_rpc_name_fails_its_methods(
    faulty: LocalServer, cache: str, transport: str, name: str, path: str
) -> None:
    request_id = rid()
    metadata = {"request-id": request_id, "return-error": "unavailable", "error-rpcs": name, "cache": cache}
    assert CALLERS[transport](faulty, path, b"", metadata).status == grpc.StatusCode.UNAVAILABLE.value[0]
    assert counters(faulty, request_id)["errors"] == 1


@pytest.mark.parametrize("transport", CALLERS)
@pytest.mark.parametrize("error", ERRORS)
def test_every_error_name_is_its_status(faulty: LocalServer, cache: str, transport: str, error: str) -> None:
    metadata = {"request-id": rid(), "return-error": error, "error-rpcs": "get", "cache": cache}
    assert CALLERS[transport](faulty, GET, b"", metadata).status == ERRORS[error].value


@pytest.mark.parametrize("transport", CALLERS)
def test_calls_outside_error_rpcs_are_served(faulty: LocalServer, cache: str, transport: str) -> None:
    metadata = {"request-id": rid(), "return-error": "internal", "error-rpcs": "set delete", "cache": cache}
    outcome = CALLERS[transport](faulty, GET, b"\x0a\x01k", metadata)
    assert outcome.status == 0
    assert len(outcome.messages) == 1


@pytest.mark.parametrize("transport", CALLERS)
def test_malformed_fault_metadata_is_invalid_argument(faulty: LocalServer, cache: str, transport: str) -> None:
    metadata = {"request-id": rid(), "return-error": "explode", "error-rpcs": "get", "cache": cache}
    assert CALLERS[transport](faulty, GET, b"", metadata).status == grpc.StatusCode.INVALID_ARGUMENT.value[0]


# --- counters ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", CALLERS)
def test_error_count_fails_only_the_first_calls_of_the_request_id(
    faulty: LocalServer, cache: str, transport: str
) -> None:
    call = CALLERS[transport]
    first, second = rid(), rid()
    base = {"return-error": "unavailable", "error-rpcs": "get", "error-count": "2", "cache": cache}
    statuses = [call(faulty, GET, b"", {**base, "request-id": first}).status for _ in range(3)]
    statuses += [call(faulty, GET, b"", {**base, "request-id": second}).status]  # a session of its own
    assert statuses == [14, 14, 0, 14]
    assert counters(faulty, first) == {"calls": 3, "errors": 2, "delays": 0, "stream_errors": 0}


def test_a_request_id_alone_changes_nothing_but_is_counted(faulty: LocalServer, cache: str) -> None:
    request_id = rid()
    assert web_call(faulty, GET, b"", {"request-id": request_id, "cache": cache}).status == 0
    assert counters(faulty, request_id)["calls"] == 1


# --- delays and deadlines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", CALLERS)
def test_delay_ms_delays_the_first_delay_count_calls(faulty: LocalServer, cache: str, transport: str) -> None:
    call = CALLERS[transport]
    metadata = {"request-id": rid(), "delay-rpcs": "get", "delay-ms": "400", "delay-count": "1", "cache": cache}
    delayed, prompt = call(faulty, GET, b"", metadata), call(faulty, GET, b"", metadata)
    assert (delayed.status, prompt.status) == (0, 0)
    assert delayed.seconds >= 0.4
    assert prompt.seconds < 0.3


@pytest.mark.parametrize("transport", CALLERS)
def test_a_delay_beyond_the_deadline_is_deadline_exceeded(faulty: LocalServer, cache: str, transport: str) -> None:
    metadata = {"request-id": rid(), "delay-rpcs": "get", "delay-ms": "5000", "cache": cache}
    if transport == "grpc-web":
        outcome = web_call(faulty, GET, b"", {**metadata, "grpc-timeout": "200m"})
    else:
        outcome = native_call(faulty, GET, b"", metadata, timeout=0.2)
    assert outcome.status == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]
    assert outcome.seconds < 2


# --- broken streams ------------------------------------------------------------------------------------------------


def _publish(server: LocalServer, cache: str, topic: str, count: int) -> None:
    for index in range(count):
        request = pubsub_pb._PublishRequest(
            cache_name=cache, topic=topic, value=pubsub_pb._TopicValue(text=f"m{index}")
        ).SerializeToString()
        assert web_call(server, PUBLISH, request).status == 0


def _kinds(messages: list[bytes]) -> list[str]:
    return [str(pubsub_pb._SubscriptionItem.FromString(message).WhichOneof("kind")) for message in messages]


@pytest.mark.parametrize("transport", CALLERS)
@pytest.mark.parametrize("limit", [0, 1, 3])
def test_stream_error_after_the_message_limit(faulty: LocalServer, cache: str, transport: str, limit: int) -> None:
    topic = f"broken-{uuid.uuid4().hex[:6]}"
    request = pubsub_pb._SubscriptionRequest(cache_name=cache, topic=topic).SerializeToString()
    metadata = {"request-id": rid(), "stream-error-rpcs": "topic-subscribe", "stream-error": "unavailable"}
    metadata["stream-error-message-limit"] = str(limit)
    publisher = threading.Timer(0.3, _publish, (faulty, cache, topic, 2))
    publisher.start()  # a heartbeat, items m0, m1 (and a heartbeat if one falls due in between)
    try:
        outcome = CALLERS[transport](faulty, SUBSCRIBE, request, metadata)
    finally:
        publisher.join()
    assert outcome.status == grpc.StatusCode.UNAVAILABLE.value[0]
    assert len(outcome.messages) == limit
    assert _kinds(outcome.messages)[:1] == ["heartbeat"][:limit]
    assert set(_kinds(outcome.messages)) <= {"heartbeat", "item"}
    assert counters(faulty, metadata["request-id"])["stream_errors"] == 1


def test_heartbeats_count_towards_the_message_limit(faulty: LocalServer, cache: str) -> None:
    request = pubsub_pb._SubscriptionRequest(cache_name=cache, topic="quiet").SerializeToString()
    metadata = {"stream-error-rpcs": "topic-subscribe", "stream-error": "internal", "stream-error-message-limit": "3"}
    outcome = web_call(faulty, SUBSCRIBE, request, metadata)
    assert outcome.status == grpc.StatusCode.INTERNAL.value[0]
    assert _kinds(outcome.messages) == ["heartbeat"] * 3
    assert outcome.seconds >= 2 * HEARTBEAT_S * 0.9


# --- the outage ----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def blocked(server: LocalServer, url: str | None = None) -> Iterator[None]:
    base = url or f"{server.url}/_test_admin"
    with urllib.request.urlopen(f"{base}/block", timeout=10) as reply:
        assert json.load(reply) == {"blocked": True}
    try:
        yield
    finally:
        with urllib.request.urlopen(f"{base}/unblock", timeout=10) as reply:
            assert json.load(reply) == {"blocked": False}


@pytest.mark.parametrize("transport", CALLERS)
def test_blocked_calls_stall_until_unblocked(faulty: LocalServer, cache: str, transport: str) -> None:
    unblock_requested: list[float] = []

    def unblock_later() -> None:
        unblock_requested.append(time.monotonic())
        admin(faulty, "unblock")

    with blocked(faulty):
        unblock = threading.Timer(0.5, unblock_later)
        unblock.start()
        outcome = CALLERS[transport](faulty, GET, b"", {"cache": cache})
        answered = time.monotonic()
        unblock.join()
    assert outcome.status == 0
    # Answered only once the unblock was asked for (comparing instants, not durations, so a slow start cannot
    # make the call look shorter than the block).
    assert unblock_requested
    assert answered >= unblock_requested[0]


@pytest.mark.parametrize("transport", CALLERS)
def test_blocked_calls_end_at_their_deadline(faulty: LocalServer, cache: str, transport: str) -> None:
    with blocked(faulty):
        if transport == "grpc-web":
            outcome = web_call(faulty, GET, b"", {"cache": cache, "grpc-timeout": "300m"})
        else:
            outcome = native_call(faulty, GET, b"", {"cache": cache}, timeout=0.3)
    assert outcome.status == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]


async def test_an_open_subscription_goes_silent_while_blocked(faulty: LocalServer, cache: str) -> None:
    request = pubsub_pb._SubscriptionRequest(cache_name=cache, topic="outage").SerializeToString()
    arrivals: list[float] = []

    async def listen() -> None:
        headers = {"content-type": TEXT, "x-grpc-web": "1"}
        async with (
            httpx.AsyncClient(base_url=faulty.url, timeout=30) as http,
            http.stream("POST", SUBSCRIBE, content=encode_frame(request, text=True), headers=headers) as reply,
        ):
            decoder = ResponseDecoder(text=True)
            async for chunk in reply.aiter_bytes():
                arrivals.extend(time.monotonic() for event in decoder.feed(chunk) if isinstance(event, Message))

    listener = asyncio.ensure_future(listen())
    try:
        await asyncio.sleep(1)
        assert arrivals  # heartbeats flow
        await asyncio.to_thread(admin, faulty, "block")
        blocked_at = time.monotonic()
        await asyncio.sleep(2)
        unblocked_at = time.monotonic()  # before asking: streams may speak again before the admin's reply arrives
        await asyncio.to_thread(admin, faulty, "unblock")
        await asyncio.sleep(2)
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
    # A heartbeat already on its way when the block began may still land on a loaded machine: allow half a second.
    assert not [at for at in arrivals if blocked_at + 0.5 < at < unblocked_at]
    assert [at for at in arrivals if at > unblocked_at]  # and flow again


# --- emulators with startup flags ------------------------------------------------------------------------------------


@contextlib.contextmanager
def emulator_with(name: str, *flags: str) -> Iterator[LocalServer]:
    port = free_port()
    args = ["-m", "momento_web_emulator", "--host", HOST, "--port", str(port), *flags]
    with run_server(name, args, HOST, port) as server:
        yield server


def test_global_latency_delays_every_call_and_meets_deadlines() -> None:
    with emulator_with("latency-emulator", "--latency", "150ms") as server:
        pings = [web_call(server, "/cache_client.Ping/Ping").seconds for _ in range(3)]
        native = native_call(server, "/cache_client.Ping/Ping")
        late = web_call(server, "/cache_client.Ping/Ping", metadata={"grpc-timeout": "20m"})
        late_native = native_call(server, "/cache_client.Ping/Ping", timeout=0.02)
    assert min(pings) >= 0.15
    assert (native.status, native.seconds >= 0.15) == (0, True)
    assert late.status == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]
    assert late_native.status == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]


def test_startup_fault_flags_apply_to_calls_without_a_request_id() -> None:
    flags = ("--return-error", "unavailable", "--error-rpcs", "get", "--error-count", "1")
    with emulator_with("flagged-emulator", *flags) as server:
        request = control_pb._CreateCacheRequest(cache_name="c").SerializeToString()
        assert web_call(server, "/control_client.ScsControl/CreateCache", request).status == 0
        statuses = [web_call(server, GET, b"", {"cache": "c"}).status for _ in range(2)]
        own = web_call(server, GET, b"", {"cache": "c", "request-id": rid()}).status
    assert statuses == [14, 0]
    assert own == 0


def test_momento_local_admin_port_blocks_and_unblocks() -> None:
    admin_port = free_port()
    with emulator_with("admin-port-emulator", "--test-admin-port", str(admin_port)) as server:
        with blocked(server, f"http://{HOST}:{admin_port}"):
            stalled = web_call(server, "/cache_client.Ping/Ping", metadata={"grpc-timeout": "200m"})
        served = web_call(server, "/cache_client.Ping/Ping")
        with urllib.request.urlopen(f"http://{HOST}:{admin_port}/_test_admin/topics", timeout=10) as reply:
            topics = json.load(reply)
    assert stalled.status == grpc.StatusCode.DEADLINE_EXCEEDED.value[0]
    assert served.status == 0
    assert topics["live_streams"] == 0

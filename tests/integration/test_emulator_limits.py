"""Memory bounds of the emulator under hostile use: each attack of issue 15 reproduced against a real emulator process
started in strict mode with small bounds, on loopback, bounded in count and time.

Each test measures what the bound is about (the emulator's own accounting from ``GET /_test_admin/memory``, and/or
its resident memory and peak from ``/proc/<pid>/status``) and checks that another client is still served.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator

import h2.config
import h2.connection
import httpx
import pytest

from momento_web._messages import auth as auth_pb
from momento_web._messages import cacheclient as cache_pb
from momento_web._messages import cacheping as ping_pb
from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import controlclient as control_pb
from momento_web._messages import permissionmessages as permissions_pb
from momento_web.auth.momento_endpoint_resolver import resolve
from momento_web.wire.grpc_web import Message, ResponseDecoder, Trailers, encode_frame
from momento_web.wire.protobuf import Message as ProtoMessage
from scripts.localhost import HOST
from tests.conftest import AuthEmulator, LocalServer, started_auth_emulator

MIB = 1 << 20
TEXT = "application/grpc-web-text"
PUBLISH = "/cache_client.pubsub.Pubsub/Publish"
SUBSCRIBE = "/cache_client.pubsub.Pubsub/Subscribe"


def memory_mib(pid: int) -> tuple[float, float]:
    """``(resident, peak resident)`` of a process, in MiB."""
    fields: dict[str, float] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


class Caller:
    """Raw gRPC-web text calls with a credential (no SDK, so nothing client-side limits what is sent)."""

    def __init__(self, emulator: AuthEmulator) -> None:
        self.key = resolve(emulator.super_user_key).auth_token
        self.http = httpx.Client(base_url=emulator.url, timeout=30)

    def call(self, path: str, request: ProtoMessage, cache: str | None = None) -> tuple[int, str, list[bytes]]:
        """``(grpc-status, grpc-message, response messages)``."""
        headers = {"content-type": TEXT, "x-grpc-web": "1", "authorization": self.key}
        if cache is not None:
            headers["cache"] = cache
        reply = self.http.post(path, content=encode_frame(request.SerializeToString(), text=True), headers=headers)
        assert reply.status_code == 200, reply
        messages: list[bytes] = []
        trailers: dict[str, str] = dict(reply.headers)
        decoder = ResponseDecoder(text=True)
        for event in decoder.feed(reply.content):
            if isinstance(event, Message):
                messages.append(event.data)
            elif isinstance(event, Trailers):
                trailers = dict(event.metadata)
        return int(trailers["grpc-status"]), urllib.parse.unquote(trailers.get("grpc-message", "")), messages

    def ok(self, path: str, request: ProtoMessage, cache: str | None = None) -> list[bytes]:
        status, message, messages = self.call(path, request, cache)
        assert status == 0, f"{path}: {status} {message}"
        return messages

    def create_cache(self, name: str) -> None:
        self.ok("/control_client.ScsControl/CreateCache", control_pb._CreateCacheRequest(cache_name=name))

    def publish(self, cache: str, topic: str, value: bytes) -> tuple[int, str]:
        request = pubsub_pb._PublishRequest(cache_name=cache, topic=topic, value=pubsub_pb._TopicValue(binary=value))
        status, message, _ = self.call(PUBLISH, request)
        return status, message

    def ping_ms(self) -> float:
        started = time.perf_counter()
        self.ok("/cache_client.Ping/Ping", ping_pb._PingRequest())
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def caller_of() -> Iterator[list[Caller]]:
    made: list[Caller] = []
    yield made
    for caller in made:
        caller.close()


# --- slow subscribers ----------------------------------------------------------------------------------------------


def _stalled_http1_subscriber(port: int, key: str, cache: str, topic: str) -> socket.socket:
    """A gRPC-web Subscribe over HTTP/1.1 whose client never reads its reply."""
    body = encode_frame(pubsub_pb._SubscriptionRequest(cache_name=cache, topic=topic).SerializeToString(), text=True)
    sock = socket.create_connection((HOST, port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    head = (
        f"POST {SUBSCRIBE} HTTP/1.1\r\nhost: {HOST}\r\ncontent-type: {TEXT}\r\nauthorization: {key}\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    )
    sock.sendall(head.encode("ascii") + body)
    return sock


def _stalled_h2_subscribers(port: int, key: str, cache: str, topic: str, streams: int) -> socket.socket:
    """``streams`` native gRPC Subscribe streams on one HTTP/2 connection whose client never reads (so never opens
    the flow-control window again)."""
    body = encode_frame(pubsub_pb._SubscriptionRequest(cache_name=cache, topic=topic).SerializeToString())
    sock = socket.create_connection((HOST, port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    connection.initiate_connection()
    for _ in range(streams):
        stream = connection.get_next_available_stream_id()
        headers = [(":method", "POST"), (":path", SUBSCRIBE), (":scheme", "http"), (":authority", HOST)]
        headers += [("content-type", "application/grpc"), ("te", "trailers"), ("authorization", key)]
        connection.send_headers(stream, headers)
        connection.send_data(stream, body, end_stream=True)
    sock.sendall(connection.data_to_send())
    return sock


@pytest.mark.parametrize("transport", ["grpc-web over HTTP/1.1", "native gRPC over HTTP/2"])
def test_subscribers_that_stop_reading_and_disconnect_do_not_inflate_memory(
    transport: str, caller_of: list[Caller]
) -> None:
    # 40 subscriptions that stop reading, 300 publishes of 64 KiB, then the subscribers hang up. Before the fix the
    # HTTP/2 streams buffered every message (hypercorn) and the HTTP/1.1 ones pumped their backlog into the closed
    # sockets at once, each dropped frame kept alive: gigabytes either way.
    with started_auth_emulator("limits-slow-subscribers", "--max-bytes", str(64 * MIB)) as emulator:
        pid = emulator.server.process.pid
        caller = Caller(emulator)
        caller_of.append(caller)
        cache = f"slow-{uuid.uuid4().hex[:8]}"
        caller.create_cache(cache)
        before, _ = memory_mib(pid)
        port = emulator.server.port
        if transport.startswith("native"):
            sockets = [_stalled_h2_subscribers(port, caller.key, cache, "t", 4) for _ in range(10)]
        else:
            sockets = [_stalled_http1_subscriber(port, caller.key, cache, "t") for _ in range(40)]
        payload = os.urandom(64 * 1024)
        slowest_ping = 0.0
        for index in range(300):
            assert caller.publish(cache, "t", payload) == (0, "")
            if index % 50 == 0:
                slowest_ping = max(slowest_ping, caller.ping_ms())
        _, peak_while_stalled = memory_mib(pid)
        for sock in sockets:
            sock.close()
        time.sleep(2)  # the streams notice and end
        after, peak = memory_mib(pid)
        slowest_ping = max(slowest_ping, caller.ping_ms())
    assert peak_while_stalled - before < 120, (before, peak_while_stalled)
    assert peak - before < 120, (before, peak)
    assert after - before < 100, (before, after)
    assert slowest_ping < 2000  # everyone else was served throughout


# --- a strict emulator with a 1 MiB budget ---------------------------------------------------------------------------

BUDGET = 1 << 20
TTL_MS = 600_000


@pytest.fixture(scope="module")
def bounded() -> Iterator[AuthEmulator]:
    with started_auth_emulator("limits-bounded", "--max-bytes", str(BUDGET), "--enable-test-admin") as emulator:
        yield emulator


@pytest.fixture
def caller(bounded: AuthEmulator, caller_of: list[Caller]) -> Caller:
    made = Caller(bounded)
    caller_of.append(made)
    return made


def admin(emulator: AuthEmulator, route: str, key: str | None, *, method: str = "GET") -> httpx.Response:
    headers = {} if key is None else {"authorization": key}
    return httpx.request(method, f"{emulator.url}/_test_admin/{route}", headers=headers, timeout=10)


def usage(emulator: AuthEmulator) -> dict[str, int]:
    reply = admin(emulator, "memory", emulator.super_user_key)
    assert reply.status_code == 200, reply.text
    result: dict[str, int] = reply.json()
    return result


def _fresh_cache(caller: Caller) -> str:
    name = f"flood-{uuid.uuid4().hex[:8]}"
    caller.create_cache(name)
    return name


def _batch(kind: str, name: bytes, batch: int, size: int) -> tuple[str, ProtoMessage]:
    """One request adding ``size`` new elements of ``kind`` (empty values where the kind allows duplicates)."""
    distinct = [f"{batch}.{index}".encode() for index in range(size)]
    match kind:
        case "list":
            request: ProtoMessage = cache_pb._ListConcatenateBackRequest(
                list_name=name, values=[b""] * size, ttl_milliseconds=TTL_MS
            )
            return "ListConcatenateBack", request
        case "dictionary":
            items = [cache_pb._DictionaryFieldValuePair(field=field, value=b"") for field in distinct]
            return "DictionarySet", cache_pb._DictionarySetRequest(
                dictionary_name=name, items=items, ttl_milliseconds=TTL_MS
            )
        case "set":
            return "SetUnion", cache_pb._SetUnionRequest(set_name=name, elements=distinct, ttl_milliseconds=TTL_MS)
        case _:
            elements = [cache_pb._SortedSetElement(value=value, score=1.0) for value in distinct]
            return "SortedSetPut", cache_pb._SortedSetPutRequest(
                set_name=name, elements=elements, ttl_milliseconds=TTL_MS
            )


@pytest.mark.parametrize("kind", ["list", "dictionary", "set", "sorted set"])
def test_floods_of_tiny_elements_stay_within_max_bytes(bounded: AuthEmulator, caller: Caller, kind: str) -> None:
    # The attack of issue 15: a list of 52,000,000 empty values grew the emulator by 880 MiB under a 1 MiB limit.
    # Each element is now counted with what it costs, so the flood is refused once the budget is spent.
    cache = _fresh_cache(caller)
    pid = bounded.server.process.pid
    before, _ = memory_mib(pid)
    accepted = 0
    refusal = (0, "")
    for batch in range(200):  # at most 10,000,000 elements
        method, request = _batch(kind, b"flood", batch, 50_000)
        status, message, _ = caller.call(f"/cache_client.Scs/{method}", request, cache)
        if status != 0:
            refusal = (status, message)
            break
        accepted += 50_000
    assert refusal[0] == 8, refusal  # RESOURCE_EXHAUSTED
    assert "emulator memory limit reached" in refusal[1]
    assert accepted <= BUDGET // 48  # the cheapest element is counted 48 bytes
    counted = usage(bounded)
    assert counted["bytes"] <= BUDGET
    after, peak = memory_mib(pid)
    assert after - before < 60, (before, after)
    assert peak - before < 200, (before, peak)  # a refused batch of 50,000 lives while it is decoded
    assert caller.ping_ms() < 1000
    caller.ok("/control_client.ScsControl/DeleteCache", control_pb._DeleteCacheRequest(cache_name=cache))


def test_topic_buffers_count_against_max_bytes(bounded: AuthEmulator, caller: Caller) -> None:
    # The attack: 969 publishes of 1 MiB over 57 topics, retained outside --max-bytes (35 → 902 MiB).
    cache = _fresh_cache(caller)
    pid = bounded.server.process.pid
    before, _ = memory_mib(pid)
    payload = os.urandom(64 * 1024)
    for index in range(400):  # 25 MiB through 57 topics of a 1 MiB budget: the oldest items make room
        assert caller.publish(cache, f"topic-{index % 57}", payload) == (0, "")
        if index % 100 == 0:
            assert usage(bounded)["bytes"] <= BUDGET
    huge = [caller.publish(cache, f"topic-{index}", os.urandom(BUDGET)) for index in range(20)]
    assert {status for status, _ in huge} == {8}  # never fits the budget: RESOURCE_EXHAUSTED
    counted = usage(bounded)
    assert counted["bytes"] <= BUDGET
    assert counted["reserved_bytes"] > 10 * 64 * 1024  # the buffers are counted
    after, peak = memory_mib(pid)
    assert after - before < 60, (before, after)
    assert peak - before < 120, (before, peak)
    assert caller.ping_ms() < 1000
    caller.ok("/control_client.ScsControl/DeleteCache", control_pb._DeleteCacheRequest(cache_name=cache))
    assert usage(bounded)["reserved_bytes"] == 0  # a deleted cache's topics give their memory back


def test_the_advertised_publish_limit_is_enforced(emulator: LocalServer) -> None:
    # The attack: a 7 MiB publish succeeded although ListCaches advertises 5,120 KB.
    with httpx.Client(base_url=emulator.url, timeout=30) as http:
        cache = f"publish-limit-{uuid.uuid4().hex[:8]}"
        headers = {"content-type": TEXT, "x-grpc-web": "1"}
        create = control_pb._CreateCacheRequest(cache_name=cache).SerializeToString()
        http.post("/control_client.ScsControl/CreateCache", content=encode_frame(create, text=True), headers=headers)
        listed = http.post(
            "/control_client.ScsControl/ListCaches",
            content=encode_frame(control_pb._ListCachesRequest().SerializeToString(), text=True),
            headers=headers,
        )
        (message,) = [e.data for e in ResponseDecoder(text=True).feed(listed.content) if isinstance(e, Message)]
        advertised = control_pb._ListCachesResponse.FromString(message).cache[0].topic_limits
        assert advertised.max_publish_message_size_kb == 5120
        outcomes = {}
        for size in (7 << 20, 5120 * 1024 + 1, 5120 * 1024 - 16):
            value = pubsub_pb._TopicValue(binary=b"x" * size)
            request = pubsub_pb._PublishRequest(cache_name=cache, topic="t", value=value).SerializeToString()
            reply = http.post(PUBLISH, content=encode_frame(request, text=True), headers=headers)
            trailers: dict[str, str] = dict(reply.headers)
            for event in ResponseDecoder(text=True).feed(reply.content):
                if isinstance(event, Trailers):
                    trailers = dict(event.metadata)
            outcomes[size] = (trailers["grpc-status"], trailers.get("err"))
    assert outcomes == {
        7 << 20: ("8", "request_size_limit_exceeded"),
        5120 * 1024 + 1: ("8", "request_size_limit_exceeded"),
        5120 * 1024 - 16: ("0", None),
    }


def test_caches_are_limited_in_number_and_name_length(caller_of: list[Caller]) -> None:
    # The attack: 4,000 caches with 64 KiB names (35 → 417 MiB, a 262 MB ListCaches reply).
    flags = ("--max-caches", "20", "--max-bytes", str(BUDGET))
    with started_auth_emulator("limits-caches", *flags) as emulator:
        caller = Caller(emulator)
        caller_of.append(caller)
        pid = emulator.server.process.pid
        before, _ = memory_mib(pid)
        create = "/control_client.ScsControl/CreateCache"
        too_long = caller.call(create, control_pb._CreateCacheRequest(cache_name="x" * 65536))
        statuses = [
            caller.call(create, control_pb._CreateCacheRequest(cache_name=f"{index:03d}" + "n" * 252))[0]
            for index in range(100)
        ]
        (listed,) = caller.ok("/control_client.ScsControl/ListCaches", control_pb._ListCachesRequest())
        after, _ = memory_mib(pid)
        assert caller.ping_ms() < 1000
    assert too_long[:2] == (3, "cache name must be at most 255 characters long, not 65536")
    assert statuses == [0] * 20 + [8] * 80
    assert len(control_pb._ListCachesResponse.FromString(listed).cache) == 20
    assert len(listed) < 20 * 400
    assert after - before < 20


def test_the_test_admin_wants_the_printed_key_and_sends_no_cors(bounded: AuthEmulator, caller: Caller) -> None:
    # The attack: /_test_admin/ answered anyone, with Access-Control-Allow-Origin: *, even under --auth.
    minted = caller.call(
        "/auth.Auth/GenerateApiToken",
        auth_pb._GenerateApiTokenRequest(
            never=auth_pb._GenerateApiTokenRequest.Never(),
            auth_token=caller.key,
            permissions=permissions_pb.Permissions(super_user=permissions_pb.SuperUser),
        ),
    )
    assert minted[0] == 0
    minted_key = auth_pb._GenerateApiTokenResponse.FromString(minted[2][0]).api_key
    attempts = {
        "none": admin(bounded, "block", None),
        "garbage": admin(bounded, "block", "garbage"),
        "minted super-user": admin(bounded, "block", minted_key),
        "preflight": httpx.options(
            f"{bounded.url}/_test_admin/block",
            headers={"origin": "http://evil.example", "access-control-request-method": "GET"},
            timeout=10,
        ),
    }
    assert {name: reply.status_code for name, reply in attempts.items()} == {
        "none": 401,
        "garbage": 401,
        "minted super-user": 403,
        "preflight": 401,
    }
    assert usage(bounded)["max_bytes"] == BUDGET  # the printed key, as printed
    assert admin(bounded, "faults", caller.key).status_code == 200  # or its raw api_key
    for reply in [*attempts.values(), admin(bounded, "memory", bounded.super_user_key)]:
        assert not [name for name in reply.headers if name.lower().startswith("access-control-")]
    assert caller.ping_ms() < 1000  # never blocked


# --- subscriptions across all caches -------------------------------------------------------------------------------


def _live_streams(emulator: AuthEmulator, expected: int) -> int:
    """The emulator's count of open Subscribe streams, once it is ``expected`` (or after 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        live: int = admin(emulator, "topics", emulator.super_user_key).json()["live_streams"]
        if live == expected or time.monotonic() > deadline:
            return live
        time.sleep(0.05)


def _subscribe_refused(emulator: AuthEmulator, key: str, cache: str) -> tuple[str, str, str]:
    """``(grpc-status, grpc-message, err)`` of a Subscribe that must be refused at once (trailers-only)."""
    body = encode_frame(pubsub_pb._SubscriptionRequest(cache_name=cache, topic="t").SerializeToString(), text=True)
    headers = {"content-type": TEXT, "x-grpc-web": "1", "authorization": key}
    reply = httpx.post(f"{emulator.url}{SUBSCRIBE}", content=body, headers=headers, timeout=10)
    message = urllib.parse.unquote(reply.headers.get("grpc-message", ""))
    return reply.headers.get("grpc-status", ""), message, reply.headers.get("err", "")


def test_subscriptions_are_limited_across_caches_and_ended_ones_give_their_slot_back(
    caller_of: list[Caller],
) -> None:
    # The attack: a token holder opened Subscribe streams without bound (each holds a connection or an HTTP/2
    # stream, ~30 KiB over HTTP/1.1): only the per-cache limit applied, times as many caches as it could create.
    flags = ("--max-total-subscriptions", "6", "--enable-test-admin")
    with started_auth_emulator("limits-subscriptions", *flags) as emulator:
        caller = Caller(emulator)
        caller_of.append(caller)
        port = emulator.server.port
        for cache in ("a", "b", "c", "d"):
            caller.create_cache(cache)
        http1 = [_stalled_http1_subscriber(port, caller.key, cache, "t") for cache in ("a", "b", "c")]
        h2_socket = _stalled_h2_subscribers(port, caller.key, "d", "t", 3)  # streams 1, 3 and 5
        opened = []
        try:
            assert _live_streams(emulator, 6) == 6
            refused = [_subscribe_refused(emulator, caller.key, cache) for cache in ("a", "d", "fresh-cache?")]
            limit = (
                "8",
                "Number of subscribers exceeded the limit of 6 across all caches",
                "topic_subscriptions_limit_exceeded",
            )
            assert refused[:2] == [limit, limit]
            assert refused[2][0] == "5"  # an unknown cache is still NOT_FOUND first

            http1.pop(0).close()  # a subscriber that goes away
            assert _live_streams(emulator, 5) == 5
            opened.append(_stalled_http1_subscriber(port, caller.key, "a", "t"))
            assert _live_streams(emulator, 6) == 6
            assert _subscribe_refused(emulator, caller.key, "b")[0] == "8"

            h2_socket.sendall(bytes.fromhex("00000403000000000300000008"))  # RST_STREAM(stream 3, CANCEL)
            assert _live_streams(emulator, 5) == 5  # a stream the client cancels on a live connection
            opened.append(_stalled_http1_subscriber(port, caller.key, "d", "t"))
            assert _live_streams(emulator, 6) == 6

            assert caller.ping_ms() < 1000  # everyone else is served throughout
        finally:
            for sock in [*http1, *opened, h2_socket]:
                sock.close()
        assert _live_streams(emulator, 0) == 0  # and every slot comes back


# --- requests of millions of tiny elements ---------------------------------------------------------------------------


class Pinger(threading.Thread):
    """Another client pinging all along; ``slowest`` is its longest wait for an answer, in ms."""

    def __init__(self, emulator: AuthEmulator) -> None:
        super().__init__(daemon=True)
        self.caller = Caller(emulator)
        self.stopping = threading.Event()
        self.slowest = 0.0
        self.pings = 0

    def run(self) -> None:
        while not self.stopping.wait(0.05):
            self.slowest = max(self.slowest, self.caller.ping_ms())
            self.pings += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.caller.close()


def _flood(method: str, head: ProtoMessage, one_element: ProtoMessage, count: int) -> tuple[str, bytes]:
    """A request: ``head`` (name, TTL) and ``count`` elements, serialized without building them (the decoder appends
    each occurrence of a repeated field, so one element's serialization repeated is that of all of them)."""
    return f"/cache_client.Scs/{method}", head.SerializeToString() + one_element.SerializeToString() * count


def test_a_request_of_millions_of_empty_elements_is_refused_before_it_is_decoded(caller_of: list[Caller]) -> None:
    # The attack: 8 MiB of empty list values, set elements, dictionary pairs or sorted-set elements (two bytes each
    # on the wire, 40 to 60 once decoded) cost ~200 MiB and seconds of the event loop before the per-element
    # accounting could refuse them. They are now counted on the wire and refused past --max-request-elements.
    list_head = cache_pb._ListConcatenateBackRequest(list_name=b"l", ttl_milliseconds=TTL_MS)
    set_head = cache_pb._SetUnionRequest(set_name=b"s", ttl_milliseconds=TTL_MS)
    dictionary_head = cache_pb._DictionarySetRequest(dictionary_name=b"d", ttl_milliseconds=TTL_MS)
    sorted_set_head = cache_pb._SortedSetPutRequest(set_name=b"z", ttl_milliseconds=TTL_MS)
    pair, element = cache_pb._DictionaryFieldValuePair(), cache_pb._SortedSetElement()
    floods = [
        _flood("ListConcatenateBack", list_head, cache_pb._ListConcatenateBackRequest(values=[b""]), 4_000_000),
        _flood("SetUnion", set_head, cache_pb._SetUnionRequest(elements=[b"ab"]), 2_000_000),
        _flood("DictionarySet", dictionary_head, cache_pb._DictionarySetRequest(items=[pair]), 4_000_000),
        _flood("SortedSetPut", sorted_set_head, cache_pb._SortedSetPutRequest(elements=[element]), 4_000_000),
    ]
    with started_auth_emulator("limits-elements", "--max-bytes", str(BUDGET)) as emulator:
        caller = Caller(emulator)
        caller_of.append(caller)
        cache = _fresh_cache(caller)
        pid = emulator.server.process.pid
        before, _ = memory_mib(pid)
        pinger = Pinger(emulator)
        pinger.start()
        try:
            outcomes = []
            for path, body in floods:
                headers = {"content-type": TEXT, "x-grpc-web": "1", "authorization": caller.key, "cache": cache}
                reply = caller.http.post(path, content=encode_frame(body, text=True), headers=headers)
                outcomes.append((reply.headers.get("grpc-status"), reply.headers.get("err")))
                assert "at most 250000 elements" in urllib.parse.unquote(reply.headers.get("grpc-message", ""))
        finally:
            pinger.stop()
        _, peak = memory_mib(pid)
        ordinary = cache_pb._ListConcatenateBackRequest(list_name=b"l", values=[b""] * 1000, ttl_milliseconds=TTL_MS)
        ok = caller.ok("/cache_client.Scs/ListConcatenateBack", ordinary, cache)
    assert outcomes == [("8", "request_size_limit_exceeded")] * 4
    assert peak - before < 60, (before, peak)  # decoding any of them: 100 to 216 MiB
    assert pinger.pings > 0
    assert pinger.slowest < 1000, pinger.slowest  # others are served meanwhile
    assert cache_pb._ListConcatenateBackResponse.FromString(ok[0]).list_length == 1000  # an ordinary one still fits

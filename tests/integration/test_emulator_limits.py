"""Memory bounds of the emulator under hostile use: each attack of issue 15 reproduced against a real emulator process
started in strict mode with small bounds, on loopback, bounded in count and time.

Each test measures what the bound is about (the emulator's own accounting from ``GET /_test_admin/memory``, and/or
its resident memory and peak from ``/proc/<pid>/status``) and checks that another client is still served.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator

import h2.config
import h2.connection
import httpx
import pytest

from momento_web._messages import cacheping as ping_pb
from momento_web._messages import cachepubsub as pubsub_pb
from momento_web._messages import controlclient as control_pb
from momento_web.auth.momento_endpoint_resolver import resolve
from momento_web.wire.grpc_web import Message, ResponseDecoder, Trailers, encode_frame
from momento_web.wire.protobuf import Message as ProtoMessage
from scripts.localhost import HOST
from tests.conftest import AuthEmulator, started_auth_emulator

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
        return int(trailers["grpc-status"]), trailers.get("grpc-message", ""), messages

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

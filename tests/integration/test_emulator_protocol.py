"""The emulator's wire protocol, spoken with raw HTTP (httpx, no SDK) to a real emulator process.

Most tests share the session ``emulator`` fixture (tests/conftest.py); tests about the process itself (log line,
signals, flags) start their own with ``--port 0`` and read the port from the startup log line.
"""

from __future__ import annotations

import base64
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from momento_web_emulator.app import EmulatorApp
from momento_web_emulator.auth import OpenAuthenticator
from momento_web_emulator.dispatch import Dispatcher
from momento_web_emulator.rpc import CallContext, server_streaming, unary

from momento_web._messages import cacheclient as cache_pb
from momento_web._messages import common
from momento_web._messages import controlclient as control_pb
from momento_web.wire import protobuf
from momento_web.wire.grpc_web import Message, ResponseDecoder, Trailers, encode_frame
from tests.conftest import LocalServer

TEXT = "application/grpc-web-text"
BINARY = "application/grpc-web+proto"
OK_TRAILER_TEXT = b"gAAAAB5ncnBjLXN0YXR1czowDQpncnBjLW1lc3NhZ2U6DQo="
EXPOSED = "grpc-status, grpc-message, grpc-status-details-bin, err, retry_disposition"
SCS = "/cache_client.Scs"
CONTROL = "/control_client.ScsControl"


@dataclass
class Reply:
    http: httpx.Response
    messages: list[bytes] = field(default_factory=list)
    trailers: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int:
        """grpc-status from the trailer frame, or from the headers of a trailers-only response."""
        value = self.trailers.get("grpc-status", self.http.headers.get("grpc-status"))
        assert value is not None, f"no grpc-status in {self.http.headers} / {self.trailers}"
        return int(value)

    @property
    def trailers_only(self) -> bool:
        return self.http.content == b"" and "grpc-status" in self.http.headers


def parse(response: httpx.Response) -> Reply:
    assert response.status_code == 200, response
    reply = Reply(response)
    if not response.content:
        return reply
    decoder = ResponseDecoder(text=response.headers["content-type"].startswith(TEXT))
    for event in decoder.feed(response.content):
        if isinstance(event, Message):
            reply.messages.append(event.data)
        elif isinstance(event, Trailers):
            reply.trailers = dict(event.metadata)
    decoder.end()
    assert reply.trailers, "body without a trailer frame"
    return reply


def call(
    client: httpx.Client,
    path: str,
    payload: bytes,
    *,
    text: bool = True,
    cache: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    all_headers = {"content-type": TEXT if text else BINARY, "x-grpc-web": "1", **(headers or {})}
    if cache is not None:
        all_headers["cache"] = cache
    return parse(client.post(path, content=encode_frame(payload, text=text), headers=all_headers))


def assert_ping_works(client: httpx.Client) -> None:
    reply = call(client, "/cache_client.Ping/Ping", b"")
    assert reply.status == 0
    assert reply.messages == [b""]


@pytest.fixture(scope="module")
def http(emulator: LocalServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url, timeout=10) as client:
        yield client


@pytest.fixture
def cache_name(http: httpx.Client) -> Iterator[str]:
    name = f"proto-{uuid.uuid4().hex[:12]}"
    assert (
        call(http, f"{CONTROL}/CreateCache", control_pb._CreateCacheRequest(cache_name=name).SerializeToString()).status
        == 0
    )
    yield name
    call(http, f"{CONTROL}/DeleteCache", control_pb._DeleteCacheRequest(cache_name=name).SerializeToString())


def _set(http: httpx.Client, cache: str, key: bytes, value: bytes, ttl_ms: int = 60_000) -> Reply:
    request = cache_pb._SetRequest(cache_key=key, cache_body=value, ttl_milliseconds=ttl_ms)
    return call(http, f"{SCS}/Set", request.SerializeToString(), cache=cache)


def _get(http: httpx.Client, cache: str, key: bytes) -> cache_pb._GetResponse:
    reply = call(http, f"{SCS}/Get", cache_pb._GetRequest(cache_key=key).SerializeToString(), cache=cache)
    assert reply.status == 0, reply.trailers
    return cache_pb._GetResponse.FromString(reply.messages[0])


# --- captured sdk-web vectors (docs/protocol/test-vectors.md, W) ----------------------------------------------

WEB_HEADERS = {
    "content-type": TEXT,
    "accept": TEXT,
    "x-user-agent": "grpc-web-javascript/0.1",
    "x-grpc-web": "1",
    "agent": "js-web:cache:1.118.0",
    "runtime-version": "js-web:unknown-browser:Linux:unknown-device",
}


def _raw(http: httpx.Client, path: str, body: bytes, *, text: bool = True, **headers: str) -> httpx.Response:
    all_headers = {**WEB_HEADERS, **{name.replace("_", "-"): value for name, value in headers.items()}}
    if not text:
        all_headers["content-type"] = all_headers["accept"] = BINARY
        body = base64.b64decode(body)
    return http.post(path, content=body, headers=all_headers)


def _reset_cache_a(http: httpx.Client) -> None:
    call(http, f"{CONTROL}/DeleteCache", control_pb._DeleteCacheRequest(cache_name="cache-a").SerializeToString())


@pytest.mark.parametrize("text", [True, False], ids=["text", "binary"])
def test_captured_web_calls_get_the_captured_answers(http: httpx.Client, text: bool) -> None:
    def expect(response: httpx.Response, body_text: bytes) -> None:
        assert response.status_code == 200
        assert response.headers["content-type"] == (TEXT if text else BINARY)
        expected = body_text + OK_TRAILER_TEXT
        if text:
            assert response.content == expected
        else:
            assert response.content == base64.b64decode(body_text) + base64.b64decode(OK_TRAILER_TEXT)

    _reset_cache_a(http)
    try:
        expect(_raw(http, f"{CONTROL}/CreateCache", b"AAAAAAkKB2NhY2hlLWE=", text=text), b"AAAAAAA=")  # W1
        w2 = _raw(http, f"{SCS}/Set", b"AAAAAAwKAmsxEgJ2MRiw6gE=", text=text, cache="cache-a", grpc_timeout="5000m")
        expect(w2, b"AAAAAAIIAQ==")
        w3 = _raw(http, f"{SCS}/Get", b"AAAAAAQKAmsx", text=text, cache="cache-a", grpc_timeout="5000m")
        expect(w3, base64.b64encode(encode_frame(bytes.fromhex("0802") + b"\x12\x02v1")))
        # The captured Get answer (HIT "hello-from-capture") once that value is stored.
        assert _set(http, "cache-a", b"k1", b"hello-from-capture").status == 0
        w3 = _raw(http, f"{SCS}/Get", b"AAAAAAQKAmsx", text=text, cache="cache-a", grpc_timeout="5000m")
        expect(w3, b"AAAAABYIAhISaGVsbG8tZnJvbS1jYXB0dXJl")
        w4 = _raw(http, f"{SCS}/Increment", b"AAAAAAsKA2N0chABGODUAw==", text=text, cache="cache-a")
        expect(w4, b"AAAAAAIIAQ==")  # _IncrementResponse{value: 1}
        assert _get(http, "cache-a", b"ctr").cache_body == b"1"
    finally:
        _reset_cache_a(http)


def test_plain_grpc_web_content_type_is_binary_and_mirrored(http: httpx.Client) -> None:
    response = http.post(
        "/cache_client.Ping/Ping", content=encode_frame(b""), headers={"content-type": "application/grpc-web"}
    )
    assert response.headers["content-type"] == "application/grpc-web"
    assert response.content == encode_frame(b"") + base64.b64decode(OK_TRAILER_TEXT)


def test_python_sdk_style_headers_are_accepted(http: httpx.Client, cache_name: str) -> None:
    headers = {"authorization": "", "runtime-version": "python 3.11.7 (final 0)", "grpc-timeout": "15S"}
    reply = call(http, f"{SCS}/Get", bytes.fromhex("0a026b31"), cache=cache_name, headers=headers)
    assert reply.status == 0
    assert cache_pb._GetResponse.FromString(reply.messages[0]).result == cache_pb.ECacheResult.Miss


# --- routing and HTTP-level behaviour -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [True, False], ids=["text", "binary"])
def test_unknown_method_is_unimplemented_trailers_only(http: httpx.Client, text: bool) -> None:
    reply = call(http, "/cache_client.Scs/NoSuchMethod", b"", text=text)
    assert reply.http.status_code == 200
    assert reply.trailers_only
    assert reply.status == 12
    assert reply.http.headers["content-type"] == (TEXT if text else BINARY)
    assert reply.http.headers["content-length"] == "0"
    assert reply.http.headers["grpc-message"] == "unknown%20method%20/cache_client.Scs/NoSuchMethod"
    assert reply.http.headers["access-control-expose-headers"] == EXPOSED


@pytest.mark.parametrize("path", ["/", "/favicon.ico", "/cache_client.Scs", "/x/y/z"])
def test_odd_paths_are_unimplemented_never_404(http: httpx.Client, path: str) -> None:
    reply = call(http, path, b"")
    assert reply.status == 12


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_other_http_methods_get_a_grpc_status(http: httpx.Client, method: str) -> None:
    response = http.request(method, "/cache_client.Ping/Ping", headers={"content-type": TEXT})
    assert response.status_code == 200
    assert response.headers["grpc-status"] == "12"
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/grpc", 12),
        ("application/grpc+proto", 12),
        ("application/grpc-web+json", 12),
        ("text/plain", 3),
        ("application/json", 3),
        ("", 3),
    ],
)
def test_content_types_that_are_not_served(http: httpx.Client, content_type: str, status: int) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = http.post("/cache_client.Ping/Ping", content=encode_frame(b""), headers=headers)
    assert response.status_code == 200
    assert response.headers["grpc-status"] == str(status)
    assert response.content == b""
    assert_ping_works(http)


def test_content_type_parameters_are_ignored(http: httpx.Client) -> None:
    response = http.post(
        "/cache_client.Ping/Ping",
        content=encode_frame(b"", text=True),
        headers={"content-type": "application/grpc-web-text; charset=utf-8"},
    )
    assert parse(response).status == 0
    assert response.headers["content-type"] == TEXT


# --- CORS -----------------------------------------------------------------------------------------------------


def test_preflight_allows_everything_a_browser_client_sends(http: httpx.Client) -> None:
    response = http.options(
        "/cache_client.Scs/Set",
        headers={
            "origin": "http://localhost:3000",
            "access-control-request-method": "POST",
            "access-control-request-headers": "agent, runtime-version, cache, X-User-Agent, X-Grpc-Web, grpc-timeout, "
            "x-custom-thing",
            "access-control-request-private-network": "true",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert response.headers["access-control-allow-methods"] == "POST, OPTIONS"
    allowed = {name.strip() for name in response.headers["access-control-allow-headers"].split(",")}
    assert "*" not in allowed
    assert {
        "authorization",
        "agent",
        "runtime-version",
        "cache",
        "grpc-timeout",
        "x-grpc-web",
        "x-user-agent",
    } <= allowed
    assert {"content-type", "read-concern", "request-id", "return-error", "x-custom-thing"} <= allowed
    assert int(response.headers["access-control-max-age"]) > 0
    assert response.headers["access-control-allow-private-network"] == "true"
    assert "origin" in response.headers["vary"].lower()


def test_preflight_without_origin_allows_any_origin(http: httpx.Client) -> None:
    response = http.options("/anything", headers={"access-control-request-method": "POST"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "authorization" in response.headers["access-control-allow-headers"]
    assert "access-control-allow-private-network" not in response.headers


def test_preflight_does_not_echo_header_injection(http: httpx.Client) -> None:
    response = http.options(
        "/x", headers={"access-control-request-headers": "good-one, bad header, also:bad", "origin": "null"}
    )
    allowed = {name.strip() for name in response.headers["access-control-allow-headers"].split(",")}
    assert "good-one" in allowed
    assert not any(" " in name or ":" in name for name in allowed)
    assert response.headers["access-control-allow-origin"] == "*"


def test_every_post_response_carries_cors_headers(http: httpx.Client, cache_name: str) -> None:
    origin = {"origin": "http://127.0.0.1:5173"}
    ok = call(http, "/cache_client.Ping/Ping", b"", headers=origin)
    error = call(http, f"{SCS}/Get", b"", cache="no-such-cache-here", headers=origin)
    assert ok.status == 0
    assert error.trailers_only
    assert error.status == 5
    for reply in (ok, error):
        assert reply.http.headers["access-control-allow-origin"] == "http://127.0.0.1:5173"
        assert reply.http.headers["access-control-expose-headers"] == EXPOSED


# --- garbage never crashes the server -------------------------------------------------------------------------

GET = f"{SCS}/Get"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        pytest.param(os.urandom(64), False, id="random-bytes"),
        pytest.param(b"\x00\x00\x00\x00\x10\x0a\x02", False, id="truncated-frame"),
        pytest.param(b"\x00\x00\x00", False, id="truncated-header"),
        pytest.param(b"", False, id="empty-body"),
        pytest.param(b"", True, id="empty-text-body"),
        pytest.param(b"AAAA!!!!", True, id="bad-base64"),
        pytest.param(b"AAAAAAQKAms", True, id="base64-cut-mid-quantum"),
        pytest.param("AAAAAAQKAmsx\u00e9".encode(), True, id="non-ascii-text"),
        pytest.param(b"\x01\x00\x00\x00\x04\x0a\x02k1", False, id="compressed-flag"),
        pytest.param(b"\x00\x7f\xff\xff\xff\x0a\x02k1", False, id="huge-declared-length"),
        pytest.param(b"\x00\xff\xff\xff\xff", False, id="max-declared-length"),
        pytest.param(b"\x80\x00\x00\x00\x0fgrpc-status:0\r\n", False, id="trailer-frame-as-request"),
        pytest.param(encode_frame(b"\x0a\x01a") * 2, False, id="two-frames"),
        pytest.param(encode_frame(b"\x0a\x05ab"), False, id="protobuf-truncated-field"),
        pytest.param(encode_frame(b"\x0f"), False, id="protobuf-bad-wire-type"),
        pytest.param(encode_frame(b"\x0a"), False, id="protobuf-missing-length"),
        pytest.param(base64.b64encode(encode_frame(b"\x0a\x05ab")), True, id="protobuf-truncated-text"),
    ],
)
def test_malformed_requests_are_invalid_argument(http: httpx.Client, cache_name: str, body: bytes, text: bool) -> None:
    response = http.post(GET, content=body, headers={"content-type": TEXT if text else BINARY, "cache": cache_name})
    assert response.status_code == 200
    assert response.headers["grpc-status"] == "3", response.headers
    assert response.content == b""
    assert_ping_works(http)


def test_invalid_utf8_in_a_string_field_is_invalid_argument(http: httpx.Client) -> None:
    reply = call(http, f"{CONTROL}/CreateCache", b"\x0a\x02\xff\xfe")
    assert reply.status == 3
    assert_ping_works(http)


def test_text_body_with_line_breaks_is_accepted(http: httpx.Client) -> None:
    response = http.post("/cache_client.Ping/Ping", content=b"AAAA\r\nAAA=\n", headers={"content-type": TEXT})
    assert parse(response).status == 0


def test_oversized_request_is_resource_exhausted(http: httpx.Client, cache_name: str) -> None:
    value = b"x" * (8 * 1024 * 1024 + 1)
    request = cache_pb._SetRequest(cache_key=b"big", cache_body=value, ttl_milliseconds=60_000)
    reply = call(http, f"{SCS}/Set", request.SerializeToString(), text=False, cache=cache_name)
    assert reply.trailers_only
    assert reply.status == 8
    assert reply.http.headers["err"] == "request_size_limit_exceeded"
    assert_ping_works(http)
    assert _get(http, cache_name, b"big").result == cache_pb.ECacheResult.Miss


def test_a_large_request_under_the_limit_works(http: httpx.Client, cache_name: str) -> None:
    value = os.urandom(2 * 1024 * 1024)
    for text in (True, False):
        request = cache_pb._SetRequest(cache_key=b"big", cache_body=value, ttl_milliseconds=60_000)
        assert call(http, f"{SCS}/Set", request.SerializeToString(), text=text, cache=cache_name).status == 0
        assert _get(http, cache_name, b"big").cache_body == value


# --- deadlines ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", ["1H", "1M", "15S", "5000m", "4999m", "60100m", "5000000u", "99999999n", "0m"])
def test_grpc_timeout_in_every_unit_is_accepted(http: httpx.Client, timeout: str) -> None:
    assert call(http, "/cache_client.Ping/Ping", b"", headers={"grpc-timeout": timeout}).status == 0


@pytest.mark.parametrize("timeout", ["5000", "m", "123456789m", "5x", "-5m", "1.5S", ""])
def test_malformed_grpc_timeout_is_invalid_argument(http: httpx.Client, timeout: str) -> None:
    reply = call(http, "/cache_client.Ping/Ping", b"", headers={"grpc-timeout": timeout})
    assert reply.trailers_only
    assert reply.status == 3


# --- control plane --------------------------------------------------------------------------------------------


def _control(http: httpx.Client, method: str, name: str) -> Reply:
    request = getattr(control_pb, f"_{method}Request")(cache_name=name)
    return call(http, f"{CONTROL}/{method}", request.SerializeToString())


def test_cache_lifecycle(http: httpx.Client) -> None:
    name = f"life-{uuid.uuid4().hex[:8]}"
    created = _control(http, "CreateCache", name)
    assert created.status == 0
    assert created.messages == [b""]
    assert _control(http, "CreateCache", name).status == 6
    listed = call(http, f"{CONTROL}/ListCaches", b"")
    caches = {c.cache_name: c for c in control_pb._ListCachesResponse.FromString(listed.messages[0]).cache}
    assert name in caches
    assert caches[name].cache_limits.max_item_size_kb > 0
    assert caches[name].cache_limits.max_ttl_seconds > 0
    assert caches[name].topic_limits.max_subscription_count > 0
    assert _control(http, "DeleteCache", name).status == 0
    assert _control(http, "DeleteCache", name).status == 5
    assert _control(http, "FlushCache", name).status == 5


@pytest.mark.parametrize("name", ["", " ", "\t\n"])
def test_blank_cache_names_are_invalid(http: httpx.Client, name: str) -> None:
    assert _control(http, "CreateCache", name).status == 3


def test_flush_cache_empties_it(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"k", b"v").status == 0
    assert _control(http, "FlushCache", cache_name).status == 0
    assert _get(http, cache_name, b"k").result == cache_pb.ECacheResult.Miss


# --- data plane -----------------------------------------------------------------------------------------------


def test_missing_or_blank_cache_header_is_invalid_argument(http: httpx.Client) -> None:
    payload = cache_pb._GetRequest(cache_key=b"k").SerializeToString()
    assert call(http, GET, payload).status == 3
    assert call(http, GET, payload, cache="").status == 3


def test_unknown_cache_is_not_found_without_store_err(http: httpx.Client) -> None:
    reply = call(http, GET, cache_pb._GetRequest(cache_key=b"k").SerializeToString(), cache="never-created")
    assert reply.trailers_only
    assert reply.status == 5
    assert reply.http.headers.get("err") in (None, "momento_general_err")
    assert "%20" in reply.http.headers["grpc-message"] or " " not in reply.http.headers["grpc-message"]


def test_set_get_delete(http: httpx.Client, cache_name: str) -> None:
    value = bytes(range(256))
    assert _set(http, cache_name, b"\x00key", value).status == 0
    response = _get(http, cache_name, b"\x00key")
    assert response.result == cache_pb.ECacheResult.Hit
    assert response.cache_body == value
    deleted = call(
        http, f"{SCS}/Delete", cache_pb._DeleteRequest(cache_key=b"\x00key").SerializeToString(), cache=cache_name
    )
    assert deleted.status == 0
    assert deleted.messages == [b""]  # an empty message is still a DATA frame
    assert _get(http, cache_name, b"\x00key").result == cache_pb.ECacheResult.Miss


def test_empty_value_is_a_hit(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"k", b"").status == 0
    assert _get(http, cache_name, b"k").result == cache_pb.ECacheResult.Hit


def test_ttl_zero_is_invalid_argument(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"k", b"v", ttl_ms=0).status == 3
    increment = cache_pb._IncrementRequest(cache_key=b"n", amount=1, ttl_milliseconds=0)
    assert call(http, f"{SCS}/Increment", increment.SerializeToString(), cache=cache_name).status == 3


def test_items_expire(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"short", b"v", ttl_ms=300).status == 0
    assert _get(http, cache_name, b"short").result == cache_pb.ECacheResult.Hit
    time.sleep(0.5)
    assert _get(http, cache_name, b"short").result == cache_pb.ECacheResult.Miss


def test_item_get_ttl(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"k", b"v", ttl_ms=60_000).status == 0
    request = cache_pb._ItemGetTtlRequest(cache_key=b"k").SerializeToString()
    found = cache_pb._ItemGetTtlResponse.FromString(
        call(http, f"{SCS}/ItemGetTtl", request, cache=cache_name).messages[0]
    )
    assert found.WhichOneof("result") == "found"
    assert 55_000 < found.found.remaining_ttl_millis <= 60_000
    request = cache_pb._ItemGetTtlRequest(cache_key=b"nope").SerializeToString()
    missing = cache_pb._ItemGetTtlResponse.FromString(
        call(http, f"{SCS}/ItemGetTtl", request, cache=cache_name).messages[0]
    )
    assert missing.WhichOneof("result") == "missing"


def _increment(http: httpx.Client, cache: str, key: bytes, amount: int) -> Reply:
    request = cache_pb._IncrementRequest(cache_key=key, amount=amount, ttl_milliseconds=60_000)
    return call(http, f"{SCS}/Increment", request.SerializeToString(), cache=cache)


def test_increment(http: httpx.Client, cache_name: str) -> None:
    reply = _increment(http, cache_name, b"n", 5)
    assert cache_pb._IncrementResponse.FromString(reply.messages[0]).value == 5
    reply = _increment(http, cache_name, b"n", -8)
    assert cache_pb._IncrementResponse.FromString(reply.messages[0]).value == -3
    assert _get(http, cache_name, b"n").cache_body == b"-3"


def test_increment_of_non_integer_is_failed_precondition(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"s", b"not a number").status == 0
    reply = _increment(http, cache_name, b"s", 1)
    assert reply.trailers_only
    assert reply.status == 9


def test_increment_overflow_is_failed_precondition(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"max", str(2**63 - 1).encode()).status == 0
    assert _increment(http, cache_name, b"max", 1).status == 9


def test_set_if_not_exists(http: httpx.Client, cache_name: str) -> None:
    def attempt(value: bytes) -> str:
        request = cache_pb._SetIfNotExistsRequest(cache_key=b"k", cache_body=value, ttl_milliseconds=60_000)
        reply = call(http, f"{SCS}/SetIfNotExists", request.SerializeToString(), cache=cache_name)
        return str(cache_pb._SetIfNotExistsResponse.FromString(reply.messages[0]).WhichOneof("result"))

    assert attempt(b"first") == "stored"
    assert attempt(b"second") == "not_stored"
    assert _get(http, cache_name, b"k").cache_body == b"first"


# SetIf's condition oneof: member name → message (common.proto).
SET_IF_CONDITIONS: dict[str, Callable[..., protobuf.Message]] = {
    "present": common.Present,
    "absent": common.Absent,
    "equal": common.Equal,
    "not_equal": common.NotEqual,
    "present_and_not_equal": common.PresentAndNotEqual,
    "absent_or_equal": common.AbsentOrEqual,
}


@pytest.mark.parametrize(
    ("condition", "stored_if_absent", "stored_if_same", "stored_if_other"),
    [
        ("present", False, True, True),
        ("absent", True, False, False),
        ("equal", False, True, False),
        ("not_equal", True, False, True),
        ("present_and_not_equal", False, False, True),
        ("absent_or_equal", True, True, False),
    ],
)
def test_set_if(
    http: httpx.Client,
    cache_name: str,
    condition: str,
    stored_if_absent: bool,
    stored_if_same: bool,
    stored_if_other: bool,
) -> None:
    def attempt(key: bytes) -> bool:
        chosen = SET_IF_CONDITIONS[condition]
        check: dict[str, Any] = {
            condition: chosen() if condition in ("present", "absent") else chosen(value_to_check=b"same")
        }
        request = cache_pb._SetIfRequest(cache_key=key, cache_body=b"new", ttl_milliseconds=60_000, **check)
        reply = call(http, f"{SCS}/SetIf", request.SerializeToString(), cache=cache_name)
        assert reply.status == 0, reply.trailers
        return bool(cache_pb._SetIfResponse.FromString(reply.messages[0]).WhichOneof("result") == "stored")

    assert _set(http, cache_name, b"same", b"same").status == 0
    assert _set(http, cache_name, b"other", b"other").status == 0
    assert attempt(b"absent") is stored_if_absent
    assert attempt(b"same") is stored_if_same
    assert attempt(b"other") is stored_if_other
    assert _get(http, cache_name, b"same").cache_body == (b"new" if stored_if_same else b"same")


def test_set_if_without_condition_is_invalid_argument(http: httpx.Client, cache_name: str) -> None:
    request = cache_pb._SetIfRequest(cache_key=b"k", cache_body=b"v", ttl_milliseconds=60_000)
    assert call(http, f"{SCS}/SetIf", request.SerializeToString(), cache=cache_name).status == 3


def test_keys_exist(http: httpx.Client, cache_name: str) -> None:
    assert _set(http, cache_name, b"a", b"1").status == 0
    request = cache_pb._KeysExistRequest(cache_keys=[b"a", b"b", b"a"]).SerializeToString()
    reply = call(http, f"{SCS}/KeysExist", request, cache=cache_name)
    assert list(cache_pb._KeysExistResponse.FromString(reply.messages[0]).exists) == [True, False, True]


@pytest.mark.parametrize("text", [True, False], ids=["text", "binary"])
def test_get_batch_streams_one_frame_per_key(http: httpx.Client, cache_name: str, text: bool) -> None:
    assert _set(http, cache_name, b"a", b"A").status == 0
    assert _set(http, cache_name, b"c", b"C").status == 0
    request = cache_pb._GetBatchRequest(items=[cache_pb._GetRequest(cache_key=k) for k in (b"a", b"b", b"c")])
    reply = call(http, f"{SCS}/GetBatch", request.SerializeToString(), text=text, cache=cache_name)
    assert reply.status == 0
    responses = [cache_pb._GetResponse.FromString(m) for m in reply.messages]
    assert [(r.result, r.cache_body) for r in responses] == [
        (cache_pb.ECacheResult.Hit, b"A"),
        (cache_pb.ECacheResult.Miss, b""),
        (cache_pb.ECacheResult.Hit, b"C"),
    ]
    if text:  # every frame base64-encoded on its own, so padding may appear mid-body
        assert reply.http.content.count(b"=") >= 2


def test_set_batch(http: httpx.Client, cache_name: str) -> None:
    items = [cache_pb._SetRequest(cache_key=k, cache_body=k * 2, ttl_milliseconds=60_000) for k in (b"x", b"y")]
    reply = call(http, f"{SCS}/SetBatch", cache_pb._SetBatchRequest(items=items).SerializeToString(), cache=cache_name)
    assert reply.status == 0
    assert len(reply.messages) == 2
    assert _get(http, cache_name, b"y").cache_body == b"yy"


def test_any_authorization_is_accepted_in_open_mode(http: httpx.Client, cache_name: str) -> None:
    headers = {"authorization": "eyJhbGciOiJIUzI1NiJ9.garbage.signature"}
    payload = cache_pb._GetRequest(cache_key=b"k").SerializeToString()
    assert call(http, GET, payload, cache=cache_name, headers=headers).status == 0


def test_keep_alive_connection_survives_errors(http: httpx.Client) -> None:
    for _ in range(5):
        assert call(http, "/nope/Nope", b"").status == 12
        assert http.post(GET, content=b"\x01garbage", headers={"content-type": BINARY}).headers["grpc-status"] == "3"
        assert_ping_works(http)


# --- in-process: handler failures (not reachable from outside) ------------------------------------------------


async def _boom(request: object, ctx: CallContext) -> object:
    raise RuntimeError("bug in a handler")


async def _half_stream(request: object, ctx: CallContext) -> AsyncIterator[cache_pb._GetResponse]:
    yield cache_pb._GetResponse(result=cache_pb.ECacheResult.Miss)
    raise RuntimeError("bug after the first message")


@pytest.fixture
async def asgi_client() -> AsyncIterator[httpx.AsyncClient]:
    rpcs = [
        unary("/test.T/Boom", cache_pb._GetRequest, _boom),  # type: ignore[arg-type]
        server_streaming("/test.T/Half", cache_pb._GetRequest, _half_stream),
    ]
    app = EmulatorApp(Dispatcher(rpcs, OpenAuthenticator()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://emulator") as client:
        yield client


async def test_handler_exception_is_internal(asgi_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    for _ in range(2):  # and the app keeps serving
        response = await asgi_client.post(
            "/test.T/Boom", content=encode_frame(b"", text=True), headers={"content-type": TEXT}
        )
        reply = parse(response)
        assert reply.trailers_only
        assert reply.status == 13
        assert "bug in a handler" not in response.headers["grpc-message"]
    assert "bug in a handler" in caplog.text


async def test_error_after_data_goes_in_the_trailer_frame(asgi_client: httpx.AsyncClient) -> None:
    response = await asgi_client.post(
        "/test.T/Half", content=encode_frame(b"", text=True), headers={"content-type": TEXT}
    )
    reply = parse(response)
    assert "grpc-status" not in response.headers
    assert len(reply.messages) == 1
    assert reply.trailers["grpc-status"] == "13"


# --- the process itself ---------------------------------------------------------------------------------------

LISTENING = re.compile(
    r"INFO .*momento-web emulator listening on (http://127\.0\.0\.1:(\d+)) "
    r"\(gRPC-web text\+binary, native gRPC over h2c, auth: open\)"
)


@dataclass
class _Proc:
    process: subprocess.Popen[str]
    url: str
    lines: list[str]

    def output(self) -> str:
        return "".join(self.lines)


@contextmanager
def _emulator_proc(*args: str) -> Iterator[_Proc]:
    """A private emulator on a free port (``--port 0``), found from its startup log line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "momento_web_emulator", "--port", "0", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    started = threading.Event()
    assert process.stdout is not None
    stdout = process.stdout

    def drain() -> None:  # keep reading so the child never blocks on a full pipe
        for line in stdout:
            lines.append(line)
            if LISTENING.search(line):
                started.set()
        started.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert started.wait(20), "emulator did not start"
        match = next((m for m in map(LISTENING.search, lines) if m), None)
        assert match is not None, "".join(lines)
        yield _Proc(process, match.group(1), lines)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_startup_line_and_clean_shutdown(signum: signal.Signals) -> None:
    with _emulator_proc() as proc:
        with httpx.Client(base_url=proc.url) as client:
            assert_ping_works(client)
        proc.process.send_signal(signum)
        assert proc.process.wait(10) == 0
        time.sleep(0.1)  # let the reader thread collect the last lines
        info_lines = [line for line in proc.lines if " INFO " in line]
        assert len(info_lines) == 1, proc.output()
        assert "Traceback" not in proc.output()


def test_max_request_bytes_flag_and_no_token_in_debug_log() -> None:
    secret = "sk-very-secret-token-value"
    with _emulator_proc("--max-request-bytes", "1024", "--log-level", "debug") as proc:
        with httpx.Client(base_url=proc.url) as client:
            headers = {"authorization": secret}
            create = control_pb._CreateCacheRequest(cache_name="c").SerializeToString()
            assert call(client, f"{CONTROL}/CreateCache", create, headers=headers).status == 0
            small = cache_pb._SetRequest(cache_key=b"k", cache_body=b"v" * 1000, ttl_milliseconds=1000)
            assert call(client, f"{SCS}/Set", small.SerializeToString(), cache="c", headers=headers).status == 0
            big = cache_pb._SetRequest(cache_key=b"k", cache_body=b"v" * 1100, ttl_milliseconds=1000)
            reply = call(client, f"{SCS}/Set", big.SerializeToString(), text=False, cache="c", headers=headers)
            assert reply.status == 8
            assert reply.http.headers["err"] == "request_size_limit_exceeded"
            assert call(client, f"{SCS}/Set", big.SerializeToString(), cache="c").status == 8  # text mode too
        proc.process.terminate()
        assert proc.process.wait(10) == 0
        time.sleep(0.1)
        assert "/cache_client.Scs/Set" in proc.output()  # debug logging is on …
        assert secret not in proc.output()  # … and still never shows the token


def test_port_in_use_fails_with_a_message() -> None:
    with _emulator_proc() as first:
        port = first.url.rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "momento_web_emulator", "--port", port],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert result.returncode == 1
        assert "cannot serve" in result.stderr


def test_non_ascii_cache_name_in_the_cache_header(http: httpx.Client) -> None:
    name = f"café-{uuid.uuid4().hex[:6]}"
    assert _control(http, "CreateCache", name).status == 0
    try:
        payload = encode_frame(cache_pb._GetRequest(cache_key=b"k").SerializeToString(), text=True)
        headers = [(b"content-type", TEXT.encode()), (b"cache", name.encode("utf-8"))]
        assert parse(http.post(GET, content=payload, headers=headers)).status == 0
    finally:
        _control(http, "DeleteCache", name)

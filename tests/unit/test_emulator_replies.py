"""How the emulator writes replies, seen at the ASGI boundary: a unary reply is one body write (message and
trailers together), so a client reads it in one chunk; a stream flushes every message as it comes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from momento_web_emulator.server import create_app

from momento_web._messages import cacheclient, controlclient
from momento_web.wire.grpc_web import CONTENT_TYPE_BINARY, CONTENT_TYPE_TEXT, ResponseDecoder, Trailers, encode_frame
from momento_web.wire.grpc_web import Message as Frame
from momento_web.wire.protobuf import Message
from momento_web.wire.status import StatusCode

Event = dict[str, Any]


async def _call(
    app: Any, path: str, request: Message, *, text: bool, cache: str = "", native: str | None = None
) -> list[Event]:
    """``native``: send ``application/grpc`` over this HTTP version ("2" offers trailers, as hypercorn does)."""
    body = encode_frame(request.SerializeToString(), text=text)
    sent: list[Event] = []
    delivered = False

    async def receive() -> Event:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client stays connected
        raise AssertionError("unreachable")

    async def send(event: Event) -> None:
        sent.append(event)

    content_type = CONTENT_TYPE_TEXT if text else CONTENT_TYPE_BINARY
    headers = [(b"content-type", content_type.encode()), (b"cache", cache.encode())]
    scope: dict[str, Any] = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b""}
    if native is not None:
        headers[0] = (b"content-type", b"application/grpc")
        headers.append((b"te", b"trailers"))
        extensions: dict[str, object] = {"http.response.trailers": {}} if native == "2" else {}
        scope |= {"http_version": native, "extensions": extensions}
    await app(scope, receive, send)
    return sent


def _bodies(events: list[Event]) -> list[bytes]:
    assert events[0]["type"] == "http.response.start"
    assert all(event["type"] == "http.response.body" for event in events[1:])
    return [event["body"] for event in events[1:] if event["body"]]


def _decode(body: bytes, *, text: bool) -> list[Frame | Trailers]:
    return ResponseDecoder(text=text).feed(body)


@pytest.mark.parametrize("text", [False, True])
async def test_unary_reply_is_one_write_holding_the_message_and_ok_trailers(text: bool) -> None:
    app = create_app()
    request = controlclient._CreateCacheRequest(cache_name="replies")
    bodies = _bodies(await _call(app, "/control_client.ScsControl/CreateCache", request, text=text))
    assert len(bodies) == 1
    events = _decode(bodies[0], text=text)
    assert [type(event) for event in events] == [Frame, Trailers]
    trailers = events[1]
    assert isinstance(trailers, Trailers)
    assert trailers.metadata["grpc-status"] == "0"


@pytest.mark.parametrize("text", [False, True])
async def test_stream_flushes_each_message_then_the_trailers(text: bool) -> None:
    app = create_app()
    await _call(
        app, "/control_client.ScsControl/CreateCache", controlclient._CreateCacheRequest(cache_name="c"), text=text
    )
    batch = cacheclient._GetBatchRequest(items=[cacheclient._GetRequest(cache_key=key) for key in (b"a", b"b", b"c")])
    bodies = _bodies(await _call(app, "/cache_client.Scs/GetBatch", batch, text=text, cache="c"))
    assert [[type(event) for event in _decode(body, text=text)] for body in bodies] == [
        [Frame],
        [Frame],
        [Frame],
        [Trailers],
    ]


async def test_native_grpc_over_http2_carries_the_status_in_http_trailers() -> None:
    app = create_app()
    request = controlclient._CreateCacheRequest(cache_name="native")
    start, body, trailers = await _call(app, "/control_client.ScsControl/CreateCache", request, text=False, native="2")
    assert start["type"] == "http.response.start"
    assert start["trailers"] is True
    assert (b"content-type", b"application/grpc") in start["headers"]
    assert body == {"type": "http.response.body", "body": encode_frame(b""), "more_body": False}
    assert trailers["type"] == "http.response.trailers"
    assert (b"grpc-status", b"0") in trailers["headers"]


async def test_native_grpc_errors_come_as_headers_then_trailers() -> None:
    app = create_app()
    request = controlclient._DeleteCacheRequest(cache_name="missing")
    start, body, trailers = await _call(app, "/control_client.ScsControl/DeleteCache", request, text=False, native="2")
    assert start["trailers"] is True
    assert body["body"] == b""
    assert (b"grpc-status", str(int(StatusCode.NOT_FOUND)).encode()) in trailers["headers"]
    assert not any(name == b"grpc-status" for name, _ in start["headers"])


async def test_native_grpc_over_http1_is_refused_as_unimplemented() -> None:
    app = create_app()
    request = controlclient._CreateCacheRequest(cache_name="http1")
    start, body = await _call(app, "/control_client.ScsControl/CreateCache", request, text=False, native="1.1")
    assert (b"grpc-status", str(int(StatusCode.UNIMPLEMENTED)).encode()) in start["headers"]
    assert body["body"] == b""

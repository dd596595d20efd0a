"""The gRPC-web channel over a scripted in-process transport: every way a response can be right or wrong."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

import pytest

from momento_web._messages import cacheclient as pb
from momento_web.internal.channel import GrpcWebChannel
from momento_web.transport import HttpRequest, HttpResponse, TransportError
from momento_web.wire.grpc_web import encode_frame, encode_trailers
from momento_web.wire.status import GrpcError, StatusCode

OK = encode_trailers({"grpc-status": "0", "grpc-message": ""})
HIT = pb._GetResponse(result=pb.Hit, cache_body=b"bar").SerializeToString()
TEXT = "application/grpc-web-text"
BINARY = "application/grpc-web+proto"


@dataclass
class ScriptedResponse:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=lambda: {"content-type": BINARY})
    chunks: list[bytes] = field(default_factory=list)
    stall: bool = False
    closed: bool = False

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.stall:
            await asyncio.sleep(3600)

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class ScriptedTransport:
    responses: list[ScriptedResponse | Exception]
    requests: list[HttpRequest] = field(default_factory=list)

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        response = self.responses.pop(0)
        if isinstance(response, Exception):
            raise response
        return response

    async def aclose(self) -> None:
        pass


def channel(*responses: ScriptedResponse | Exception, text: bool = False, **kwargs: object) -> GrpcWebChannel:
    return GrpcWebChannel("http://emulator:8080/", ScriptedTransport(list(responses)), text=text, **kwargs)  # type: ignore[arg-type]


async def drain(stream: AsyncIterator[pb._GetResponse], results: list[int]) -> None:
    async for reply in stream:
        results.append(reply.result)


async def get(ch: GrpcWebChannel) -> pb._GetResponse:
    return await ch.unary("/cache_client.Scs/Get", pb._GetRequest(cache_key=b"foo"), pb._GetResponse, cache="c")


async def test_binary_unary_success() -> None:
    reply = await get(channel(ScriptedResponse(chunks=[encode_frame(HIT) + OK])))
    assert reply.result == pb.Hit
    assert reply.cache_body == b"bar"


async def test_text_unary_with_padding_mid_stream_and_odd_chunking() -> None:
    body = encode_frame(HIT, text=True) + encode_trailers({"grpc-status": "0"}, text=True)
    chunks = [body[i : i + 3] for i in range(0, len(body), 3)]
    reply = await get(channel(ScriptedResponse(headers={"content-type": TEXT}, chunks=chunks), text=True))
    assert reply.cache_body == b"bar"


async def test_request_headers_url_and_body() -> None:
    ch = channel(
        ScriptedResponse(chunks=[encode_frame(HIT) + OK]),
        ScriptedResponse(chunks=[encode_frame(HIT) + OK]),
        text=True,
        timeout=5.0,
        metadata={"authorization": "tok"},
        first_call_metadata={"agent": "python-web:cache:0.1.0"},
    )
    await get(ch)
    await get(ch)
    first, second = ch._transport.requests  # type: ignore[attr-defined]
    assert first.url == "http://emulator:8080/cache_client.Scs/Get"
    assert first.body == b"AAAAAAUKA2Zvbw=="
    assert first.headers["content-type"] == TEXT
    assert first.headers["accept"] == TEXT
    assert first.headers["x-grpc-web"] == "1"
    assert first.headers["grpc-timeout"] == "5000m"
    assert first.headers["cache"] == "c"
    assert first.headers["authorization"] == "tok"
    assert first.headers["agent"] == "python-web:cache:0.1.0"
    assert "agent" not in second.headers  # first call only
    assert second.headers["cache"] == "c"


async def test_trailers_only_error_carries_status_message_and_metadata() -> None:
    headers = {
        "content-type": TEXT,
        "grpc-status": "8",
        "grpc-message": "too%20many",
        "err": "request_size_limit_exceeded",
    }
    with pytest.raises(GrpcError) as caught:
        await get(channel(ScriptedResponse(headers=headers)))
    assert caught.value.code is StatusCode.RESOURCE_EXHAUSTED
    assert caught.value.details == "too many"
    assert caught.value.metadata["err"] == "request_size_limit_exceeded"


async def test_error_in_trailer_frame() -> None:
    trailer = encode_trailers({"grpc-status": "5", "grpc-message": "Cache%20not%20found"})
    with pytest.raises(GrpcError) as caught:
        await get(channel(ScriptedResponse(chunks=[trailer])))
    assert caught.value.code is StatusCode.NOT_FOUND
    assert caught.value.details == "Cache not found"


@pytest.mark.parametrize(
    ("response", "code"),
    [
        (ScriptedResponse(status=503), StatusCode.UNAVAILABLE),
        (ScriptedResponse(status=404), StatusCode.UNIMPLEMENTED),
        (ScriptedResponse(status=418), StatusCode.UNKNOWN),
        (ScriptedResponse(headers={"content-type": "text/html"}, chunks=[b"<html>"]), StatusCode.UNKNOWN),
        (ScriptedResponse(chunks=[b"\x01\x00\x00\x00\x00"]), StatusCode.INTERNAL),  # compressed flag
        (ScriptedResponse(chunks=[encode_frame(HIT)[:-2]]), StatusCode.INTERNAL),  # truncated frame
        (ScriptedResponse(chunks=[encode_frame(HIT)]), StatusCode.UNAVAILABLE),  # no trailers
        (ScriptedResponse(chunks=[OK]), StatusCode.UNKNOWN),  # OK without a message
        (ScriptedResponse(chunks=[encode_frame(HIT) * 2 + OK]), StatusCode.UNKNOWN),  # two messages
        (ScriptedResponse(chunks=[encode_frame(b"\xff\xff") + OK]), StatusCode.INTERNAL),  # not protobuf
        (ScriptedResponse(chunks=[encode_frame(b"\x08\xff") + OK]), StatusCode.INTERNAL),  # truncated varint
        (ScriptedResponse(chunks=[encode_frame(b"\x12\x05ab") + OK]), StatusCode.INTERNAL),  # length past the end
        (ScriptedResponse(chunks=[encode_frame(b"\x1a\x01\xff") + OK]), StatusCode.INTERNAL),  # invalid UTF-8
        (ScriptedResponse(chunks=[encode_frame(b"\x0f") + OK]), StatusCode.INTERNAL),  # wire type 7
        (ScriptedResponse(headers={"content-type": TEXT}, chunks=[b"!!!!"]), StatusCode.INTERNAL),  # bad base64
        (TransportError("connection refused"), StatusCode.UNAVAILABLE),
    ],
)
async def test_every_failure_becomes_a_grpc_error(response: ScriptedResponse | Exception, code: StatusCode) -> None:
    with pytest.raises(GrpcError) as caught:
        await get(channel(response))
    assert caught.value.code is code


async def test_deadline_aborts_the_request() -> None:
    stalled = ScriptedResponse(chunks=[encode_frame(HIT)], stall=True)
    with pytest.raises(GrpcError) as caught:
        await get(channel(stalled, timeout=0.05))
    assert caught.value.code is StatusCode.DEADLINE_EXCEEDED
    assert stalled.closed  # the transport was told to abort


async def test_server_stream_yields_messages_as_they_arrive() -> None:
    frames = [encode_frame(HIT), encode_frame(pb._GetResponse(result=pb.Miss).SerializeToString()), OK]
    ch = channel(ScriptedResponse(chunks=frames))
    stream = ch.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse, cache="c")
    results = [reply.result async for reply in stream]
    assert results == [pb.Hit, pb.Miss]


async def test_server_stream_yields_the_messages_before_an_error_in_the_same_chunk() -> None:
    error = encode_trailers({"grpc-status": "13", "grpc-message": "boom"})
    ch = channel(ScriptedResponse(chunks=[encode_frame(HIT) * 2 + error]))
    received: list[int] = []
    with pytest.raises(GrpcError) as caught:
        await drain(ch.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse), received)
    assert received == [pb.Hit, pb.Hit]
    assert caught.value.code is StatusCode.INTERNAL
    assert caught.value.details == "boom"


async def test_server_stream_trailers_only_ok_is_an_empty_stream() -> None:
    response = ScriptedResponse(headers={"content-type": BINARY, "grpc-status": "0"}, chunks=[b"never read"])
    stream = channel(response).server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse)
    assert [reply async for reply in stream] == []
    assert response.closed


async def test_server_stream_deadline_covers_the_whole_stream() -> None:
    stalled = ScriptedResponse(chunks=[encode_frame(HIT)], stall=True)
    ch = channel(stalled, timeout=0.1)
    received: list[int] = []
    with pytest.raises(GrpcError) as caught:
        await drain(ch.server_stream("/cache_client.Scs/GetBatch", pb._GetBatchRequest(), pb._GetResponse), received)
    assert received == [pb.Hit]  # the first message arrived in time; the stall then hit the deadline
    assert caught.value.code is StatusCode.DEADLINE_EXCEEDED
    assert stalled.closed


async def test_server_stream_without_timeout_waits_and_closing_aborts() -> None:
    stalled = ScriptedResponse(chunks=[encode_frame(HIT)], stall=True)
    stream = channel(stalled).server_stream("/cache_client.pubsub.Pubsub/Subscribe", pb._GetRequest(), pb._GetResponse)
    assert (await anext(stream)).result == pb.Hit
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):  # no channel deadline: the stream just waits
            await anext(stream)
    await stream.aclose()
    assert stalled.closed

"""The SDK wheel loads in Pyodide (headless Chromium) by name, alone: no google.protobuf, no host-only packages."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

pytestmark = pytest.mark.browser


@run_in_pyodide
async def test_sdk_works_in_pyodide_without_google_protobuf(selenium_sdk: Any) -> None:
    import importlib.util
    import sys
    from datetime import timedelta

    import momento_web
    from momento_web import CacheClientAsync, Configurations, CredentialProvider, TopicClientAsync
    from momento_web._messages import cacheclient as pb
    from momento_web.config.auth_configurations import AuthConfigurations
    from momento_web.config.topic_configurations import TopicConfigurations
    from momento_web.responses import CacheGet, CacheSet, TopicPublish
    from momento_web.wire.grpc_web import encode_frame, encode_trailers, status_metadata
    from momento_web.wire.status import StatusCode

    class Reply:  # one binary gRPC-web reply: a message frame and an OK trailer
        status = 200

        def __init__(self, message: bytes) -> None:
            self.headers = {"content-type": "application/grpc-web+proto"}
            self.body = encode_frame(message, text=False) + encode_trailers(status_metadata(StatusCode.OK), text=False)

        async def aiter_bytes(self) -> Any:
            yield self.body

        async def aclose(self) -> None:
            pass

    class Canned:  # answers every request with the next canned message
        def __init__(self, *messages: bytes) -> None:
            self.messages = list(messages)

        async def handle_async_request(self, request: Any) -> Reply:
            return Reply(self.messages.pop(0))

        async def aclose(self) -> None:
            pass

    assert sys.platform == "emscripten"
    credentials = CredentialProvider.for_momento_local("127.0.0.1", 9)
    hit = pb._GetResponse(result=pb.Hit, cache_body=b"value").SerializeToString()
    transport = Canned(hit, pb._SetResponse(result=pb.Ok).SerializeToString())
    config = Configurations.Browser.latest().with_transport_factory(lambda: transport)
    async with CacheClientAsync(config, credentials, timedelta(seconds=60)) as client:
        got = await client.get("cache", "key")
        stored = await client.set("cache", "key", "value")
    assert isinstance(got, CacheGet.Hit), got
    assert got.value_string == "value"
    assert isinstance(stored, CacheSet.Success), stored
    topics_config = TopicConfigurations.Browser.latest().with_transport_factory(lambda: Canned(b""))
    async with TopicClientAsync(topics_config, credentials) as topics:
        assert isinstance(await topics.publish("cache", "topic", "hi"), TopicPublish.Success)
    momento_web.AuthClientAsync(AuthConfigurations.Laptop.latest(), credentials)

    # google.protobuf is neither imported nor installed: the SDK has its own codec (momento_web.wire.protobuf).
    assert not [name for name in sys.modules if name.startswith("google")]
    assert importlib.util.find_spec("google") is None
    # Host-only dependencies stay out of the browser: httpx (marker sys_platform != "emscripten") and PyJWT
    # (the emulator's extra; the SDK reads a JWT's claims with base64 + json).
    assert importlib.util.find_spec("httpx") is None
    assert importlib.util.find_spec("jwt") is None
    legacy_jwt = "eyJhbGciOiJIUzI1NiJ9.eyJjIjoiY2FjaGUuZXhhbXBsZSIsImNwIjoiY29udHJvbC5leGFtcGxlIn0.c2ln"
    provider = CredentialProvider.from_disposable_token(legacy_jwt)
    assert (provider.cache_endpoint, provider.control_endpoint) == ("cache.example", "control.example")


@run_in_pyodide
def test_sdk_imports_from_bytecode_shipped_in_its_wheel(selenium_sdk: Any) -> None:
    import importlib.util
    import sys

    import momento_web
    import momento_web._messages.cacheclient
    import momento_web.cache_client_async
    import momento_web.wire.protobuf
    from momento_web._precompiled import PrecompiledFinder

    assert sys.dont_write_bytecode  # Pyodide writes none, so bytecode found here came in the wheel
    # The package's __init__ from its own .pyc: hash-based and unchecked (PEP 552), used whatever the source's
    # mtime after unpacking.
    assert momento_web.__spec__ is not None
    cached = momento_web.__spec__.cached
    assert cached is not None
    with open(cached, "rb") as pyc:
        header = pyc.read(8)
    assert header[:4] == importlib.util.MAGIC_NUMBER
    assert int.from_bytes(header[4:8], "little") == 0b01
    # The rest from the package's one file of bytecode.
    for module in (momento_web.cache_client_async, momento_web.wire.protobuf, momento_web._messages.cacheclient):
        assert module.__spec__ is not None, module.__name__
        assert isinstance(module.__spec__.loader, PrecompiledFinder), module.__name__


@run_in_pyodide
def test_the_page_loads_the_sdk_alone(selenium_sdk: Any) -> None:
    import importlib.metadata
    import importlib.util
    import os
    import sys

    import momento_web.cache_client_async

    assert momento_web.cache_client_async.CacheClientAsync.__name__ == "CacheClientAsync"
    # The servers are distributions of their own, and google.protobuf is only the tests' oracle.
    server_side = ("momento_web_emulator", "momento_web_vending", "momento_web_serving", "momento_web._generated")
    assert [name for name in server_side if importlib.util.find_spec(name) is not None] == []
    assert not [name for name in sys.modules if name.startswith(("google", "httpx"))]
    # The installed RECORD matches what was unpacked: every listed file there, all of them the SDK's.
    files = importlib.metadata.files("momento-web")
    assert files, "momento-web has no RECORD"
    assert {str(f).split("/")[0] for f in files} == {"momento_web", "momento_web-0.1.0.dist-info"}
    assert all(os.path.exists(f.locate()) for f in files)

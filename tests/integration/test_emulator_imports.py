"""The emulator, started and serving real calls, imports neither ``google.protobuf`` nor ``momento_web.internal``.

Its messages are the SDK's own (``momento_web._messages`` over ``momento_web.wire.protobuf``), and of the SDK it
uses only ``wire`` and ``_messages``; the SDK's package root loads nothing until asked (PEP 562), so no client and
none of their internals come along. A static check could miss an import made lazily, on one code path; so the
emulator runs as ``python -c`` behind a meta-path hook, installed first, that refuses both packages (ImportError,
and a log line) whoever asks. At exit the process reports the refused attempts and any such module loaded anyway.
The test makes calls over loopback that cover the protobuf paths: a control call, set/get, publish/subscribe, a
token mint (``--auth``) and a malformed request.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from datetime import timedelta

import httpx

from momento_web import (
    AuthClientAsync,
    CacheClientAsync,
    Configurations,
    CredentialProvider,
    TopicClientAsync,
    TopicConfigurations,
)
from momento_web.auth.access_control import DisposableTokenScopes
from momento_web.config.auth_configurations import AuthConfigurations
from momento_web.responses import (
    CacheGet,
    CacheSet,
    CreateCache,
    GenerateDisposableToken,
    ListCaches,
    TopicPublish,
    TopicSubscribe,
    TopicSubscriptionItem,
)
from momento_web.utilities import ExpiresIn
from momento_web.wire.grpc_web import encode_frame
from scripts.localhost import HOST, free_port
from tests.conftest import AUTH_SECRET, START_TIMEOUT_S, LocalServer, run_server

# Runs the emulator's __main__ behind the import hook described above.
GUARDED_EMULATOR = """
import atexit, importlib.abc, runpy, sys

REFUSED = ("google", "momento_web.internal")
attempts = []


def refused(name):
    return any(name == root or name.startswith(root + ".") for root in REFUSED)


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if refused(name):
            attempts.append(name)
            print("REFUSED IMPORT", name, file=sys.stderr, flush=True)
            raise ImportError(name + " may not be imported here")
        return None


early = [name for name in sys.modules if refused(name)]
if early:
    raise SystemExit("loaded before the hook: " + repr(early))
sys.meta_path.insert(0, Refuse())
try:
    import google.protobuf  # the one refusal expected: the hook is in place
except ImportError:
    pass
else:
    raise SystemExit("the import hook did not refuse google.protobuf")
atexit.register(lambda: print("IMPORT REPORT", attempts, sorted(filter(refused, sys.modules)), flush=True))
runpy.run_module("momento_web_emulator", run_name="__main__", alter_sys=True)
"""


def _super_user_key(server: LocalServer) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (found := re.search(r"^MOMENTO_API_KEY=(\S+)$", server.output(), re.MULTILINE)):
        assert time.monotonic() < deadline, f"no MOMENTO_API_KEY line:\n{server.output()}"
        time.sleep(0.05)
    return found.group(1)


async def _serve_some_calls(server: LocalServer, super_user: CredentialProvider) -> None:
    cache = "imports"
    config = Configurations.Laptop.latest().with_client_timeout(timedelta(seconds=10))
    async with CacheClientAsync(config, super_user, timedelta(minutes=5)) as client:
        assert await client.create_cache(cache) == CreateCache.Success()
        listed = await client.list_caches()
        assert isinstance(listed, ListCaches.Success), listed
        assert cache in [info.name for info in listed.caches]
        assert await client.set(cache, "k", "v") == CacheSet.Success()
        got = await client.get(cache, "k")
        assert isinstance(got, CacheGet.Hit), got
        assert got.value_string == "v"

    async with AuthClientAsync(AuthConfigurations.Laptop.latest(), super_user) as auth:
        minted = await auth.generate_disposable_token(
            DisposableTokenScopes.topic_publish_subscribe(cache, "news"), ExpiresIn.minutes(5)
        )
    assert isinstance(minted, GenerateDisposableToken.Success), minted

    page = CredentialProvider.from_disposable_token(minted.auth_token)
    async with TopicClientAsync(TopicConfigurations.Default.latest(), page) as topics:
        subscription = await topics.subscribe(cache, "news")
        assert isinstance(subscription, TopicSubscribe.SubscriptionAsync), subscription
        async with subscription:
            assert await topics.publish(cache, "news", "hello") == TopicPublish.Success()
            item = await asyncio.wait_for(anext(subscription), 10)
    assert isinstance(item, TopicSubscriptionItem.Text), item
    assert item.value == "hello"

    # An undecodable message (a truncated varint) is refused by the codec: INVALID_ARGUMENT.
    headers = {
        "content-type": "application/grpc-web+proto",
        "cache": cache,
        "authorization": super_user.get_auth_token(),
    }
    async with httpx.AsyncClient(base_url=server.url) as http:
        reply = await http.post("/cache_client.Scs/Get", content=encode_frame(b"\x0a\x80"), headers=headers)
    assert reply.headers.get("grpc-status") == "3", (reply.headers, reply.content)


def test_the_emulator_imports_neither_google_protobuf_nor_the_sdks_internals() -> None:
    port = free_port()
    args = ["-c", GUARDED_EMULATOR, "--host", HOST, "--port", str(port), "--auth", "--auth-secret", AUTH_SECRET]
    with run_server("guarded-emulator", args, HOST, port) as server:
        super_user = CredentialProvider.from_disposable_token(_super_user_key(server))
        asyncio.run(_serve_some_calls(server, super_user))
        server.process.terminate()  # a graceful stop: the report is printed at exit
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            raise
        output = server.output()
    # Only the hook's own check was refused, and no google module got in by another way.
    assert re.findall(r"^REFUSED IMPORT .*$", output, re.MULTILINE) == ["REFUSED IMPORT google"], output
    assert "IMPORT REPORT ['google'] []" in output, output

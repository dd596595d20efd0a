"""The Pyodide side of the benchmark page: momento-web clients and their timing loops.

The page writes this file into Pyodide's file system and imports it before any timing starts; it must not import
``momento_web`` at module level, so that the cold-start figures see the SDK's own import. Results go back to
JavaScript as JSON strings (one conversion per batch, nothing per operation).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

# Only what Pyodide has loaded anyway is imported here: a module imported before the timing starts (datetime,
# urllib.parse) would be missing from the SDK's import figure if the SDK needs it too.
_TTL_SECONDS = 600
# The synchronous CacheClient, waiting by JSPI: the page calls these coroutines, so Python runs in a task where
# pyodide.ffi.can_run_sync() is true, and each of its calls suspends on the fetch promise.
SYNC = "ours-sync"
_clients: dict[str, tuple[Any, str]] = {}  # name -> (CacheClientAsync or, for SYNC, CacheClient; cache name)
_values: dict[int, bytes] = {}


def value_of(size: int) -> bytes:
    """The same bytes the JavaScript clients send (``i % 251``), built once per size."""
    value = _values.get(size)
    if value is None:
        value = _values[size] = (bytes(range(251)) * (size // 251 + 1))[:size]
    return value


def _credentials(url: str) -> Any:
    from momento_web import CredentialProvider

    host, _, port = url.removeprefix("http://").partition("/")[0].rpartition(":")  # http://127.0.0.1:PORT
    return CredentialProvider.for_momento_local(host or "127.0.0.1", int(port or 80))


def _ttl() -> Any:
    from datetime import timedelta

    return timedelta(seconds=_TTL_SECONDS)


def _config(wire: str, transport_factory: Any = None) -> Any:
    from momento_web import Configurations
    from momento_web.config import WireFormat

    config = Configurations.Browser.latest().with_wire_format(WireFormat[wire])
    return config if transport_factory is None else config.with_transport_factory(transport_factory)


async def create(name: str, url: str, cache: str, wire: str) -> None:
    if name == SYNC:
        from momento_web import CacheClient

        _clients[name] = (CacheClient.create(_config(wire), _credentials(url), _ttl()), cache)
        return
    from momento_web import CacheClientAsync

    client = await CacheClientAsync.create(_config(wire), _credentials(url), _ttl())
    _clients[name] = (client, cache)


def _operation(name: str, op: str, size: int) -> tuple[Callable[[], Any], Callable[[Any], None]]:
    """The call (a coroutine's, or for SYNC the response itself) and its check."""
    from momento_web.responses import CacheGet, CacheSet

    client, cache = _clients[name]
    if op == "get":
        key = f"bench-get-{size}"

        def check_get(response: Any) -> None:
            if type(response) is not CacheGet.Hit or len(response.value_bytes) != size:
                raise RuntimeError(f"{name} get {key}: {response!r:.300}")

        return (lambda: client.get(cache, key)), check_get
    key, value = f"bench-set-{name}-{size}", value_of(size)

    def check_set(response: Any) -> None:
        if type(response) is not CacheSet.Success:
            raise RuntimeError(f"{name} set {key}: {response!r:.300}")

    return (lambda: client.set(cache, key, value)), check_set


async def first_get(name: str, size: int) -> None:
    call, check = _operation(name, "get", size)
    check(await call())


async def run(name: str, workload_json: str) -> str:
    """One batch of a workload (see ``harness.mjs`` for its fields); returns the JSON result."""
    w = json.loads(workload_json)
    call, check = _operation(name, w["op"], w["size"])
    clock = time.perf_counter
    if w["kind"] == "sequential":
        blocking = name == SYNC
        latencies: list[float] = []
        for i in range(w["warmup"] + w["n"]):
            t0 = clock()
            response = call() if blocking else await call()
            t1 = clock()
            check(response)
            if i >= w["warmup"]:
                latencies.append((t1 - t0) * 1000)
        return json.dumps({"latencies_ms": latencies})
    if name == SYNC:
        raise RuntimeError(f"{SYNC} waits for each call: it has no throughput workload")

    for response in await asyncio.gather(*(call() for _ in range(w["warmup"]))):
        check(response)
    t0 = clock()
    await _in_flight(lambda: _checked(call, check), w["n"], w["concurrency"])
    return json.dumps({"elapsed_ms": (clock() - t0) * 1000, "ops": w["n"]})


async def _checked(call: Callable[[], Awaitable[Any]], check: Callable[[Any], None]) -> None:
    check(await call())


async def _in_flight(call: Callable[[], Awaitable[None]], n: int, concurrency: int) -> None:
    """``n`` calls, ``concurrency`` of them in flight at any time."""
    remaining = n

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


# --- topics (pluggable: runs only when the SDK has a topic client) ---------------------------------------------


def topics_available() -> bool:
    return importlib.util.find_spec("momento_web.topic_client_async") is not None


async def topics(url: str, cache: str, topic: str, wire: str, workload_json: str) -> str:
    """Publish → receive latency (one message at a time) and messages per second (a burst) on one subscription."""
    from momento_web import TopicConfigurations
    from momento_web.responses import TopicPublish, TopicSubscribe
    from momento_web.topic_client_async import TopicClientAsync

    w = json.loads(workload_json)
    value = value_of(w["size"])
    clock = time.perf_counter
    config = TopicConfigurations.Default.latest().with_wire_format(_config(wire).get_wire_format())
    async with TopicClientAsync(config, _credentials(url)) as client:
        subscription = await client.subscribe(cache, topic)
        if not isinstance(subscription, TopicSubscribe.SubscriptionAsync):
            raise RuntimeError(f"subscribe: {subscription!r:.300}")
        arrivals: asyncio.Queue[float] = asyncio.Queue()

        async def receive() -> None:
            async for item in subscription:
                if getattr(item, "value", None) != value:
                    raise RuntimeError(f"unexpected subscription item {item!r:.300}")
                arrivals.put_nowait(clock())

        receiver = asyncio.ensure_future(receive())

        async def publish() -> None:
            response = await client.publish(cache, topic, value)
            if type(response) is not TopicPublish.Success:
                raise RuntimeError(f"publish: {response!r:.300}")

        async def next_arrival() -> float:
            getter = asyncio.ensure_future(arrivals.get())
            await asyncio.wait({getter, receiver}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                getter.cancel()
                raise RuntimeError("subscription ended or no item within 10 s") from (
                    receiver.exception() if receiver.done() else None
                )
            return getter.result()

        try:
            latencies: list[float] = []
            for i in range(w["warmup"] + w["n"]):
                t0 = clock()
                await publish()
                arrived = await next_arrival()
                if i >= w["warmup"]:
                    latencies.append((arrived - t0) * 1000)
            t0 = clock()
            await _in_flight(publish, w["burst"], w["concurrency"])
            last = t0
            for _ in range(w["burst"]):
                last = await next_arrival()
            elapsed = (last - t0) * 1000
        finally:
            receiver.cancel()
            await asyncio.gather(receiver, return_exceptions=True)
            await subscription.aclose()
    return json.dumps({"latencies_ms": latencies, "elapsed_ms": elapsed, "ops": w["burst"]})


# --- profile ----------------------------------------------------------------------------------------------------


class _Spans:
    """Wall-clock time per stage of a call, summed over all calls (a debug hook, installed only here)."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.ms[stage] = self.ms.get(stage, 0.0) + seconds * 1000

    def timed(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - t0)

        return wrapper


class _TimedResponse:
    def __init__(self, response: Any, spans: _Spans) -> None:
        self._response, self._spans = response, spans
        self.status, self.headers = response.status, response.headers

    async def aiter_bytes(self) -> Any:
        chunks = self._response.aiter_bytes()
        try:
            while True:
                t0 = time.perf_counter()
                try:
                    chunk = await anext(chunks)
                except StopAsyncIteration:
                    return
                finally:
                    self._spans.add("3 body chunks (to_bytes; further reads await)", time.perf_counter() - t0)
                yield chunk
        finally:
            await chunks.aclose()

    async def aclose(self) -> None:
        t0 = time.perf_counter()
        await self._response.aclose()
        self._spans.add("5 response close", time.perf_counter() - t0)


class _TimedTransport:
    def __init__(self, inner: Any, spans: _Spans) -> None:
        self._inner, self._spans = inner, spans

    async def handle_async_request(self, request: Any) -> Any:
        t0 = time.perf_counter()
        response = await self._inner.handle_async_request(request)
        self._spans.add("2 request until the first body chunk (to_js, fetch, await)", time.perf_counter() - t0)
        return _TimedResponse(response, self._spans)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def profile(url: str, cache: str, wire: str, size: int, n: int) -> str:
    """Stage spans and a cProfile of ``n`` gets (after a warm-up), both with the debug hook installed."""
    import cProfile
    import io
    import pstats

    from momento_web import CacheClientAsync
    from momento_web.internal import channel
    from momento_web.transport import default_transport
    from momento_web.wire import grpc_web

    spans = _Spans()
    # (owner, attribute, stage): module functions the channel calls, and the decoder's feed method.
    hooks = [
        (channel, "encode_frame", "1 encode frame (+ base64 in text mode)"),
        (channel, "_parse", "4 protobuf parse of the reply"),
        (grpc_web.ResponseDecoder, "feed", "4 gRPC-web frame decode"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in hooks if hasattr(owner, name)]
    for owner, name, stage in hooks:
        if hasattr(owner, name):
            setattr(owner, name, spans.timed(stage, getattr(owner, name)))
    try:
        config = _config(wire, lambda: _TimedTransport(default_transport(), spans))
        client = await CacheClientAsync.create(config, _credentials(url), _ttl())
        key = f"bench-get-{size}"
        for _ in range(20):
            await client.get(cache, key)
        spans.ms.clear()
        t0 = time.perf_counter()
        for _ in range(n):
            await client.get(cache, key)
        total = (time.perf_counter() - t0) * 1000
        stage_ms = {stage: ms / n for stage, ms in sorted(spans.ms.items())}

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(n):
            await client.get(cache, key)
        profiler.disable()
        await client.close()
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return json.dumps({"per_get_ms": total / n, "stages_ms": stage_ms, "cprofile_tottime": out.getvalue()})


# --- cold start: where pyodide.loadPackage spends its time ------------------------------------------------------

_loader_ms: dict[str, float] = {}


def instrument_loader() -> None:
    """Time the Python side of ``pyodide.loadPackage`` (a debug hook the cold-start page installs before its clock
    starts): unpacking the wheel, the scan for dynamic libraries in it (which imports ``tarfile``) and the reset of
    the import caches (``importlib.invalidate_caches()``, which imports ``importlib.metadata``)."""
    import importlib

    import pyodide._package_loader as loader  # Pyodide's own module: loadPackage calls it by attribute

    def timed(phase: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                _loader_ms[phase] = _loader_ms.get(phase, 0.0) + (time.perf_counter() - t0) * 1000

        return wrapper

    loader.unpack_buffer = timed("unpack_buffer", loader.unpack_buffer)
    loader.get_dynlibs = timed("dynlibs", loader.get_dynlibs)
    importlib.invalidate_caches = timed("invalidate_caches", importlib.invalidate_caches)


def loader_phases() -> str:
    """The phases ``instrument_loader`` saw, in ms: the unpacking proper, the dynamic-library scan, the cache reset."""
    total = _loader_ms.get("unpack_buffer", 0.0)
    dynlibs = _loader_ms.get("dynlibs", 0.0)
    phases = {"unpack_ms": total - dynlibs, "dynlibs_ms": dynlibs}
    return json.dumps(phases | {"invalidate_caches_ms": _loader_ms.get("invalidate_caches", 0.0)})

"""Pyodide transport: the browser's ``fetch`` with a streaming body reader and an ``AbortController``.

In Pyodide every wake-up of a coroutine waiting on JavaScript is a round through the browser's task queue, and a
promise awaited from Python costs two of them; those rounds, not Python, are where a small call's time goes
(bench/README.md). So a small JavaScript helper does the chatty part and reports back once: ``fetch`` up to the
first body chunk, which for a unary gRPC-web reply is usually the whole body, then each later read hands over
every chunk the stream already holds. It settles a plain asyncio future through one long-lived callback. Pages
whose Content Security Policy forbids ``eval`` get the same behaviour, one promise per chunk.

The JavaScript headers object is built once per header mapping (the channel keeps one per client and cache), and
response headers are read one by one when asked for, not copied.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Protocol, cast

import js
from pyodide.code import run_js
from pyodide.ffi import JsException, create_proxy, jsnull, to_js

from momento_web.transport.base import HttpRequest, HttpResponse, TransportError

logger = logging.getLogger(__name__)

# start(url, headers, body, signal, settle, key) settles key with [response, body state | null, done, bytes | null]
# next(body state, settle, key) settles key with [done, Uint8Array | null]: the next chunk and whatever else is
# already queued behind it. A read that has not completed when the queue runs dry is kept for the next call.
# fetch() runs in a microtask, on a shallow stack: called under Pyodide's deep WebAssembly stack it costs several
# times more.
_HELPER_JS = """(() => {
  const NOT_YET = Symbol('not yet');
  const notYet = Promise.resolve(NOT_YET);
  const BATCH_LIMIT = 4 << 20;
  const join = (parts, size) => {
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(size);
    let pos = 0;
    for (const part of parts) {
      out.set(part, pos);
      pos += part.length;
    }
    return out;
  };
  const gather = (state, parts, size) => {
    if (size >= BATCH_LIMIT) return [false, join(parts, size)];
    const read = state.reader.read();
    return Promise.race([read, notYet]).then((r) => {
      if (r === NOT_YET) {
        state.pending = read;
        return [false, join(parts, size)];
      }
      if (r.done) return [true, join(parts, size)];
      parts.push(r.value);
      return gather(state, parts, size + r.value.length);
    });
  };
  const read = (state) => {
    const first = state.pending ?? state.reader.read();
    state.pending = null;
    return first.then((r) => (r.done ? [true, null] : gather(state, [r.value], r.value.length)));
  };
  const report = (promise, settle, key) => {
    promise.then((value) => settle(key, true, value), (error) => settle(key, false, error));
  };
  const start = (url, headers, body, signal, settle, key) => report(
    Promise.resolve()
      .then(() => fetch(url, { method: 'POST', mode: 'cors', headers, body, signal }))
      .then((response) => {
        if (response.body === null) return [response, null, true, null];
        const state = { reader: response.body.getReader(), pending: null };
        return read(state).then(([done, bytes]) => [response, state, done, bytes]);
      }),
    settle, key);
  const next = (state, settle, key) => report(read(state), settle, key);
  return { start, next };
})()"""
# Header mappings come from the channel's per-client caches, so a handful of them serve every call.
_MAX_CACHED_HEADERS = 64
# abort() without a reason builds a DOMException (with a stack trace) on every call; one shared reason is cheap.
_CLOSED = js.Error.new("response closed before its end")


class _Rejected(TransportError):
    """The helper's promise was rejected (network failure, CORS, abort)."""


#: Whether a task waiting here for a response may resume in the promise's microtask (see :class:`FetchTransport`):
#: set it in the task's context where the rest of the step never blocks by JSPI (``pyodide.ffi.run_sync``).
RESUME_IN_MICROTASK: contextvars.ContextVar[bool] = contextvars.ContextVar("momento_web_resume_in_microtask")


def _jspi_supported() -> bool:
    # As Pyodide decides whether it can suspend Python on a promise (stack switching).
    return hasattr(js.WebAssembly, "Suspending") or hasattr(js.WebAssembly, "Suspender")


class _Wakeups:
    """Stands in for the event loop as the loop of the futures the helper settles, to resume their tasks sooner.

    Pyodide's loop runs every callback two macrotasks later (a ``postMessage``, then one more before it enters
    Python in a way that lets the step block by JSPI), so a task waiting for a settled future resumes about 70 µs
    after the promise's microtask, where JavaScript code would simply continue. While :class:`_Settlements`
    settles a future that may resume there, the waiting task's wake-up runs at once, in that microtask, unless a
    task is running (suspended by JSPI in the middle of a step). Everything else (a cancellation, an error report,
    a future that may not) goes to the real loop as usual.
    """

    __slots__ = ("loop", "settling")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.settling = False

    def call_soon(self, callback: Any, *args: Any, context: contextvars.Context | None = None) -> asyncio.Handle | None:
        if self.settling and asyncio.current_task(self.loop) is None:
            # Futures pass the waiter's context; it is not entered now, since no task is running.
            (context or contextvars.copy_context()).run(callback, *args)
            return None  # futures ignore the handle
        return self.loop.call_soon(callback, *args, context=context)

    def __getattr__(self, name: str) -> Any:  # get_debug(), call_exception_handler(), …
        return getattr(self.loop, name)


class _SettledFuture(asyncio.Future[Any]):
    """A future whose callbacks are scheduled through :class:`_Wakeups`; to tasks it belongs to the real loop."""

    resume_in_microtask = False

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return cast("_Wakeups", self._loop).loop  # _loop: what the future was created with


class _Settlements:
    """Futures the JavaScript helper settles through one long-lived callback.

    Awaiting a promise from Python costs two event-loop rounds (Pyodide wraps it in a future whose bookkeeping
    callback runs before the waiting task's); a plain asyncio future settled from a microtask costs one, and none
    when the waiting task can resume in that microtask (:class:`_Wakeups`).
    """

    def __init__(self) -> None:
        self._waiting: dict[int, _SettledFuture] = {}
        self._keys = itertools.count()
        self._wakeups: _Wakeups | None = None
        self.callback = create_proxy(self._settle)  # one for the page's lifetime, none per call

    async def wait(self, start: Any, *args: Any, resume_in_microtask: bool = False) -> Any:
        """Call the helper function ``start(*args, settle, key)`` and wait for it to settle ``key``; with
        ``resume_in_microtask`` (or :data:`RESUME_IN_MICROTASK` set here), resume in the settling microtask."""
        key = next(self._keys)
        loop = asyncio.get_running_loop()
        wakeups = self._wakeups
        if wakeups is None or wakeups.loop is not loop:
            wakeups = self._wakeups = _Wakeups(loop)
        # Not loop.create_future(): Pyodide's adds a bookkeeping callback, one more round per wait. The awaiting
        # task is tracked by the loop anyway.
        future = _SettledFuture(loop=wakeups)  # type: ignore[arg-type]
        future.resume_in_microtask = resume_in_microtask or RESUME_IN_MICROTASK.get(False)
        self._waiting[key] = future
        try:
            start(*args, self.callback, key)
            return await future
        finally:
            self._waiting.pop(key, None)

    def _settle(self, key: int, ok: bool, value: Any) -> None:
        future = self._waiting.pop(key, None)
        if future is None or future.done():  # the caller gave up (cancelled) meanwhile
            return
        wakeups = self._wakeups
        if wakeups is not None:
            wakeups.settling = future.resume_in_microtask
        try:
            if ok:
                future.set_result(value)
            else:
                future.set_exception(_Rejected(str(value)))
        finally:
            if wakeups is not None:
                wakeups.settling = False


def _compile_helper() -> Any:
    try:
        return run_js(_HELPER_JS)
    except JsException as exc:  # e.g. EvalError under a CSP without 'unsafe-eval'
        logger.debug("fetch helper unavailable (%s); reading one promise per chunk", exc)
        return None


def _bytes(data: Any) -> bytes:
    return b"" if data is None or data is jsnull else data.to_bytes()


class _Body(Protocol):
    async def next(self) -> tuple[bool, bytes]:
        """``(done, data)``: the next bytes of the body (possibly empty) and whether it has ended."""
        ...


class _HelperBody:
    __slots__ = ("_helper", "_resume_in_microtask", "_settlements", "_state")

    def __init__(self, helper: Any, settlements: _Settlements, state: Any, resume_in_microtask: bool) -> None:
        self._helper, self._settlements, self._state = helper, settlements, state
        self._resume_in_microtask = resume_in_microtask

    async def next(self) -> tuple[bool, bytes]:
        batch = await self._settlements.wait(
            self._helper.next, self._state, resume_in_microtask=self._resume_in_microtask
        )
        return bool(batch[0]), _bytes(batch[1])


class _ReaderBody:
    """One ``read()`` per chunk, without the helper (and so without ``eval``)."""

    __slots__ = ("_reader",)

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    async def next(self) -> tuple[bool, bytes]:
        chunk = await self._reader.read()
        return (True, b"") if chunk.done else (False, chunk.value.to_bytes())


class FetchTransport:
    """Requests go through the page's ``fetch``: the browser pools connections and applies CORS.

    ``handle_async_request`` returns once the first body chunk (or the end of the body) has arrived.

    ``resume_in_microtask``: the task waiting for a response resumes in the microtask in which the JavaScript
    helper reports it, instead of two macrotasks later through Pyodide's event loop (about 70 µs). The part of the
    step that follows, up to the task's next ``await``, then runs where Python cannot block by JSPI
    (``pyodide.ffi.can_run_sync()`` is False), so it is for callers that never call ``run_sync`` (or a synchronous
    client) right after awaiting a call. It is on by itself where Pyodide has no JSPI, which changes nothing there;
    :data:`RESUME_IN_MICROTASK` asks for it from the waiting task's context instead.
    """

    _shared_helper: Any = None
    _settlements: _Settlements | None = None
    _compiled = False
    _jspi = True

    def __init__(self, *, use_js_helper: bool = True, resume_in_microtask: bool = False) -> None:
        if use_js_helper and not FetchTransport._compiled:
            FetchTransport._shared_helper = _compile_helper()
            if FetchTransport._shared_helper is not None:
                FetchTransport._settlements = _Settlements()
            FetchTransport._jspi = _jspi_supported()
            FetchTransport._compiled = True
        self._helper = FetchTransport._shared_helper if use_js_helper else None
        self._resume_in_microtask = resume_in_microtask or not FetchTransport._jspi
        # id(mapping) -> (the mapping, kept alive so that its id stays unique; its JS object)
        self._js_headers: dict[int, tuple[Mapping[str, str], Any]] = {}

    async def handle_async_request(self, request: HttpRequest) -> HttpResponse:
        """Send the request; return after the first body chunk (or the end of an empty body), not at the headers.

        Both paths do so: the JavaScript helper settles once with the response, its first chunk and any chunks
        already queued behind it; the eval-free path awaits the reader's first ``read()`` before returning. The
        reason is cost: every wake-up from JavaScript is a round through the browser's task queue, and a unary
        gRPC-web reply usually arrives whole in the first chunk, so a call costs one wake-up instead of two
        (headers, then body). The chunk is handed out first by ``aiter_bytes``. So a server that sends headers
        and then nothing keeps this call waiting, under the caller's deadline; cancelling it aborts the fetch.
        """
        controller = js.AbortController.new()
        headers, body = self._headers(request.headers), to_js(request.body)
        try:
            if self._helper is not None and self._settlements is not None:
                settlements, signal, resume = self._settlements, controller.signal, self._resume_in_microtask
                started = await settlements.wait(
                    self._helper.start, request.url, headers, body, signal, resume_in_microtask=resume
                )
                response, state = started[0], started[1]
                reader: _Body | None = None
                if state is not None and state is not jsnull:
                    reader = _HelperBody(self._helper, settlements, state, resume)
                first = (bool(started[2]), _bytes(started[3]))
            else:
                response, reader, first = await self._fetch_then_read(request.url, headers, body, controller)
        except (JsException, TransportError) as exc:
            raise TransportError(f"fetch failed: {exc}") from None
        except BaseException:
            controller.abort(_CLOSED)  # cancelled by a timeout or the caller: stop the request too
            raise
        return _FetchResponse(response, reader, first, controller)

    async def aclose(self) -> None:
        """Nothing to release: the browser owns the connections."""

    @staticmethod
    async def _fetch_then_read(
        url: str, headers: Any, body: Any, controller: Any
    ) -> tuple[Any, _Body | None, tuple[bool, bytes]]:
        init = to_js(
            {"method": "POST", "mode": "cors", "headers": headers, "body": body, "signal": controller.signal},
            dict_converter=js.Object.fromEntries,  # a plain JS object: fetch ignores a Map
        )
        response = await js.fetch(url, init)
        if response.body is None or response.body is jsnull:  # JS null is not None in Pyodide
            return response, None, (True, b"")
        reader = _ReaderBody(response.body.getReader())
        return response, reader, await reader.next()

    def _headers(self, headers: Mapping[str, str]) -> Any:
        cached = self._js_headers.get(id(headers))
        if cached is not None and cached[0] is headers:
            return cached[1]
        if len(self._js_headers) >= _MAX_CACHED_HEADERS:
            self._js_headers.clear()
        js_headers = to_js(dict(headers), dict_converter=js.Object.fromEntries)
        self._js_headers[id(headers)] = (headers, js_headers)
        return js_headers


class _JsHeaders(Mapping[str, str]):
    """A read-only view of a JS ``Headers`` object (names are case-insensitive; only CORS-exposed ones show)."""

    __slots__ = ("_headers",)

    def __init__(self, headers: Any) -> None:
        self._headers = headers

    def __getitem__(self, name: str) -> str:
        value = self._headers.get(name)
        if value is None or value is jsnull:
            raise KeyError(name)
        return str(value)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._headers.has(name))

    def __iter__(self) -> Iterator[str]:
        # keys(): iterating a Headers object itself yields [name, value] pairs.
        return iter([str(name) for name in self._headers.keys()])  # noqa: SIM118

    def __len__(self) -> int:
        return len(list(self._headers.keys()))


class _FetchResponse:
    __slots__ = ("_body", "_controller", "_done", "_first", "headers", "status")

    def __init__(self, response: Any, body: _Body | None, first: tuple[bool, bytes], controller: Any) -> None:
        self.status = int(response.status)
        self.headers: Mapping[str, str] = _JsHeaders(response.headers)
        self._body = body
        self._first: tuple[bool, bytes] | None = first
        self._controller = controller
        self._done = body is None or first[0]

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        # The reader keeps its lock: releaseLock() builds a TypeError (with a stack trace) on every call, and the
        # stream is dropped with the response anyway.
        body, first, self._first = self._body, self._first, None
        if body is None or first is None:
            return
        done, data = first
        try:
            while True:
                if data:
                    yield data
                if done:
                    self._done = True
                    return
                done, data = await body.next()
        except JsException as exc:
            raise TransportError(f"reading the response failed: {exc}") from None

    async def aclose(self) -> None:
        if not self._done:  # also after a complete gRPC-web reply whose end-of-body was not read yet
            self._done = True
            self._controller.abort(_CLOSED)

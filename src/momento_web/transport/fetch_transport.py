"""Pyodide transport: the browser's ``fetch`` with a streaming body reader and an ``AbortController``.

In Pyodide every wake-up of a coroutine waiting on JavaScript is a round through the browser's task queue, and a
promise awaited from Python costs two of them; those rounds, not Python, are where a small call's time goes
(bench/README.md). So a small JavaScript helper does the chatty part and reports back once: ``fetch`` up to the
first body chunk, which for a unary gRPC-web reply is usually the whole body, then each later read hands over
every chunk the stream already holds. It settles a plain asyncio future through one long-lived callback, and the
waiting task resumes right there where it may (``resumption.py``). Pages whose Content Security Policy forbids
``eval`` get the same behaviour, one promise per chunk.

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

from momento_web.transport import resumption
from momento_web.transport.base import HttpRequest, HttpResponse, TransportError
from momento_web.transport.resumption import RESUME_IN_MICROTASK

__all__ = ["RESUME_IN_MICROTASK", "FetchTransport"]

logger = logging.getLogger(__name__)

# start(url, headers, body, settle, key) settles key with (response, its AbortController, status, content-type,
# grpc-status, body state | null, done, bytes | null); abort(key, reason) aborts a fetch that has not settled yet.
# next(body state, settle, key) settles key with (done, Uint8Array | null): the next chunk and whatever else is
# already queued behind it. A read that has not completed when the queue runs dry is kept for the next call.
# Settlements pass their values as arguments, and the headers every call reads come along: each property read or
# method call from Python is a crossing of a few µs. fetch() runs in a microtask, on a shallow stack: called under
# Pyodide's deep WebAssembly stack it costs several times more.
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
    promise.then((values) => settle(key, true, ...values), (error) => settle(key, false, error));
  };
  const controllers = new Map();  // key -> the AbortController of a fetch not settled yet
  const start = (url, headers, body, settle, key) => {
    const controller = new AbortController();
    controllers.set(key, controller);
    const settled = (...args) => {
      controllers.delete(key);
      settle(...args);
    };
    report(
      Promise.resolve()
        .then(() => fetch(url, { method: 'POST', mode: 'cors', headers, body, signal: controller.signal }))
        .then((response) => {
          const h = response.headers;
          const head = [response, controller, response.status, h.get('content-type'), h.get('grpc-status')];
          if (response.body === null) return [...head, null, true, null];
          const state = { reader: response.body.getReader(), pending: null };
          return read(state).then(([done, bytes]) => [...head, state, done, bytes]);
        }),
      settled, key);
  };
  const abort = (key, reason) => controllers.get(key)?.abort(reason);
  const next = (state, settle, key) => report(read(state), settle, key);
  return { start, next, abort };
})()"""
# Header mappings come from the channel's per-client caches, so a handful of them serve every call.
_MAX_CACHED_HEADERS = 64
# abort() without a reason builds a DOMException (with a stack trace) on every call; one shared reason is cheap.
_CLOSED = js.Error.new("response closed before its end")


class _Rejected(TransportError):
    """The helper's promise was rejected (network failure, CORS, abort)."""


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
            resumption.run_resumed(callback, *args, context=context or contextvars.copy_context())
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

    def new_key(self) -> int:
        return next(self._keys)

    async def wait(self, key: int, start: Any, *args: Any, resume_in_microtask: bool) -> tuple[Any, ...]:
        """Call the helper function ``start(*args, settle, key)`` and wait for it to settle ``key``: the values it
        settles with; with ``resume_in_microtask``, resume in the settling microtask."""
        loop = asyncio.get_running_loop()
        wakeups = self._wakeups
        if wakeups is None or wakeups.loop is not loop:
            wakeups = self._wakeups = _Wakeups(loop)
        # Not loop.create_future(): Pyodide's adds a bookkeeping callback, one more round per wait. The awaiting
        # task is tracked by the loop anyway.
        future = _SettledFuture(loop=wakeups)  # type: ignore[arg-type]
        future.resume_in_microtask = resume_in_microtask
        self._waiting[key] = future
        try:
            start(*args, self.callback, key)
            values: tuple[Any, ...] = await future
            return values
        finally:
            self._waiting.pop(key, None)

    def _settle(self, key: int, ok: bool, *values: Any) -> None:
        future = self._waiting.pop(key, None)
        if future is None or future.done():  # the caller gave up (cancelled) meanwhile
            return
        wakeups = self._wakeups
        if wakeups is not None:
            wakeups.settling = future.resume_in_microtask
        try:
            if ok:
                future.set_result(values)
            else:
                future.set_exception(_Rejected(str(values[0])))
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


def _text(value: Any) -> str | None:
    return None if value is None or value is jsnull else str(value)


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
        settlements = self._settlements
        done, data = await settlements.wait(
            settlements.new_key(), self._helper.next, self._state, resume_in_microtask=self._resume_in_microtask
        )
        return bool(done), _bytes(data)


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

    ``resume_in_microtask``: whether the task waiting for a response resumes in the microtask in which the
    JavaScript helper reports it, instead of two macrotasks later through Pyodide's event loop. The part of the
    step that follows, up to the task's next ``await``, then runs where Python cannot block by JSPI
    (``pyodide.ffi.can_run_sync()`` is False). True or False decides for every request; None (the default) decides
    per request as :mod:`momento_web.transport.resumption` explains: :data:`RESUME_IN_MICROTASK` in the waiting
    task's context, else in the microtask while this interpreter has no synchronous client. Where Pyodide has no
    JSPI it is always on, since no step could block anyway.
    """

    _shared_helper: Any = None
    _settlements: _Settlements | None = None
    _compiled = False
    _jspi = True

    def __init__(self, *, use_js_helper: bool = True, resume_in_microtask: bool | None = None) -> None:
        if use_js_helper and not FetchTransport._compiled:
            FetchTransport._shared_helper = _compile_helper()
            if FetchTransport._shared_helper is not None:
                FetchTransport._settlements = _Settlements()
            FetchTransport._jspi = _jspi_supported()
            FetchTransport._compiled = True
        self._helper = FetchTransport._shared_helper if use_js_helper else None
        if self._helper is not None:  # the functions, looked up once: each lookup is a crossing
            self._start, self._abort = self._helper.start, self._helper.abort
        self._resume_in_microtask = resume_in_microtask if FetchTransport._jspi else True
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
        headers, body = self._headers(request.headers), to_js(request.body)
        if self._helper is None or self._settlements is None:
            return await self._fetch_then_read(request.url, headers, body)
        settlements, resume = self._settlements, self._resume_in_microtask
        if resume is None:
            resume = resumption.resume_in_microtask()
        key = settlements.new_key()
        try:
            started = await settlements.wait(key, self._start, request.url, headers, body, resume_in_microtask=resume)
        except (JsException, TransportError) as exc:
            raise TransportError(f"fetch failed: {exc}") from None
        except BaseException:
            self._abort(key, _CLOSED)  # cancelled by a timeout or the caller: stop the request too
            raise
        response, controller, status, content_type, grpc_status, state, done, data = started
        reader: _Body | None = None
        if state is not None and state is not jsnull:
            reader = _HelperBody(self._helper, settlements, state, resume)
        known = {"content-type": _text(content_type), "grpc-status": _text(grpc_status)}
        view = _JsHeaders(response.headers, known)
        return _FetchResponse(int(status), view, reader, (bool(done), _bytes(data)), controller)

    async def aclose(self) -> None:
        """Nothing to release: the browser owns the connections."""

    @staticmethod
    async def _fetch_then_read(url: str, headers: Any, body: Any) -> HttpResponse:
        controller = js.AbortController.new()
        init = to_js(
            {"method": "POST", "mode": "cors", "headers": headers, "body": body, "signal": controller.signal},
            dict_converter=js.Object.fromEntries,  # a plain JS object: fetch ignores a Map
        )
        try:
            response = await js.fetch(url, init)
            reader: _Body | None = None
            first = (True, b"")
            if response.body is not None and response.body is not jsnull:  # JS null is not None in Pyodide
                reader = _ReaderBody(response.body.getReader())
                first = await reader.next()
        except JsException as exc:
            raise TransportError(f"fetch failed: {exc}") from None
        except BaseException:
            controller.abort(_CLOSED)  # cancelled by a timeout or the caller: stop the request too
            raise
        return _FetchResponse(int(response.status), _JsHeaders(response.headers), reader, first, controller)

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
    """A read-only view of a JS ``Headers`` object (names are case-insensitive; only CORS-exposed ones show).

    ``known`` holds headers already read in JavaScript (lower-case name -> value, None if absent): every call reads
    the content type and the status, and asking JavaScript for each is a crossing.
    """

    __slots__ = ("_headers", "_known")

    def __init__(self, headers: Any, known: Mapping[str, str | None] | None = None) -> None:
        self._headers = headers
        self._known = known or {}

    def __getitem__(self, name: str) -> str:
        lower = name.lower()
        if lower in self._known:
            value = self._known[lower]
            if value is None:
                raise KeyError(name)
            return value
        value = self._headers.get(name)
        if value is None or value is jsnull:
            raise KeyError(name)
        return str(value)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        lower = name.lower()
        if lower in self._known:
            return self._known[lower] is not None
        return bool(self._headers.has(name))

    def __iter__(self) -> Iterator[str]:
        # keys(): iterating a Headers object itself yields [name, value] pairs.
        return iter([str(name) for name in self._headers.keys()])  # noqa: SIM118

    def __len__(self) -> int:
        return len(list(self._headers.keys()))


class _FetchResponse:
    __slots__ = ("_body", "_controller", "_done", "_first", "headers", "status")

    def __init__(
        self, status: int, headers: Mapping[str, str], body: _Body | None, first: tuple[bool, bytes], controller: Any
    ) -> None:
        self.status = status
        self.headers = headers
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

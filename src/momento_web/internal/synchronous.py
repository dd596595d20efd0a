"""The synchronous clients, derived from the async ones: one implementation, two faces.

A sync client owns its async twin and a :class:`Runner` that waits for the twin's coroutines:

* CPython: :class:`LoopThread`, a private event loop on a daemon thread. A call is handed to it with
  ``run_coroutine_threadsafe`` and the caller's thread waits, so it works the same from plain scripts, other
  threads, and code already inside a running loop (a Jupyter cell, a coroutine): that loop is merely blocked
  for the call, as any blocking call blocks it, and never deadlocks since the work runs on another loop.
* Pyodide: :class:`JspiRunner`. There is one thread and the browser's loop must keep turning, so the call
  suspends the WebAssembly stack on the promise (JSPI, ``pyodide.ffi.run_sync``). That is possible only where
  ``pyodide.ffi.can_run_sync()`` is true (code started by ``runPythonAsync``, a PyScript script, an async
  function's task); elsewhere (``runPython``) a call returns its response's ``Error`` saying so, at once.

:func:`blocking` turns an async method into the sync method: same parameters (the type checker derives them with
``ParamSpec``), docstring and response type. A sync client class is a list of such derivations plus what has no
async twin (construction, ``close``, ``with``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import gc
import logging
import sys
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Coroutine
from types import TracebackType
from typing import Any, ClassVar, Concatenate, Generic, ParamSpec, Protocol, Self, TypeVar, cast

from momento_web.errors import SdkException
from momento_web.errors.exceptions import CancelledException, FailedPreconditionException, UnknownException
from momento_web.internal.channel import ClientClosedError
from momento_web.internal.services import Service
from momento_web.transport import resumption

logger = logging.getLogger("momento_web")

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")
AsyncT = TypeVar("AsyncT", bound="AsyncClient")

# How long close() waits for the loop thread to wind down (closing connections) before leaving it to die with
# the process (it is a daemon).
_CLOSE_WAIT_S = 10.0


class AsyncClient(Protocol):
    """What a sync client needs of its async twin."""

    async def close(self) -> None: ...

    def _use_synchronous_middlewares(self) -> None: ...


class Unavailable(Exception):
    """A sync call could not run; ``error`` says why, for the response's ``Error``."""

    def __init__(self, error: SdkException, *, closed: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.closed = closed  # the client was closed (rather than: this context cannot wait)


class Names:
    """How a runner names its client in messages."""

    def __init__(self, sync_name: str, async_name: str, service: Service) -> None:
        self.sync_name, self.async_name, self.service = sync_name, async_name, service

    def closed(self) -> Unavailable:
        # As the async client's calls once closed: momento's UNKNOWN_ERROR, with the same message.
        return Unavailable(UnknownException(str(ClientClosedError()), self.service), closed=True)

    def cancelled(self) -> Unavailable:
        message = f"{self.sync_name} was closed while this call was waiting for its answer"
        return Unavailable(CancelledException(message, self.service), closed=True)


class Runner(ABC):
    """Waits for coroutines on behalf of synchronous code."""

    def __init__(self, names: Names) -> None:
        self.names = names

    @abstractmethod
    def run(self, work: Callable[[], Awaitable[R]]) -> R:
        """``await work()`` and return (or raise) its outcome; raises :class:`Unavailable` instead if it cannot."""

    @abstractmethod
    def call_soon(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` on the event loop without waiting for it (nothing, once closed)."""

    @abstractmethod
    def close(self, final: Callable[[], Awaitable[None]]) -> None:
        """``await final()`` (the async client's close), then release the loop. Idempotent."""


class LoopThread(Runner):
    """CPython: a private event loop running on a daemon thread."""

    def __init__(self, names: Names) -> None:
        super().__init__(names)
        self._loop = asyncio.new_event_loop()
        self._lock = threading.Lock()  # orders submissions against close: nothing is submitted to a dead loop
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=f"momento-web {names.sync_name}", daemon=True)
        self._thread.start()

    def run(self, work: Callable[[], Awaitable[R]]) -> R:
        if threading.current_thread() is self._thread:  # only reachable from callbacks run on the loop
            message = f"{self.names.sync_name} was called from its own event loop; use {self.names.async_name}"
            raise Unavailable(FailedPreconditionException(message, self.names.service))
        future = self._submit(_awaited(work))
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            raise self.names.cancelled() from None
        except BaseException:
            if not future.done():  # KeyboardInterrupt and the like while waiting: stop the call too
                future.cancel()
            raise

    def call_soon(self, callback: Callable[[], object]) -> None:
        with self._lock:
            if not self._closed:
                self._loop.call_soon_threadsafe(callback)

    def close(self, final: Callable[[], Awaitable[None]]) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            asyncio.run_coroutine_threadsafe(self._finish(final), self._loop)
        if threading.current_thread() is not self._thread:
            self._thread.join(_CLOSE_WAIT_S)
            if self._thread.is_alive():
                logger.warning("%s: its event loop did not stop within %g s", self.names.sync_name, _CLOSE_WAIT_S)

    def _submit(self, coroutine: Coroutine[Any, Any, R]) -> concurrent.futures.Future[R]:
        with self._lock:
            if self._closed:
                coroutine.close()
                raise self.names.closed()
            return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _finish(self, final: Callable[[], Awaitable[None]]) -> None:
        try:
            await final()
        except Exception:
            logger.warning("%s: closing failed", self.names.sync_name, exc_info=True)
        finally:
            self._loop.stop()

    def _serve(self) -> None:
        loop = self._loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
            # Calls still running when the client closed are cancelled: their callers get an Error, never a hang.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            # Generators left unfinished (httpcore's response bodies, behind a call that had its answer) are
            # closed on this loop: by shutdown_asyncgens, or by the aclose() their finalizers schedule when they
            # are let go, or found in a reference cycle by gc, which must run before the loop closes.
            gc.collect()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(_finalized_generators_closed())
        finally:
            loop.close()


async def _finalized_generators_closed() -> None:
    await asyncio.sleep(0)  # the finalizers' callbacks create their aclose() tasks
    others = asyncio.all_tasks() - {asyncio.current_task()}
    await asyncio.gather(*others, return_exceptions=True)


class JspiRunner(Runner):
    """Pyodide: suspend the WebAssembly stack on the promise (JSPI) where the runtime allows it."""

    def __init__(self, names: Names) -> None:
        super().__init__(names)
        self._closed = False
        # This page blocks: from now on, tasks awaiting async calls resume where their steps can block too.
        resumption.note_blocking_callers()

    def run(self, work: Callable[[], Awaitable[R]]) -> R:
        from pyodide.ffi import can_run_sync, run_sync

        if self._closed:
            raise self.names.closed()
        if not can_run_sync():
            raise Unavailable(FailedPreconditionException(self._why_not(), self.names.service))
        return cast(R, run_sync(_started_at_once(_awaited_at_once(work))))

    def call_soon(self, callback: Callable[[], object]) -> None:
        if not self._closed:
            callback()  # one thread, and this is it: nothing to hand over

    def close(self, final: Callable[[], Awaitable[None]]) -> None:
        from pyodide.ffi import can_run_sync, run_sync

        if self._closed:
            return
        self._closed = True
        task = asyncio.ensure_future(_awaited(final))
        if can_run_sync():
            run_sync(task)
        # else: it finishes on the page's loop by itself; a close must not fail for want of JSPI.

    def _why_not(self) -> str:
        names = self.names
        if resumption.in_resumed_step():
            return (
                f"{names.sync_name} cannot wait for an answer here: this step of the task resumed in the microtask "
                "that delivered an awaited momento_web response, where Python cannot block by JSPI "
                "(pyodide.ffi.can_run_sync() is False). Create the synchronous client before awaiting async calls "
                "(a page with synchronous clients resumes tasks through the event loop), or set "
                "momento_web.transport.resumption.RESUME_IN_MICROTASK to False in this task"
            )
        return (
            f"{names.sync_name} cannot wait for an answer here: in the browser a synchronous call suspends Python "
            "on the JavaScript promise (JSPI), and pyodide.ffi.can_run_sync() is False in this context (code run "
            "by pyodide.runPython, or a browser without WebAssembly JSPI). Run this code with runPythonAsync or "
            f'from a PyScript <script type="py">, or use {names.async_name} and await its methods'
        )


def default_runner(names: Names) -> Runner:
    return JspiRunner(names) if sys.platform == "emscripten" else LoopThread(names)


async def _awaited(work: Callable[[], Awaitable[R]]) -> R:
    """A coroutine for ``work`` that calls it only once running on the loop (so nothing is created off it)."""
    return await work()


async def _awaited_at_once(work: Callable[[], Awaitable[R]]) -> R:
    """``_awaited`` for the task of a call waiting by JSPI: that task only runs the SDK's call, so its steps never
    block and it may resume in the microtask that delivers a response."""
    resumption.RESUME_IN_MICROTASK.set(True)  # in this task's own context
    return await work()


def _started_at_once(coroutine: Coroutine[Any, Any, R]) -> asyncio.Future[R]:
    """A task for ``coroutine`` whose first step runs now, in the caller's step, not a loop round later: with the
    task resuming in the response's microtask, a sync call then costs one round (the task's end) instead of three."""
    if sys.version_info >= (3, 12):
        return asyncio.Task(coroutine, loop=asyncio.get_event_loop(), eager_start=True)
    return asyncio.ensure_future(coroutine)


class SyncClient(Generic[AsyncT]):
    """The base of ``CacheClient``, ``TopicClient``, ``AuthClient``: an async client and a runner waiting on it."""

    _async_class: ClassVar[type[AsyncClient]]
    _service: ClassVar[Service]

    def __init__(self, async_client: AsyncT, runner: Runner | None = None) -> None:
        self._async = async_client
        async_client._use_synchronous_middlewares()  # the sync flavour's hooks, as momento's sync clients run
        self._runner = runner if runner is not None else self._new_runner()
        # Closed also when the client is dropped unclosed (or at exit): the loop thread must not outlive it.
        self._finalizer = weakref.finalize(self, self._runner.close, async_client.close)

    @classmethod
    def _new_runner(cls) -> Runner:
        return default_runner(Names(cls.__name__, cls._async_class.__name__, cls._service))

    @classmethod
    def _adopt(cls, make: Callable[[], Awaitable[AsyncT]]) -> Self:
        """A sync client around the async client that ``await make()`` returns (a factory such as ``create``);
        raises what it raises, and :class:`Unavailable`'s error if it cannot be awaited here."""
        runner = cls._new_runner()
        try:
            async_client = runner.run(make)
        except Unavailable as exc:
            runner.close(_nothing)
            raise exc.error from None
        except BaseException:
            runner.close(_nothing)
            raise
        client = cls.__new__(cls)
        SyncClient.__init__(client, async_client, runner)
        return client

    def _call(self, work: Callable[[], Awaitable[R]], error_variant: Callable[[SdkException], object]) -> R:
        try:
            return self._runner.run(work)
        except Unavailable as exc:
            return cast(R, error_variant(exc.error))

    def close(self) -> None:
        """Close the client: its connections and, on CPython, its event loop thread. ``with`` calls it on leaving."""
        self._finalizer()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in vars(cls).items():  # derived methods take the sync class's names
            if callable(value) and getattr(value, "_momento_sync", False):
                value.__qualname__ = f"{cls.__qualname__}.{name}"
                value.__module__ = cls.__module__


async def _nothing() -> None:
    return None


def blocking(
    method: Callable[Concatenate[Any, P], Awaitable[R]],
) -> Callable[Concatenate[SyncClient[Any], P], R]:
    """The sync twin of the async client method ``method``: same parameters, docstring and response type; it
    waits for the answer. Where the client cannot wait (closed; no JSPI) it returns the response's ``Error``."""
    return blocking_then(method, _unchanged)


def blocking_then(
    method: Callable[Concatenate[Any, P], Awaitable[R]], adapt: Callable[[Runner, R], S]
) -> Callable[Concatenate[SyncClient[Any], P], S]:
    """As :func:`blocking`, and the answer goes through ``adapt`` (e.g. an async subscription becomes a sync one)."""
    error_variant = _ErrorVariant(method)

    def call(self: SyncClient[Any], /, *args: P.args, **kwargs: P.kwargs) -> S:
        response: R = self._call(lambda: method(self._async, *args, **kwargs), error_variant)
        return adapt(self._runner, response)

    functools.update_wrapper(call, method)  # name, docstring, and inspect.signature through __wrapped__
    call._momento_sync = True  # type: ignore[attr-defined]
    return call


def _unchanged(runner: Runner, response: R) -> R:
    return response


class _ErrorVariant:
    """The ``Error`` variant of an async method's response type, found from its return annotation when first
    needed (``CacheGetResponse`` → ``CacheGet.Error``)."""

    def __init__(self, method: Callable[..., object]) -> None:
        self._method = method
        self._variant: Callable[[SdkException], object] | None = None

    def __call__(self, error: SdkException) -> object:
        if self._variant is None:
            self._variant = error_variant_of(self._method)
        return self._variant(error)


def error_variant_of(method: Callable[..., object]) -> Callable[[SdkException], object]:
    """``method``'s response type's ``Error`` subclass; ``TypeError`` if it has none. Found as the async method's
    own failures find it: client modules import their response types for the type checker only."""
    from momento_web.internal.errors_as_values import response_error_variant

    return response_error_variant(method)

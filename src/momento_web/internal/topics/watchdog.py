"""The heartbeat watchdog: a subscription stream that stays silent for too long counts as broken.

A half-open connection (a laptop that slept, a NAT that forgot the flow) raises nothing: reads just wait. While
a topic is idle the server sends heartbeats, so silence well beyond their period means the connection is gone.

As :mod:`momento_web.internal.deadlines` does for unary calls, one timer serves the whole block: a message only
records the time, and the timer, when it fires, re-arms itself for what is left since the last one. A busy
stream so costs about one timer per timeout period, not one per read (in Pyodide each is a ``setTimeout``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType


class IdleTimeout(TimeoutError):
    """Raised on leaving :class:`Watchdog` when silence cancelled the block."""


class Watchdog:
    """``async with watchdog: ...`` cancels the block once ``timeout`` seconds pass without :meth:`touch`, then
    raises :class:`IdleTimeout` (like ``asyncio.timeout``). Time spent in :meth:`paused` does not count.
    ``timeout=None`` disables it. Reusable, one block at a time."""

    __slots__ = ("_cancelling", "_expired", "_last", "_loop", "_paused", "_task", "_timeout", "_timer")

    def __init__(self, timeout: float | None) -> None:
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[object] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last = 0.0
        self._paused = False
        self._expired = False
        self._cancelling = 0

    @property
    def timeout(self) -> float | None:
        return self._timeout

    @property
    def armed(self) -> bool:
        """Whether a timer is pending (only inside a block)."""
        return self._timer is not None

    def touch(self) -> None:
        """Something arrived: the silence starts over."""
        if self._loop is not None:
            self._last = self._loop.time()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Not reading on purpose (the consumer is behind): silence here is not the server's."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
            self.touch()

    async def __aenter__(self) -> None:
        if self._timeout is None:
            return
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a watchdog needs a running task")
        loop = self._loop = asyncio.get_running_loop()
        self._task, self._cancelling = task, task.cancelling()
        self._expired = self._paused = False
        self.touch()
        self._timer = loop.call_later(self._timeout, self._check, loop, task, self._timeout)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        task, self._task, self._loop = self._task, None, None
        # As asyncio.timeout does: undo our cancel request (always); if no one else asked, the cancellation was ours.
        ours = self._expired and task is not None and task.uncancel() <= self._cancelling
        if ours and exc_type is asyncio.CancelledError:
            raise IdleTimeout from exc

    def _check(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[object], timeout: float) -> None:
        """The timer of the block that ``task`` runs in ``loop`` (it carries them: outside a block they are None)."""
        left = timeout if self._paused else self._last + timeout - loop.time()
        if left > 0:
            self._timer = loop.call_later(left, self._check, loop, task, timeout)
            return
        self._timer = None
        self._expired = True
        task.cancel()

"""Deadlines for a channel's unary calls, all served by one event-loop timer.

``asyncio.timeout`` arms and disarms a timer on every call. In Pyodide arming one is a JavaScript ``setTimeout``
that, once the call has long finished, still wakes Python to find it cancelled: two crossings per call. A channel
gives all its unary calls the same timeout, so they expire in the order they started; one timer, armed for the
oldest call still running, serves them all and fires about once per timeout period under steady traffic.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from types import TracebackType

Clock = Callable[[], float]


class DeadlineExceeded(TimeoutError):
    """Raised on leaving :class:`Deadline` when the deadline cancelled the block."""


class _Entry:
    __slots__ = ("cancelling", "deadline", "expired", "running", "task")

    def __init__(self, deadline: float, task: asyncio.Task[object]) -> None:
        self.deadline = deadline
        self.task = task
        self.cancelling = task.cancelling()
        self.running = True  # until the block is left
        self.expired = False


class Deadline:
    """``async with deadlines.bound(): ...`` cancels the block once its time is up and then raises
    :class:`DeadlineExceeded` (a ``TimeoutError``), like ``asyncio.timeout``."""

    __slots__ = ("_entry", "_owner")

    def __init__(self, owner: SharedDeadlines) -> None:
        self._owner = owner
        self._entry: _Entry | None = None

    async def __aenter__(self) -> None:
        self._entry = self._owner._start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        entry, self._entry = self._entry, None
        if entry is None:
            return
        self._owner._finish(entry)
        # As asyncio.timeout does: undo our cancel request; if no one else asked, the cancellation was ours.
        if entry.expired and entry.task.uncancel() <= entry.cancelling and exc_type is asyncio.CancelledError:
            raise DeadlineExceeded from exc


class SharedDeadlines:
    """The deadlines of one channel: every block gets ``timeout`` seconds from its start.

    ``clock`` tells the time in the event loop's timescale (seconds, as ``loop.time()``); by default it is the
    running loop's own. Timers still run on the loop: the clock decides what is due when one fires.
    """

    def __init__(self, timeout: float, *, clock: Clock | None = None) -> None:
        self._timeout = timeout
        self._clock = clock
        self._running: deque[_Entry] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def bound(self) -> Deadline:
        return Deadline(self)

    def _start(self) -> _Entry:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # first use, or used from another event loop: start afresh there
            if self._timer is not None:
                self._timer.cancel()
            self._running.clear()
            self._timer, self._loop = None, loop
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a deadline needs a running task")
        entry = _Entry(self._now(loop) + self._timeout, task)
        self._running.append(entry)
        if self._timer is None:
            self._timer = self._arm(loop, entry.deadline)
        return entry

    def _finish(self, entry: _Entry) -> None:
        entry.running = False
        running = self._running
        while running and not running[0].running:  # calls mostly end in the order they started
            running.popleft()

    def _expire(self) -> None:
        loop = self._loop
        if loop is None:  # cannot happen: a timer is only armed once a loop is known
            return
        now, running = self._now(loop), self._running
        while running and (not running[0].running or running[0].deadline <= now):
            entry = running.popleft()
            if entry.running:
                entry.expired = True
                entry.task.cancel()
        self._timer = self._arm(loop, running[0].deadline) if running else None

    def _arm(self, loop: asyncio.AbstractEventLoop, deadline: float) -> asyncio.TimerHandle:
        # call_later, not call_at: Pyodide's loop refuses a time that has just passed ("Can't schedule in the past").
        return loop.call_later(max(0.0, deadline - self._now(loop)), self._expire)

    def _now(self, loop: asyncio.AbstractEventLoop) -> float:
        return loop.time() if self._clock is None else self._clock()

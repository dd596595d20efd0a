"""SharedDeadlines: one timer serves every unary call of a channel, with asyncio.timeout's cancellation rules.

Tests see the timers it arms on the loop and control the time it reads through its injected clock.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable
from typing import Any

import pytest

from momento_web.internal.deadlines import DeadlineExceeded, SharedDeadlines


class FakeClock:
    """The time the deadlines see; ``on_read`` (if set) runs at every reading, before the time is returned."""

    def __init__(self) -> None:
        self.now = 0.0
        self.on_read: Callable[[], None] | None = None

    def __call__(self) -> float:
        if self.on_read is not None:
            self.on_read()
        return self.now


def timers_of(deadlines: SharedDeadlines, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays of the timers ``deadlines`` arms on the running loop from now on, in order."""
    loop = asyncio.get_running_loop()
    delays: list[float] = []
    call_later = loop.call_later

    def recording(delay: float, callback: Callable[..., object], *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        if getattr(callback, "__self__", None) is deadlines:
            delays.append(delay)
        return call_later(delay, callback, *args, **kwargs)

    monkeypatch.setattr(loop, "call_later", recording)
    return delays


async def _stalled(deadlines: SharedDeadlines) -> asyncio.Task[None]:
    """A task waiting forever inside a deadline block; returned once it is inside."""
    started = asyncio.Event()

    async def call() -> None:
        async with deadlines.bound():
            started.set()
            await asyncio.sleep(3600)

    task = asyncio.ensure_future(call())
    await started.wait()
    return task


async def test_blocks_that_finish_in_time_share_one_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    deadlines = SharedDeadlines(30.0, clock=FakeClock())
    timers = timers_of(deadlines, monkeypatch)

    async def call() -> None:
        async with deadlines.bound():
            await asyncio.sleep(0)

    calls = []
    for _ in range(20):
        task = asyncio.ensure_future(call())
        await task
        calls.append(weakref.ref(task))
    assert timers == [30.0]  # armed by the first call, never re-armed
    del task
    await asyncio.sleep(0)  # the loop lets go of the callback that woke this test
    gc.collect()
    assert [ref() for ref in calls] == [None] * 20  # finished calls are forgotten


async def test_a_stalled_block_is_cancelled_and_raises_deadline_exceeded() -> None:
    deadlines = SharedDeadlines(0.05)
    with pytest.raises(DeadlineExceeded) as info:
        async with deadlines.bound():
            await asyncio.sleep(3600)
    assert isinstance(info.value, TimeoutError)
    task = asyncio.current_task()
    assert task is not None
    assert task.cancelling() == 0  # our cancel request was taken back
    await asyncio.sleep(0)  # and is not delivered later


async def test_each_block_gets_the_full_timeout_from_its_own_start() -> None:
    deadlines = SharedDeadlines(0.2)
    events: list[str] = []

    async def call(name: str, start_after: float) -> None:
        await asyncio.sleep(start_after)
        try:
            async with deadlines.bound():
                await asyncio.sleep(3600)
        except DeadlineExceeded:
            events.append(name)

    async def watch() -> None:
        while "first" not in events:
            await asyncio.sleep(0.01)
        events.append("second still running" if "second" not in events else "second already gone")

    await asyncio.gather(call("first", 0), call("second", 0.1), watch())
    assert events == ["first", "second still running", "second"]


async def test_a_block_ending_early_leaves_later_deadlines_armed() -> None:
    deadlines = SharedDeadlines(0.1)
    async with deadlines.bound():
        pass
    with pytest.raises(DeadlineExceeded):
        async with deadlines.bound():
            await asyncio.sleep(3600)


async def test_the_callers_own_cancellation_stays_a_cancellation() -> None:
    deadlines = SharedDeadlines(30.0)
    task = await _stalled(deadlines)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    call = weakref.ref(task)
    del task
    await asyncio.sleep(0)  # the loop lets go of the callback that woke this test
    gc.collect()
    assert call() is None  # forgotten by the deadlines too


async def test_a_caller_cancelling_while_the_deadline_expires_gets_cancelled_error() -> None:
    clock = FakeClock()
    deadlines = SharedDeadlines(0.01, clock=clock)
    task = await _stalled(deadlines)  # due at 0.01
    clock.now = 0.005
    later = await _stalled(deadlines)  # due at 0.015: after expiring the first, the timer reads the clock again
    cancelled_after_expiry: list[bool] = []

    def caller_cancels() -> None:
        if task.cancelling() and not cancelled_after_expiry:  # the deadline has just cancelled it
            cancelled_after_expiry.append(task.cancel())  # and so does the caller, before the task runs again

    clock.on_read = caller_cancels
    clock.now = 0.012
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cancelled_after_expiry == [True]
    later.cancel()


async def test_a_block_outside_a_task_is_refused() -> None:
    deadlines = SharedDeadlines(1.0)
    loop = asyncio.get_running_loop()

    def enter_outside_a_task() -> None:
        coro = deadlines.bound().__aenter__()
        with pytest.raises(RuntimeError, match="running task"):
            coro.send(None)

    loop.call_soon(enter_outside_a_task)
    await asyncio.sleep(0.01)


def test_one_instance_serves_successive_event_loops() -> None:
    deadlines = SharedDeadlines(0.05)

    async def stalled() -> None:
        async with deadlines.bound():
            await asyncio.sleep(3600)

    for _ in range(2):
        with pytest.raises(DeadlineExceeded):
            asyncio.run(stalled())


async def test_a_timer_firing_early_rearms_for_the_oldest_running_block(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    deadlines = SharedDeadlines(0.05, clock=clock)
    timers = timers_of(deadlines, monkeypatch)
    task = await _stalled(deadlines)
    await asyncio.sleep(0.2)  # the timer fires, but the clock says nothing is due yet (a browser timer may be early)
    assert not task.done()
    assert timers[:3] == [0.05, 0.05, 0.05]  # re-armed each time for the same block
    clock.now = 0.05
    with pytest.raises(DeadlineExceeded):
        await asyncio.wait_for(task, 5)  # a TimeoutError, but not a DeadlineExceeded, if it were never re-armed

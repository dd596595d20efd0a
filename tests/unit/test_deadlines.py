"""SharedDeadlines: one timer serves every unary call of a channel, with asyncio.timeout's cancellation rules."""

from __future__ import annotations

import asyncio

import pytest

from momento_web.internal.deadlines import DeadlineExceeded, SharedDeadlines


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


async def test_blocks_that_finish_in_time_share_one_timer() -> None:
    deadlines = SharedDeadlines(30.0)
    timers = set()
    for _ in range(20):
        async with deadlines.bound():
            await asyncio.sleep(0)
        timers.add(id(deadlines._timer))
    assert len(timers) == 1  # armed by the first call, never re-armed
    assert not deadlines._running  # finished calls are forgotten


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
    assert not deadlines._running


async def test_a_caller_cancelling_while_the_deadline_expires_gets_cancelled_error() -> None:
    deadlines = SharedDeadlines(30.0)
    task = await _stalled(deadlines)
    deadlines._running[0].deadline = 0.0  # due now: expire it and cancel, before the task runs again
    deadlines._expire()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


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


async def test_a_timer_firing_early_rearms_for_the_oldest_running_block() -> None:
    deadlines = SharedDeadlines(0.1)
    task = await _stalled(deadlines)
    first_timer = deadlines._timer
    deadlines._expire()  # as a browser timer may fire a little early: nothing is due yet
    assert not task.done()
    assert deadlines._timer is not first_timer
    with pytest.raises(DeadlineExceeded):
        await task

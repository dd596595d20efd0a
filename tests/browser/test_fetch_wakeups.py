"""When the task waiting for a FetchTransport response resumes (``transport/resumption.py``, ``_Wakeups`` in
``transport/fetch_transport.py``).

In the promise's microtask, without an event-loop round, unless the page has synchronous clients (then through
the event loop, as every Pyodide task, so that the step can block by JSPI); the transport's
``resume_in_microtask`` or ``RESUME_IN_MICROTASK`` in the task's context decide otherwise. Settlements work while
another task is suspended by JSPI in the middle of its step.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_pyodide import run_in_pyodide

from tests.conftest import LocalServer

pytestmark = pytest.mark.browser


@run_in_pyodide
async def _rounds_per_get(selenium: Any, host: str, port: int) -> None:
    import asyncio
    import uuid
    from collections.abc import Awaitable, Callable
    from datetime import timedelta

    from pyodide.ffi import can_run_sync

    from momento_web import CacheClient, CacheClientAsync, Configurations, CredentialProvider
    from momento_web.config import WireFormat
    from momento_web.responses import CacheGet
    from momento_web.transport import resumption
    from momento_web.transport.fetch_transport import RESUME_IN_MICROTASK, FetchTransport

    loop = asyncio.get_running_loop()
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"wakeups-{uuid.uuid4().hex[:6]}"
    ttl = timedelta(seconds=60)

    def config(resume_in_microtask: bool | None) -> Configurations.Browser:
        return (
            Configurations.Browser.latest()
            .with_wire_format(WireFormat.BINARY)
            .with_transport_factory(lambda: FetchTransport(resume_in_microtask=resume_in_microtask))
        )

    async def counted(run: Callable[[], Awaitable[list[Any]]]) -> tuple[list[Any], int]:
        count = 0
        call_soon = loop.call_soon

        def counting(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            return call_soon(*args, **kwargs)

        loop.call_soon = counting  # type: ignore[method-assign,assignment]
        try:
            return await run(), count
        finally:
            del loop.call_soon

    async def rounds(resume_in_microtask: bool | None, resumed: bool, context: bool | None = None) -> float:
        """Event-loop callbacks per get; asserts what each step after a get could do (``resumed``: not block)."""
        async with await CacheClientAsync.create(config(resume_in_microtask), credentials, ttl) as client:
            await client.create_cache(cache)
            await client.set(cache, "k", b"v" * 100)
            await client.get(cache, "k")

            async def gets() -> list[Any]:
                if context is not None:
                    RESUME_IN_MICROTASK.set(context)  # in this task's own context
                return [(await client.get(cache, "k"), can_run_sync()) for _ in range(20)]

            results, count = await counted(lambda: asyncio.ensure_future(gets()))
        assert all(isinstance(r[0], CacheGet.Hit) and r[0].value_bytes == b"v" * 100 for r in results), results
        # can_run_sync() right after each await: what the rest of that step may do.
        assert {r[1] for r in results} == {not resumed}
        return (count - 2) / len(results)  # less the rounds that start gets() and wake its awaiter

    assert can_run_sync()
    resumption._blocking_callers = False  # whatever tests before made in this Pyodide
    try:
        # Asked for by the transport: a wake-up through the event loop per get, able to block by JSPI; or none.
        assert await rounds(False, resumed=False) >= 1
        assert await rounds(True, resumed=True) <= 0.1
        assert await rounds(False, resumed=False, context=True) >= 1  # the transport's choice wins
        # Automatic (the default): by the task's context if set, else in the microtask...
        assert await rounds(None, resumed=True) <= 0.1
        assert await rounds(None, resumed=False, context=False) >= 1
        # ... until the page has a synchronous client: steps stay able to block.
        with CacheClient(config(None), credentials, ttl) as sync_client:

            async def sync_gets() -> list[Any]:
                return [sync_client.get(cache, "k") for _ in range(20)]

            hits, count = await counted(sync_gets)
        assert all(isinstance(hit, CacheGet.Hit) and hit.value_bytes == b"v" * 100 for hit in hits), hits
        # A sync call's task starts in the caller's step and resumes in the response's microtask: the one round
        # left runs its done callbacks, which resolve the promise the caller waits on by JSPI (three before).
        assert count <= len(hits), count
        assert resumption._blocking_callers
        assert await rounds(None, resumed=False) >= 1
        assert await rounds(None, resumed=True, context=True) <= 0.1
    finally:
        resumption._blocking_callers = False


def test_when_a_get_resumes(selenium_sdk: Any, emulator: LocalServer) -> None:
    _rounds_per_get(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
async def _sync_client_first_made_in_a_resumed_step(selenium: Any, host: str, port: int) -> None:
    import asyncio
    import uuid
    from datetime import timedelta

    from pyodide.ffi import can_run_sync

    from momento_web import CacheClient, CacheClientAsync, Configurations, CredentialProvider
    from momento_web.errors import MomentoErrorCode
    from momento_web.responses import CacheGet
    from momento_web.transport import resumption

    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"wakeups-{uuid.uuid4().hex[:6]}"
    ttl = timedelta(seconds=60)
    config = Configurations.Browser.latest()
    resumption._blocking_callers = False
    try:
        async with await CacheClientAsync.create(config, credentials, ttl) as client:
            await client.create_cache(cache)
            await client.set(cache, "k", "v")

            async def mixed() -> Any:
                await client.get(cache, "k")
                assert not can_run_sync()  # resumed in the microtask: this step cannot block
                with CacheClient(config, credentials, ttl) as sync_client:
                    return sync_client.get(cache, "k")

            error = await asyncio.ensure_future(mixed())
            assert isinstance(error, CacheGet.Error), error
            assert error.error_code is MomentoErrorCode.FAILED_PRECONDITION_ERROR, error
            message = error.message
            assert "resumed in the microtask" in message, message
            assert "Create the synchronous client before awaiting" in message, message
            # Having been made once, it made the page's tasks resume where they can block: the same now works.

            async def mixed_again() -> Any:
                await client.get(cache, "k")
                assert can_run_sync()
                with CacheClient(config, credentials, ttl) as sync_client:
                    return sync_client.get(cache, "k")

            hit = await asyncio.ensure_future(mixed_again())
            assert isinstance(hit, CacheGet.Hit), hit
            assert hit.value_string == "v"
    finally:
        resumption._blocking_callers = False


def test_a_synchronous_client_first_made_in_a_resumed_step_says_why_it_cannot_wait(
    selenium_sdk: Any, emulator: LocalServer
) -> None:
    _sync_client_first_made_in_a_resumed_step(selenium_sdk, emulator.host, emulator.port)


@run_in_pyodide
async def _settlements_while_a_task_is_suspended(selenium: Any, host: str, port: int) -> None:
    import asyncio
    import uuid
    from datetime import timedelta

    import js
    from pyodide.ffi import can_run_sync, create_once_callable, run_sync

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.responses import CacheGet
    from momento_web.transport.fetch_transport import FetchTransport

    assert can_run_sync()
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"wakeups-{uuid.uuid4().hex[:6]}"
    config = Configurations.Browser.latest().with_transport_factory(lambda: FetchTransport(resume_in_microtask=True))
    try:
        async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
            await client.create_cache(cache)
            await client.set(cache, "k", "v")

            async def blocks_by_jspi() -> str:
                # Suspends this task in the middle of its step for 300 ms while the gets below complete and
                # resume: both tasks must finish, with no error reported to the loop.
                def executor(resolve: Any, _reject: Any) -> None:
                    js.setTimeout(create_once_callable(lambda: resolve("woke")), 300)

                return str(run_sync(js.Promise.new(executor)))

            async def gets() -> list[Any]:
                return [await client.get(cache, "k") for _ in range(10)]

            blocked = asyncio.ensure_future(blocks_by_jspi())
            await asyncio.sleep(0)  # let it start and suspend
            woke, hits = await asyncio.wait_for(asyncio.gather(blocked, gets()), 10)
    finally:
        loop.set_exception_handler(None)
    assert woke == "woke"
    assert all(isinstance(hit, CacheGet.Hit) and hit.value_string == "v" for hit in hits), hits
    assert errors == []


def test_settlements_while_another_task_is_suspended_by_jspi(selenium_sdk: Any, emulator: LocalServer) -> None:
    _settlements_while_a_task_is_suspended(selenium_sdk, emulator.host, emulator.port)

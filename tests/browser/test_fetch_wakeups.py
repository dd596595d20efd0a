"""When the task waiting for a FetchTransport response resumes (``_Wakeups`` in ``transport/fetch_transport.py``).

By default as every Pyodide task does, through the event loop, so that the step can block by JSPI; with
``resume_in_microtask`` (or ``RESUME_IN_MICROTASK`` in the task's context) in the promise's microtask, without an
event-loop round, also while another task is suspended by JSPI in the middle of its step.
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

    from momento_web import CacheClientAsync, Configurations, CredentialProvider
    from momento_web.config import WireFormat
    from momento_web.responses import CacheGet
    from momento_web.transport.fetch_transport import RESUME_IN_MICROTASK, FetchTransport

    loop = asyncio.get_running_loop()
    credentials = CredentialProvider.for_momento_local(host, port)
    cache = f"wakeups-{uuid.uuid4().hex[:6]}"

    async def rounds(resume_in_microtask: bool, run: Callable[[Any], Awaitable[list[Any]]]) -> float:
        """Event-loop callbacks per get, and what each step after a get could do."""
        config = (
            Configurations.Browser.latest()
            .with_wire_format(WireFormat.BINARY)
            .with_transport_factory(lambda: FetchTransport(resume_in_microtask=resume_in_microtask))
        )
        async with await CacheClientAsync.create(config, credentials, timedelta(seconds=60)) as client:
            await client.create_cache(cache)
            await client.set(cache, "k", b"v" * 100)
            await client.get(cache, "k")
            count = 0
            call_soon = loop.call_soon

            def counting(*args: Any, **kwargs: Any) -> Any:
                nonlocal count
                count += 1
                return call_soon(*args, **kwargs)

            loop.call_soon = counting  # type: ignore[method-assign,assignment]
            try:
                results = await run(client)
            finally:
                del loop.call_soon
        assert all(isinstance(r[0], CacheGet.Hit) and r[0].value_bytes == b"v" * 100 for r in results), results
        # can_run_sync() right after each await: what the rest of that step may do.
        assert {r[1] for r in results} == {not resume_in_microtask and not RESUME_IN_MICROTASK.get(False)}
        return count / len(results)

    async def gets(client: Any) -> list[Any]:
        return [(await client.get(cache, "k"), can_run_sync()) for _ in range(20)]

    async def gets_asking_by_context(client: Any) -> list[Any]:
        RESUME_IN_MICROTASK.set(True)  # in this task's own context
        return await gets(client)

    assert can_run_sync()
    assert await rounds(False, gets) >= 1  # a wake-up through the event loop per get, able to block by JSPI
    assert await rounds(True, gets) <= 0.1  # resumed in the microtask: no round at all
    assert await asyncio.ensure_future(rounds(False, gets_asking_by_context)) <= 0.1


def test_when_a_get_resumes(selenium_sdk: Any, emulator: LocalServer) -> None:
    _rounds_per_get(selenium_sdk, emulator.host, emulator.port)


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

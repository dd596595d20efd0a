"""Where a task waiting for a browser response resumes: in the microtask that delivers it, or through the loop.

Pyodide's event loop enters Python in a way that lets the step block by JSPI (``pyodide.ffi.run_sync``): two
macrotasks and a stack switch per wake-up, the larger part of what a small call costs beyond JavaScript
(bench/README.md). Resuming the waiting task in the microtask that settles its response skips that, but the
rest of that step then cannot block (``can_run_sync()`` is False there: a synchronous client's call fails,
``time.sleep`` spins instead of yielding).

So the transport decides per wait (:func:`resume_in_microtask`): as :data:`RESUME_IN_MICROTASK` says in the waiting
task's context if it is set there; otherwise in the microtask unless this interpreter has synchronous clients
(:func:`note_blocking_callers`, called as the first one is made): code that mixes the two faces of the API then
keeps its steps able to block. Pure, importable anywhere; only the Pyodide transport acts on it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

#: Set in a task's context to decide for that task (and the tasks it starts afterwards): True resumes it in the
#: settling microtask, False through the event loop. Unset, :func:`resume_in_microtask` decides.
RESUME_IN_MICROTASK: contextvars.ContextVar[bool] = contextvars.ContextVar("momento_web_resume_in_microtask")

_blocking_callers = False
_resuming = False


def note_blocking_callers() -> None:
    """A synchronous client exists: from now on, tasks that did not ask otherwise resume through the loop."""
    global _blocking_callers
    _blocking_callers = True


def resume_in_microtask() -> bool:
    """Whether the task waiting now may resume in the microtask that settles its wait."""
    return RESUME_IN_MICROTASK.get(not _blocking_callers)


def in_resumed_step() -> bool:
    """True while a step resumed in a settling microtask runs (so a blocking call there can say why it cannot)."""
    return _resuming


def run_resumed(callback: Callable[..., object], *args: object, context: contextvars.Context) -> None:
    """Run a task's wake-up ``callback`` now, in ``context``, marked as a resumed step."""
    global _resuming
    outer, _resuming = _resuming, True
    try:
        context.run(callback, *args)
    finally:
        _resuming = outer

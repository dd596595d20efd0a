"""momento-local's fault injection: request metadata that makes calls fail, wait or break their streams, a global
simulated latency, and the outage switch of the test admin (docs/protocol/fault-injection.md).

The keys, sent as request headers (gRPC-web) or gRPC metadata (h2c):

* ``request-id``: the session the counters below belong to (clients keep it for a whole scenario);
* ``return-error`` (an error name) for the calls whose rpc is in ``error-rpcs`` (space-separated rpc names); with
  ``error-count`` N only the first N such calls of the session fail, otherwise every one;
* ``delay-ms`` of waiting before the calls whose rpc is in ``delay-rpcs`` are answered; ``delay-count`` N: only the
  first N of the session;
* ``stream-error`` (an error name) ends the streams whose rpc is in ``stream-error-rpcs`` once
  ``stream-error-message-limit`` messages (heartbeats included; absent: none) have been sent, every time.

A request carrying any of these keys is governed by them alone; one carrying none by the emulator's startup flags
(``--return-error`` …), whose counters form one session of their own. A request-id without a key is counted but
changes nothing. Names outside the vocabularies, malformed numbers or delays over :data:`MAX_DELAY_MS` are
INVALID_ARGUMENT, so that a typo never passes for a scenario that did not happen.

Every wait (latency, delay, outage) ends at the call's deadline with DEADLINE_EXCEEDED, as a server would.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, fields

from momento_web.wire.status import GrpcError, StatusCode

_SCS = "/cache_client.Scs/"
_PUBSUB = "/cache_client.pubsub.Pubsub/"

# momento-local's rpc names (kebab-case of the method) for the data and topic RPCs. Control, token, leaderboard,
# webhook and SortedSetUnionStore calls have none.
_DATA_RPC_NAMES = (
    "get", "set", "delete", "increment", "set-if", "get-with-hash", "set-if-hash", "get-batch", "set-batch",
    "keys-exist", "update-ttl", "item-get-ttl", "item-get-type",
    "dictionary-get", "dictionary-fetch", "dictionary-set", "dictionary-increment", "dictionary-delete",
    "dictionary-length",
    "set-fetch", "set-sample", "set-union", "set-difference", "set-contains", "set-length", "set-pop",
    "list-push-front", "list-push-back", "list-pop-front", "list-pop-back", "list-remove", "list-fetch",
    "list-length", "list-concatenate-front", "list-concatenate-back", "list-retain",
    "sorted-set-put", "sorted-set-fetch", "sorted-set-get-score", "sorted-set-remove", "sorted-set-increment",
    "sorted-set-get-rank", "sorted-set-length", "sorted-set-length-by-score",
)  # fmt: skip
# Names that cover more than their own method: `set-if` is both conditional sets; `list-remove` also ListErase;
# `list-push-front` also ListPopFront, which some official test helpers label that way.
_ALSO = {"set-if": ("SetIfNotExists",), "list-remove": ("ListErase",), "list-push-front": ("ListPopFront",)}

RPC_PATHS: dict[str, frozenset[str]] = {
    **{
        name: frozenset(
            {_SCS + "".join(part.capitalize() for part in name.split("-")), *(_SCS + m for m in _ALSO.get(name, ()))}
        )
        for name in _DATA_RPC_NAMES
    },
    "topic-publish": frozenset({_PUBSUB + "Publish"}),
    "topic-subscribe": frozenset({_PUBSUB + "Subscribe"}),
}

ERRORS: dict[str, StatusCode] = {
    "invalid-argument": StatusCode.INVALID_ARGUMENT,
    "unknown": StatusCode.UNKNOWN,
    "already-exists": StatusCode.ALREADY_EXISTS,
    "not-found": StatusCode.NOT_FOUND,
    "internal": StatusCode.INTERNAL,
    "permission-denied": StatusCode.PERMISSION_DENIED,
    "unauthenticated": StatusCode.UNAUTHENTICATED,
    "cancelled": StatusCode.CANCELLED,
    "resource-exhausted": StatusCode.RESOURCE_EXHAUSTED,
    "deadline-exceeded": StatusCode.DEADLINE_EXCEEDED,
    "unavailable": StatusCode.UNAVAILABLE,
    "failed-precondition": StatusCode.FAILED_PRECONDITION,
}

KEYS = (
    "request-id",
    "return-error",
    "error-rpcs",
    "error-count",
    "delay-rpcs",
    "delay-ms",
    "delay-count",
    "stream-error-rpcs",
    "stream-error",
    "stream-error-message-limit",
)
MAX_DELAY_MS = 600_000  # ten minutes: a scenario, not a way to park calls forever
DEFAULT_MAX_SESSIONS = 10_000  # request-ids whose counters are kept (the least recently used are forgotten)
_SEPARATORS = re.compile(r"[\s,]+")
_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(ns|us|µs|ms|s|min|h)?\s*")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, None: 1e-3}


def parse_duration(text: str) -> float:
    """Seconds in ``text``: a number with a unit (``ns``, ``us``, ``ms``, ``s``, ``min``, ``h``), milliseconds
    without one (``5ms``, ``0.5s``, ``250us``, ``5``); ValueError otherwise."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise ValueError(f"not a duration: {text!r} (e.g. 5ms, 0.5s, 250us)")
    return float(match[1]) * _UNIT_SECONDS[match[2]]


def _invalid(key: str, value: str, expected: str) -> GrpcError:
    return GrpcError(StatusCode.INVALID_ARGUMENT, f"invalid {key} {value!r}: {expected}")


def _rpcs(key: str, value: str | None) -> frozenset[str]:
    paths: set[str] = set()
    for name in _SEPARATORS.split((value or "").strip().lower()):
        if not name:
            continue
        if name not in RPC_PATHS:
            raise _invalid(key, name, f"not an rpc name (one of: {', '.join(sorted(RPC_PATHS))})")
        paths |= RPC_PATHS[name]
    return frozenset(paths)


def _error(key: str, value: str | None) -> StatusCode | None:
    if value is None or not value.strip():
        return None
    code = ERRORS.get(value.strip().lower())
    if code is None:
        raise _invalid(key, value, f"not an error name (one of: {', '.join(ERRORS)})")
    return code


def _count(key: str, value: str | None, maximum: int | None = None) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isascii() or not text.isdigit() or (maximum is not None and int(text) > maximum):
        limit = "" if maximum is None else f" of at most {maximum}"
        raise _invalid(key, value, f"expected a decimal number{limit}")
    return int(text)


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """The faults one request (or the startup flags) asks for; rpc sets hold HTTP paths."""

    return_error: StatusCode | None = None
    error_rpcs: frozenset[str] = frozenset()
    error_count: int | None = None  # None: every matching call
    delay_rpcs: frozenset[str] = frozenset()
    delay_ms: int | None = None
    delay_count: int | None = None
    stream_error_rpcs: frozenset[str] = frozenset()
    stream_error: StatusCode | None = None
    stream_error_message_limit: int | None = None  # None: before the first message

    @classmethod
    def parse(cls, values: Mapping[str, str | None]) -> FaultSpec:
        """From metadata-style values (``error-rpcs`` …); raises INVALID_ARGUMENT for a malformed one."""
        return cls(
            return_error=_error("return-error", values.get("return-error")),
            error_rpcs=_rpcs("error-rpcs", values.get("error-rpcs")),
            error_count=_count("error-count", values.get("error-count")),
            delay_rpcs=_rpcs("delay-rpcs", values.get("delay-rpcs")),
            delay_ms=_count("delay-ms", values.get("delay-ms"), MAX_DELAY_MS),
            delay_count=_count("delay-count", values.get("delay-count")),
            stream_error_rpcs=_rpcs("stream-error-rpcs", values.get("stream-error-rpcs")),
            stream_error=_error("stream-error", values.get("stream-error")),
            stream_error_message_limit=_count("stream-error-message-limit", values.get("stream-error-message-limit")),
        )

    @property
    def empty(self) -> bool:
        return self == _NO_FAULTS


_NO_FAULTS = FaultSpec()


@dataclass(slots=True)
class SessionCounters:
    """What one request-id (or the startup flags' session) has seen so far."""

    calls: int = 0  # every call carrying the request-id
    errors: int = 0  # calls failed by return-error
    delays: int = 0  # calls delayed by delay-ms
    stream_errors: int = 0  # streams ended by stream-error

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass(frozen=True, slots=True)
class Plan:
    """What happens to one call: a wait, then maybe an error instead of the handler, and for a stream maybe an
    error after ``stream_message_limit`` messages."""

    delay: float = 0.0  # seconds, latency included
    error: GrpcError | None = None
    stream_error: GrpcError | None = None
    stream_message_limit: int = 0
    counters: SessionCounters | None = field(default=None, compare=False)


class Outage:
    """The test admin's simulated network outage of the data port (momento-local's ``/block``): new calls wait and
    open topic streams deliver nothing until it ends. ``on_change`` listeners hear of every switch."""

    def __init__(self) -> None:
        self._over = asyncio.Event()
        self._over.set()
        self._listeners: list[Callable[[bool], None]] = []

    @property
    def blocked(self) -> bool:
        return not self._over.is_set()

    def on_change(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    def set_blocked(self, blocked: bool) -> None:
        if blocked:
            self._over.clear()
        else:
            self._over.set()
        for listener in self._listeners:
            listener(blocked)

    async def wait_over(self) -> None:
        await self._over.wait()


class FaultInjector:
    """Plans the faults of every call: its own metadata, else the startup ``defaults``; counts per session."""

    def __init__(
        self,
        defaults: FaultSpec = _NO_FAULTS,
        *,
        latency: float = 0.0,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        outage: Outage | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if latency < 0 or max_sessions < 1:
            raise ValueError("latency must not be negative and max_sessions must be at least 1")
        self.defaults = defaults
        self.latency = latency
        self.max_sessions = max_sessions
        self.outage = outage or Outage()
        self._clock = clock
        self._sessions: OrderedDict[str, SessionCounters] = OrderedDict()
        self._default_session = SessionCounters()

    def session(self, request_id: str) -> SessionCounters | None:
        """The counters of ``request_id``, if it has been seen (and not forgotten)."""
        return self._sessions.get(request_id)

    def plan(self, path: str, metadata: Mapping[str, str]) -> Plan | None:
        """The faults of a call of ``path``; None if nothing happens to it. Raises INVALID_ARGUMENT for malformed
        fault metadata."""
        request_id = metadata.get("request-id", "").strip()
        if any(key in metadata for key in KEYS[1:]):
            spec = FaultSpec.parse(metadata)
            counters = self._counters(request_id) if request_id else self._counters("")
        elif request_id:
            spec, counters = _NO_FAULTS, self._counters(request_id)
        else:
            spec, counters = self.defaults, self._default_session
        counters.calls += 1
        if spec.empty and not self.latency:
            return None
        delay = self.latency
        if spec.delay_ms is not None and path in spec.delay_rpcs and _take(spec.delay_count, counters, "delays"):
            delay += spec.delay_ms / 1000
        error = None
        if spec.return_error is not None and path in spec.error_rpcs and _take(spec.error_count, counters, "errors"):
            error = GrpcError(spec.return_error, f"injected by return-error ({_name(spec.return_error)})")
        stream_error = None
        if spec.stream_error is not None and path in spec.stream_error_rpcs:
            stream_error = GrpcError(spec.stream_error, f"injected by stream-error ({_name(spec.stream_error)})")
        if not delay and error is None and stream_error is None:
            return None
        limit = spec.stream_error_message_limit or 0
        return Plan(delay, error, stream_error, limit, counters)

    async def before(self, plan: Plan | None, deadline: float | None) -> None:
        """Wait out an outage and the plan's delay, then raise its error, if any; a deadline that passes first is
        DEADLINE_EXCEEDED."""
        if self.outage.blocked:
            await self._until(self.outage.wait_over(), deadline, "while the test admin blocks the emulator")
        if plan is None:
            return
        if plan.delay > 0:
            await self._until(asyncio.sleep(plan.delay), deadline, "during the simulated delay")
        if plan.error is not None:
            raise plan.error

    async def _until(self, wait: Awaitable[object], deadline: float | None, during: str) -> None:
        remaining = None if deadline is None else deadline - self._clock()
        try:
            async with asyncio.timeout(remaining):
                await wait
        except TimeoutError:
            raise GrpcError(StatusCode.DEADLINE_EXCEEDED, f"deadline exceeded {during}") from None

    def _counters(self, request_id: str) -> SessionCounters:
        counters = self._sessions.get(request_id)
        if counters is None:
            counters = self._sessions[request_id] = SessionCounters()
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)
        else:
            self._sessions.move_to_end(request_id)
        return counters


def _take(limit: int | None, counters: SessionCounters, name: str) -> bool:
    """Whether one more fault of kind ``name`` is due under ``limit`` (None: always); counts it if so."""
    used: int = getattr(counters, name)
    if limit is not None and used >= limit:
        return False
    setattr(counters, name, used + 1)
    return True


def _name(code: StatusCode) -> str:
    return next(name for name, candidate in ERRORS.items() if candidate is code)

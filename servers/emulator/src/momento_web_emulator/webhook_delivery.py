"""Delivering topic items to webhooks: the event body, its signature, and one background worker per webhook.

Each item published on a webhook's topic becomes an event, POSTed to the webhook's URL as Momento does: a JSON
object with ``cache``, ``topic``, ``event_timestamp`` (ms since the epoch, when it was published),
``publish_timestamp`` (ms, when this delivery was sent), ``topic_sequence_number``, ``token_id`` (the publisher's
token id, empty without one) and either ``text`` or, for a binary item, ``binary`` holding its base64 (Momento's
documentation shows text items only; base64 is this emulator's choice). The ``momento-signature`` header is the
hex HMAC-SHA3-256 of the body exactly as sent, keyed with the webhook's secret as it is at that moment, so a
rotated secret signs the very next attempt.

A delivery is confirmed by any 2xx answer within :attr:`DeliverySettings.timeout`; anything else (another status,
no answer in time, no connection) fails it. Unlike Momento, which tries once, a failed event is retried with
exponential backoff until it is confirmed or :attr:`DeliverySettings.give_up_after` has passed, and the events of
one webhook are sent one at a time in publication order, so a receiver that is down for a moment gets everything,
in order. Publishers never wait: an event is queued in O(1), and the queues are bounded (per webhook and in all,
and within the store's memory budget, which they share with items and topic buffers); events that do not fit, or
that are given up, are dropped, counted in :class:`DeliveryStats` and logged. Protocol: docs/protocol/webhooks.md.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import hashlib
import hmac
import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from momento_web_emulator.store import LimitExceeded

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

USER_AGENT = "Momento/1.0 (Webhooks; +https://docs.momentohq.com/topics/webhooks)"  # Momento's, verbatim
_EVENT_OVERHEAD = 256  # bytes counted per queued event besides its value (names, numbers, bookkeeping)
DEFAULT_TIMEOUT = 5.0  # seconds for a 2xx answer, as Momento waits


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    timeout: float = DEFAULT_TIMEOUT
    first_backoff: float = 0.1  # seconds before the first retry; doubles up to max_backoff
    max_backoff: float = 5.0
    give_up_after: float = 60.0  # seconds after its first attempt an event is dropped if still not confirmed
    queue_items: int = 1024  # events waiting per webhook
    queue_bytes: int = 8 * 1024 * 1024  # bytes of events waiting per webhook
    total_bytes: int = 64 * 1024 * 1024  # bytes of events waiting for all webhooks together

    def __post_init__(self) -> None:
        if min(self.timeout, self.first_backoff, self.max_backoff, self.give_up_after) <= 0:
            raise ValueError("webhook delivery times must be positive")
        if min(self.queue_items, self.queue_bytes, self.total_bytes) < 1:
            raise ValueError("webhook queue bounds must be at least 1")


@dataclass(slots=True)
class DeliveryStats:
    """What happened to events, for logs and tests."""

    delivered: int = 0
    failed_attempts: int = 0
    dropped_full: int = 0  # did not fit in a queue
    dropped_given_up: int = 0  # never confirmed within give_up_after
    queued_bytes: int = 0  # currently waiting, all webhooks together

    @property
    def dropped(self) -> int:
        return self.dropped_full + self.dropped_given_up


@dataclass(frozen=True, slots=True)
class Event:
    cache: str
    topic: str
    event_timestamp: int  # ms since the epoch
    topic_sequence_number: int
    token_id: str
    text: str | None
    binary: bytes | None

    @property
    def size(self) -> int:
        return _EVENT_OVERHEAD + (len(self.binary) if self.binary is not None else len(self.text or "") * 4)

    def body(self, publish_timestamp: int) -> bytes:
        """The JSON body of one delivery attempt, sent ``publish_timestamp`` (ms since the epoch)."""
        document: dict[str, object] = {
            "cache": self.cache,
            "topic": self.topic,
            "event_timestamp": self.event_timestamp,
            "publish_timestamp": publish_timestamp,
            "topic_sequence_number": self.topic_sequence_number,
            "token_id": self.token_id,
        }
        if self.binary is not None:
            document["binary"] = base64.b64encode(self.binary).decode("ascii")
        else:
            document["text"] = self.text
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(body: bytes, secret: str) -> str:
    """The ``momento-signature`` of ``body``: hex HMAC-SHA3-256 keyed with the secret's UTF-8."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha3_256).hexdigest()


class Budget(Protocol):
    """The memory budget queued events are held in (the store's, shared with items and topic buffers)."""

    def reserve(self, nbytes: int) -> None:
        """Hold ``nbytes`` more; raises LimitExceeded if they do not fit."""
        ...

    def release(self, nbytes: int) -> None: ...


class Poster(Protocol):
    """Sends one POST and returns the answer's status, or raises (no connection, or a broken one)."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int: ...

    async def aclose(self) -> None: ...


class HttpxPoster:
    """POSTs with httpx, reading only the status (a receiver's body, however big, is never read)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        import httpx  # only once a webhook delivers: the emulator starts without it

        # No proxies from the environment (a local receiver must be reached directly), no redirects followed.
        # The timeout bounds each phase; the worker bounds the whole attempt.
        self._client: httpx.AsyncClient = httpx.AsyncClient(trust_env=False, follow_redirects=False, timeout=timeout)

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> int:
        async with self._client.stream("POST", url, content=body, headers=dict(headers)) as response:
            return response.status_code

    async def aclose(self) -> None:
        await self._client.aclose()


@dataclass(frozen=True, slots=True)
class Target:
    """Where and how one webhook's next attempt goes; read afresh for every attempt."""

    name: str
    url: str
    secret: str


class DeliveryQueue:
    """The events of one webhook and the worker that sends them, one at a time, in order."""

    def __init__(
        self,
        target: Callable[[], Target],
        settings: DeliverySettings,
        stats: DeliveryStats,
        poster: Callable[[], Poster] = HttpxPoster,
        clock: Callable[[], float] = time.time,
        budget: Budget | None = None,
    ) -> None:
        self._target = target
        self._budget = budget
        self._settings = settings
        self._stats = stats
        self._poster = poster
        self._clock = clock
        self._events: collections.deque[Event] = collections.deque()
        self._bytes = 0
        self._worker: asyncio.Task[None] | None = None
        self._closed = False
        self._full_since_log = 0
        self._full_logged_at = -math.inf

    def __len__(self) -> int:
        return len(self._events)

    def enqueue(self, event: Event) -> bool:
        """Queue ``event`` and make sure the worker runs; False (dropped, counted) if it does not fit."""
        settings, stats = self._settings, self._stats
        size = event.size
        if self._closed:
            return False
        if (
            len(self._events) >= settings.queue_items
            or self._bytes + size > settings.queue_bytes
            or stats.queued_bytes + size > settings.total_bytes
        ):
            return self._drop_full()
        if self._budget is not None:
            try:
                self._budget.reserve(size)
            except LimitExceeded:
                return self._drop_full()
        self._events.append(event)
        self._bytes += size
        stats.queued_bytes += size
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._work(), name="webhook delivery")
        return True

    def close(self) -> None:
        """Stop delivering (the webhook or its cache is gone): the worker ends, the waiting events are dropped."""
        self._closed = True
        if self._worker is not None:
            self._worker.cancel()
        self._clear()

    async def _work(self) -> None:
        poster = self._poster()
        try:
            while self._events:
                event = self._events[0]
                await self._deliver(poster, event)
                if self._events and self._events[0] is event:
                    self._events.popleft()
                    self._release(event)
        finally:
            self._worker = None
            await poster.aclose()

    async def _deliver(self, poster: Poster, event: Event) -> None:
        """Send ``event`` until a 2xx confirms it or it is given up."""
        settings, stats = self._settings, self._stats
        loop = asyncio.get_running_loop()
        first_attempt = loop.time()  # monotonic; self._clock is the wall clock of the timestamps
        backoff = settings.first_backoff
        while True:
            target = self._target()
            body = event.body(publish_timestamp=int(self._clock() * 1000))
            headers = {
                "content-type": "application/json",
                "user-agent": USER_AGENT,
                "momento-signature": signature(body, target.secret),
            }
            problem = await self._attempt(poster, target.url, body, headers)
            if problem is None:
                stats.delivered += 1
                return
            stats.failed_attempts += 1
            if loop.time() - first_attempt + backoff > settings.give_up_after:
                stats.dropped_given_up += 1
                logger.warning(
                    "webhook %r: dropped item %d of topic %r after %.0f s of failed deliveries (last: %s)",
                    target.name, event.topic_sequence_number, event.topic, settings.give_up_after, problem,
                )  # fmt: skip
                return
            logger.info("webhook %r: delivery failed (%s); retrying in %.1f s", target.name, problem, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, settings.max_backoff)

    async def _attempt(self, poster: Poster, url: str, body: bytes, headers: Mapping[str, str]) -> str | None:
        """None if confirmed, else what went wrong."""
        try:
            async with asyncio.timeout(self._settings.timeout):
                status = await poster.post(url, body, headers)
        except TimeoutError:
            return f"no answer within {self._settings.timeout:g} s"
        except Exception as error:  # no connection, a broken one, a URL httpx refuses: all mean "not delivered"
            return f"{type(error).__name__}: {error}"
        return None if 200 <= status < 300 else f"HTTP {status}"

    def _drop_full(self) -> bool:
        """Count and log an event that does not fit; False, for :meth:`enqueue`."""
        self._stats.dropped_full += 1
        # One line per second at most: a dead receiver under a busy topic would otherwise flood the log.
        self._full_since_log += 1
        now = time.monotonic()
        if now - self._full_logged_at >= 1.0:
            target = self._target()
            logger.warning(
                "webhook %r: queue full (%d events waiting); dropped %d event(s)",
                target.name, len(self._events), self._full_since_log,
            )  # fmt: skip
            self._full_since_log = 0
            self._full_logged_at = now
        return False

    def _release(self, event: Event) -> None:
        size = event.size
        self._bytes -= size
        self._stats.queued_bytes -= size
        if self._budget is not None:
            self._budget.release(size)

    def _clear(self) -> None:
        while self._events:
            self._release(self._events.popleft())

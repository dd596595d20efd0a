"""One logical topic subscription over any number of Subscribe streams.

:meth:`SubscriptionStream.start` opens the first stream and waits for its first message (a heartbeat). A task
then reads messages into a bounded queue of events (items, discontinuities, heartbeats). When a stream breaks or
ends, the task opens another one that resumes after the last item seen, waiting per :class:`Backoff`; items
the server replays twice are dropped, and a jump in sequence numbers the server did not announce becomes a
discontinuity. Errors a retry cannot fix end the subscription with an ``Error`` event. A stream that sends
nothing at all (not even a heartbeat) for ``idle_timeout`` seconds is closed and resumed like a broken one
(:mod:`~momento_web.internal.topics.watchdog`): a half-open connection would otherwise wait forever.

Cancelling (``unsubscribe``) stops the task, which closes the stream: the request is aborted (AbortController in
the browser, the HTTP connection on CPython).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

from momento_web._messages import cachepubsub as pb
from momento_web.errors import convert_error
from momento_web.internal.services import Service
from momento_web.internal.topics.resume import Backoff, ResumePosition
from momento_web.internal.topics.watchdog import IdleTimeout, Watchdog
from momento_web.responses.pubsub.subscription_item import TopicSubscriptionItem, TopicSubscriptionItemResponse
from momento_web.wire.status import GrpcError, StatusCode

logger = logging.getLogger("momento_web")

OpenStream = Callable[[int, int], AsyncIterator[pb._SubscriptionItem]]
"""``(resume_at_topic_sequence_number, sequence_page)`` → the messages of a new Subscribe call."""

# Transient by nature; anything else (NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, ...) would
# fail again the same way, so it ends the subscription.
RETRYABLE = frozenset(
    {
        StatusCode.UNAVAILABLE,
        StatusCode.INTERNAL,
        StatusCode.UNKNOWN,
        StatusCode.CANCELLED,
        StatusCode.ABORTED,
        StatusCode.DEADLINE_EXCEEDED,
        StatusCode.RESOURCE_EXHAUSTED,
        StatusCode.DATA_LOSS,
    }
)
# Events waiting for the consumer before the task stops reading (the server then buffers, or reports a gap).
_QUEUE_LIMIT = 1024


class SubscriptionStream:
    def __init__(
        self,
        open_stream: OpenStream,
        position: ResumePosition,
        backoff: Backoff,
        on_end: Callable[[], None],
        accept_timeout: float | None = None,
        idle_timeout: float | None = None,
    ) -> None:
        """``accept_timeout``: seconds each stream may take to send its first message (None: no limit); the
        stream itself then has no deadline, only ``idle_timeout``: the longest silence before it is replaced."""
        self._open_stream = open_stream
        self._position = position
        self._backoff = backoff
        self._on_end = on_end
        self._accept_timeout = accept_timeout
        self._accepted_at: float | None = None
        self._queue: asyncio.Queue[TopicSubscriptionItemResponse | None] = asyncio.Queue()  # None: the end
        self._room = asyncio.Event()
        self._watchdog = Watchdog(idle_timeout)
        self._stream: AsyncIterator[pb._SubscriptionItem] | None = None
        self._task: asyncio.Task[None] | None = None
        self._reaper: asyncio.Task[None] | None = None
        self._ended = False
        self.heartbeats = 0
        self.reconnects = 0

    @property
    def position(self) -> ResumePosition:
        return self._position

    @property
    def active(self) -> bool:
        return not self._ended

    async def start(self) -> None:
        """Open the first stream and wait for its first message; raises if that fails (nothing is left open)."""
        try:
            stream, first = await self._accept()
        except BaseException:
            self._end()
            raise
        self._deliver(first)
        self._task = asyncio.ensure_future(self._run(stream))

    async def next_event(self) -> TopicSubscriptionItemResponse | None:
        """The next event, or None once the subscription has ended (after its ``Error``, if any)."""
        event = await self._queue.get()
        if self._queue.qsize() < _QUEUE_LIMIT:
            self._room.set()
        if event is None:
            self._queue.put_nowait(None)  # every later call ends too
        return event

    def cancel(self) -> None:
        """Stop at once: pending events are discarded, the request is aborted as soon as the loop runs."""
        self._cancel()

    async def aclose(self) -> None:
        """Cancel and wait until the request is released."""
        await asyncio.shield(self._cancel())

    def _cancel(self) -> asyncio.Task[None]:
        """Cancel once; returns the task that releases the request."""
        if self._reaper is not None:
            return self._reaper
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)
        self._end()
        if self._task is not None:
            self._task.cancel()
        self._reaper = asyncio.ensure_future(self._reap())
        return self._reaper

    # --- the reading task -------------------------------------------------------------------------------------

    async def _accept(self) -> tuple[AsyncIterator[pb._SubscriptionItem], pb._SubscriptionItem]:
        """Open a stream and wait for its first message (the server's acceptance); raises GrpcError."""
        self._accepted_at = None
        stream = self._stream = self._open_stream(*self._position.request())
        try:
            async with asyncio.timeout(self._accept_timeout):
                first = await anext(stream)
        except StopAsyncIteration:
            raise GrpcError(StatusCode.UNAVAILABLE, "the subscription ended before its first message") from None
        except TimeoutError:
            await _close(stream)
            raise GrpcError(
                StatusCode.DEADLINE_EXCEEDED, f"no answer to the subscription within {self._accept_timeout:g} s"
            ) from None
        except BaseException:
            await _close(stream)
            raise
        self._accepted_at = asyncio.get_running_loop().time()
        return stream, first

    async def _run(self, stream: AsyncIterator[pb._SubscriptionItem]) -> None:
        """Read ``stream`` (the first one, already accepted), then resume until an error a retry cannot fix."""
        loop = asyncio.get_running_loop()
        try:
            error = await self._read(stream)
            while error is None or error.code in RETRYABLE:
                if self._accepted_at is not None and loop.time() - self._accepted_at >= self._backoff.initial:
                    self._backoff.reset()  # that stream worked for a while: retry at once
                delay = self._backoff.next_delay()
                logger.debug("topic subscription stream ended (%s); resuming in %.2f s", error or "OK", delay)
                await asyncio.sleep(delay)
                self.reconnects += 1
                error = await self._resume()
            self._fail(error)
        except Exception as exc:
            logger.warning("topic subscription failed unexpectedly", exc_info=True)
            self._fail(exc)
        finally:
            if self._stream is not None:
                await _close(self._stream)
            self._end()

    async def _resume(self) -> GrpcError | None:
        """Open the next stream (after the last item seen) and read it to its end; returns how it ended."""
        try:
            stream, first = await self._accept()
            self._deliver(first)
        except GrpcError as error:
            return error
        return await self._read(stream)

    async def _read(self, stream: AsyncIterator[pb._SubscriptionItem]) -> GrpcError | None:
        """Deliver the stream's messages, then close it; returns how it ended (None: OK)."""
        watchdog = self._watchdog
        try:
            async with watchdog:
                async for message in stream:
                    watchdog.touch()
                    self._deliver(message)
                    if self._queue.qsize() >= _QUEUE_LIMIT:
                        with watchdog.paused():
                            while self._queue.qsize() >= _QUEUE_LIMIT:
                                self._room.clear()
                                await self._room.wait()
        except GrpcError as error:
            return error
        except IdleTimeout:
            silence = f"no message (not even a heartbeat) for {watchdog.timeout:g} s"
            return GrpcError(StatusCode.UNAVAILABLE, f"the subscription stream went silent: {silence}")
        finally:
            await _close(stream)
        return None

    def _deliver(self, message: pb._SubscriptionItem) -> None:
        kind = message.WhichOneof("kind")
        if kind == "item":
            self._item(message.item)
        elif kind == "discontinuity":
            gap = message.discontinuity
            self._position.move_to(gap.new_topic_sequence, gap.new_sequence_page)
            self._push(
                TopicSubscriptionItem.Discontinuity(
                    gap.last_topic_sequence, gap.new_topic_sequence, gap.new_sequence_page
                )
            )
        elif kind == "heartbeat":
            self.heartbeats += 1
            if self._queue.empty():  # one pending heartbeat says all that a hundred would
                self._push(TopicSubscriptionItem.Heartbeat())

    def _item(self, item: pb._TopicItem) -> None:
        sequence, page = item.topic_sequence_number, item.sequence_page
        position = self._position
        if position.is_replayed(sequence, page):
            return
        skipped = position.skips_to(sequence, page)
        last = position.sequence_number if skipped else sequence - 1
        position.move_to(sequence, page)
        event = _value_event(item)
        if event is None:
            # One item this client cannot read: reported as missed, as the Rust SDK does. The Python SDK yields an
            # Error (docs/protocol/sdk-quirks.md, quirk 5), but here an Error ends the subscription, which one odd
            # item should not.
            logger.warning("topic item %d of page %d is neither text nor binary: reported as missed", sequence, page)
            self._push(TopicSubscriptionItem.Discontinuity(last, sequence, page))
            return
        if skipped:
            self._push(TopicSubscriptionItem.Discontinuity(last, sequence - 1, page))
        self._push(event)

    def _push(self, event: TopicSubscriptionItemResponse | None) -> None:
        if self._reaper is None:
            self._queue.put_nowait(event)

    def _fail(self, error: Exception) -> None:
        self._push(TopicSubscriptionItem.Error(convert_error(error, Service.TOPICS)))
        self._push(None)
        self._end()

    def _end(self) -> None:
        if not self._ended:
            self._ended = True
            self._on_end()

    async def _reap(self) -> None:
        if self._task is not None:
            await asyncio.wait([self._task])  # its outcome was cancellation; do not re-raise it here
        if self._stream is not None:
            await _close(self._stream)


def _value_event(item: pb._TopicItem) -> TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary | None:
    value, sequence, page = item.value, item.topic_sequence_number, item.sequence_page
    kind = value.WhichOneof("kind")
    if kind == "text":
        return TopicSubscriptionItem.Text(value.text, sequence, page, item.publisher_id)
    if kind == "binary":
        return TopicSubscriptionItem.Binary(value.binary, sequence, page, item.publisher_id)
    return None  # no value, or a kind newer than this client


async def _close(stream: AsyncIterator[pb._SubscriptionItem]) -> None:
    """Close a stream (the channel's are async generators; closing one aborts its request)."""
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        await aclose()

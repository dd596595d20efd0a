"""Response of ``subscribe``: a live ``TopicSubscribe.SubscriptionAsync`` (``.Subscription`` from the sync
``TopicClient``) or ``TopicSubscribe.Error``.

A subscription is an async iterator of ``TopicSubscriptionItem.Text``/``.Binary`` items and, if it ends for a reason
that resuming cannot fix, one final ``.Error``. It resumes by itself after broken streams and silent ones
(``TopicConfiguration.heartbeat_timeout``). Leaving an ``async for`` over it (``break``, ``return``, an exception)
unsubscribes, as does ``unsubscribe()``, ``aclose()`` or ``async with``::

    async for item in subscription:
        match item:
            case TopicSubscriptionItem.Text(value=text, sequence_number=n): ...
            case TopicSubscriptionItem.Error() as error: ...

Heartbeats and discontinuities are skipped unless asked for with :meth:`~TopicSubscribe.SubscriptionAsync.events`.
For pages that prefer callbacks, :meth:`~TopicSubscribe.SubscriptionAsync.listen` runs them from that same iterator.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.pubsub.subscription_item import TopicSubscriptionItem, TopicSubscriptionItemResponse
from momento_web.responses.response import PubsubResponse

if TYPE_CHECKING:
    from momento_web.internal.synchronous import Runner
    from momento_web.internal.topics.stream import SubscriptionStream

logger = logging.getLogger("momento_web")

EventT = TypeVar("EventT", bound=TopicSubscriptionItemResponse)
Callback = Callable[[EventT], Awaitable[None] | None]
"""A plain function or a coroutine function."""
ItemCallback = Callback[TopicSubscriptionItem.Text | TopicSubscriptionItem.Binary]


class TopicSubscribeResponse(PubsubResponse):
    """``TopicSubscribe.SubscriptionAsync``, ``TopicSubscribe.Subscription`` (sync) or ``TopicSubscribe.Error``."""


class TopicSubscribe:
    class SubscriptionBase(TopicSubscribeResponse):
        """What the async and the synchronous subscription are both (momento's common base)."""

    class SubscriptionAsync(SubscriptionBase):
        """A live subscription; consume it from one task at a time."""

        def __init__(self, cache_name: str, topic_name: str, stream: SubscriptionStream) -> None:
            self._cache_name = cache_name
            self._topic_name = topic_name
            self._stream = stream
            self._listener: asyncio.Task[None] | None = None

        @property
        def cache_name(self) -> str:
            return self._cache_name

        @property
        def topic_name(self) -> str:
            return self._topic_name

        @property
        def is_subscribed(self) -> bool:
            """False once unsubscribed or ended by an error."""
            return self._stream.active

        @property
        def last_sequence_number(self) -> int:
            """Of the last item delivered (0 before the first); resuming continues after it."""
            return self._stream.position.sequence_number

        @property
        def last_sequence_page(self) -> int:
            return self._stream.position.sequence_page

        @property
        def heartbeats(self) -> int:
            """Heartbeats received so far, over every stream of this subscription."""
            return self._stream.heartbeats

        @property
        def reconnects(self) -> int:
            """How many times a broken stream was replaced."""
            return self._stream.reconnects

        def __aiter__(self) -> AsyncIterator[TopicSubscriptionItemResponse]:
            return self.events()

        async def __anext__(self) -> TopicSubscriptionItemResponse:
            """The next ``Text``, ``Binary`` or (final) ``Error``. Does not unsubscribe when the caller stops."""
            while True:
                event = await self._stream.next_event()
                if event is None:
                    raise StopAsyncIteration
                if not isinstance(event, TopicSubscriptionItem.Heartbeat | TopicSubscriptionItem.Discontinuity):
                    return event

        async def events(
            self, *, heartbeats: bool = False, discontinuities: bool = False
        ) -> AsyncGenerator[TopicSubscriptionItemResponse, None]:
            """Items and the final ``Error``, plus ``Heartbeat`` and ``Discontinuity`` events if asked for.
            Leaving the loop early (or ``aclose()``) unsubscribes."""
            try:
                while (event := await self._stream.next_event()) is not None:
                    if isinstance(event, TopicSubscriptionItem.Heartbeat) and not heartbeats:
                        continue
                    if isinstance(event, TopicSubscriptionItem.Discontinuity) and not discontinuities:
                        continue
                    yield event
            finally:
                self.unsubscribe()  # synchronous, so it also runs when the generator is merely garbage-collected

        def listen(
            self,
            on_item: ItemCallback,
            *,
            on_error: Callback[TopicSubscriptionItem.Error] | None = None,
            on_discontinuity: Callback[TopicSubscriptionItem.Discontinuity] | None = None,
            on_heartbeat: Callback[TopicSubscriptionItem.Heartbeat] | None = None,
        ) -> asyncio.Task[None]:
            """Call the callbacks for each event, from a task that runs until the subscription ends.

            Callbacks may be plain or ``async`` functions; one that raises is logged and the next event still
            delivered. Cancelling the returned task unsubscribes.
            """
            if self._listener is None:
                self._listener = asyncio.ensure_future(
                    self._dispatch(on_item, on_error, on_discontinuity, on_heartbeat)
                )
                # Also when cancelled before it ever ran (then the iterator that would unsubscribe never existed).
                self._listener.add_done_callback(lambda _: self.unsubscribe())
            return self._listener

        async def _dispatch(
            self,
            on_item: ItemCallback,
            on_error: Callback[TopicSubscriptionItem.Error] | None,
            on_discontinuity: Callback[TopicSubscriptionItem.Discontinuity] | None,
            on_heartbeat: Callback[TopicSubscriptionItem.Heartbeat] | None,
        ) -> None:
            events = self.events(heartbeats=on_heartbeat is not None, discontinuities=on_discontinuity is not None)
            async for event in events:
                match event:
                    case TopicSubscriptionItem.Text() | TopicSubscriptionItem.Binary():
                        await _call(on_item, event)
                    case TopicSubscriptionItem.Error():
                        await _call(on_error, event)
                    case TopicSubscriptionItem.Discontinuity():
                        await _call(on_discontinuity, event)
                    case TopicSubscriptionItem.Heartbeat():
                        await _call(on_heartbeat, event)

        def unsubscribe(self) -> None:
            """End the subscription now: the request is aborted without waiting for another message."""
            self._stream.cancel()

        async def aclose(self) -> None:
            """Unsubscribe and wait until the request has been released."""
            await self._stream.aclose()

        async def __aenter__(self) -> TopicSubscribe.SubscriptionAsync:
            return self

        async def __aexit__(
            self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
        ) -> None:
            await self.aclose()

        def __repr__(self) -> str:
            return (
                f"TopicSubscribe.SubscriptionAsync(cache_name={self._cache_name!r}, topic_name={self._topic_name!r}, "
                f"is_subscribed={self.is_subscribed}, last_sequence_number={self.last_sequence_number}, "
                f"last_sequence_page={self.last_sequence_page})"
            )

    class Subscription(SubscriptionBase):
        """The synchronous ``TopicClient``'s live subscription: ``for item in subscription`` waits for each
        ``Text``/``Binary`` item and the final ``Error``. It drives a :class:`SubscriptionAsync` underneath, so it
        resumes after broken and silent streams in exactly the same way. Leaving the ``for`` loop early (or
        ``unsubscribe()``, or ``with``) unsubscribes; ``next(subscription)`` does not, and raises
        ``StopIteration`` once the subscription has ended.

        Where the client cannot wait (in the browser without JSPI) the next item is an ``Error`` that says so,
        and the subscription ends.
        """

        def __init__(self, subscription: TopicSubscribe.SubscriptionAsync, runner: Runner) -> None:
            self._subscription = subscription
            self._runner = runner
            self._ended = False  # by a wait that could not happen

        @property
        def cache_name(self) -> str:
            return self._subscription.cache_name

        @property
        def topic_name(self) -> str:
            return self._subscription.topic_name

        @property
        def is_subscribed(self) -> bool:
            """False once unsubscribed or ended by an error."""
            return self._subscription.is_subscribed and not self._ended

        @property
        def last_sequence_number(self) -> int:
            """Of the last item delivered (0 before the first); resuming continues after it."""
            return self._subscription.last_sequence_number

        @property
        def last_sequence_page(self) -> int:
            return self._subscription.last_sequence_page

        @property
        def heartbeats(self) -> int:
            """Heartbeats received so far, over every stream of this subscription."""
            return self._subscription.heartbeats

        @property
        def reconnects(self) -> int:
            """How many times a broken stream was replaced."""
            return self._subscription.reconnects

        def __iter__(self) -> Iterator[TopicSubscriptionItemResponse]:
            return self.events()

        def __next__(self) -> TopicSubscriptionItemResponse:
            """The next ``Text``, ``Binary`` or (final) ``Error``. Does not unsubscribe when the caller stops."""
            event = self._wait(self._subscription.__anext__)
            if event is None:
                raise StopIteration
            return event

        def events(
            self, *, heartbeats: bool = False, discontinuities: bool = False
        ) -> Generator[TopicSubscriptionItemResponse, None, None]:
            """Items and the final ``Error``, plus ``Heartbeat`` and ``Discontinuity`` events if asked for.
            Leaving the loop early (or ``close()`` on the generator) unsubscribes."""
            events = self._subscription.events(heartbeats=heartbeats, discontinuities=discontinuities)
            try:
                while (event := self._wait(events.__anext__)) is not None:
                    yield event
            finally:
                self.unsubscribe()
                self._runner.call_soon(lambda: asyncio.ensure_future(events.aclose()))

        def unsubscribe(self) -> None:
            """End the subscription now: the request is aborted without waiting for another message."""
            self._runner.call_soon(self._subscription.unsubscribe)

        def __enter__(self) -> TopicSubscribe.Subscription:
            return self

        def __exit__(
            self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
        ) -> None:
            self.unsubscribe()

        def _wait(
            self, step: Callable[[], Awaitable[TopicSubscriptionItemResponse]]
        ) -> TopicSubscriptionItemResponse | None:
            """The event ``step`` awaits, or None at the end."""
            from momento_web.internal.synchronous import Unavailable

            if self._ended:
                return None
            try:
                return self._runner.run(lambda: _next_or_none(step))
            except Unavailable as exc:
                self._ended = True
                self.unsubscribe()
                # A closed client has ended its subscriptions, as the async client's close does.
                return None if exc.closed else TopicSubscriptionItem.Error(exc.error)

        def __str__(self) -> str:
            return repr(self)

        def __repr__(self) -> str:
            return (
                f"TopicSubscribe.Subscription(cache_name={self.cache_name!r}, topic_name={self.topic_name!r}, "
                f"is_subscribed={self.is_subscribed}, last_sequence_number={self.last_sequence_number}, "
                f"last_sequence_page={self.last_sequence_page})"
            )

    class Error(TopicSubscribeResponse, ErrorVariant): ...


async def _next_or_none(
    step: Callable[[], Awaitable[TopicSubscriptionItemResponse]],
) -> TopicSubscriptionItemResponse | None:
    try:
        return await step()
    except StopAsyncIteration:
        return None


async def _call(callback: Callback[EventT] | None, event: EventT) -> None:
    if callback is None:
        return
    try:
        result = callback(event)
        if inspect.isawaitable(result):
            await result
    except Exception:
        logger.exception("topic subscription callback %r failed on %r", callback, event)

"""Topics of the emulator: per-cache topics with sequence numbers, pages, a bounded replay buffer and subscribers.

Publishing appends to the topic's buffer and wakes its subscribers; it never waits for them. Every subscriber
stream keeps its own cursor into the buffer and sends at its own pace, so a slow one only falls behind (and, once
the buffer has moved past its cursor, receives a discontinuity) without holding up publishers or other streams.

A topic lives as long as its cache: when the cache is deleted its streams end with NOT_FOUND (noticed at the next
heartbeat), and when a cache of the same name is created again its topics start over on a new, higher page.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.faults import Outage
from momento_web_emulator.store import Cache, CacheNotFound, Store

logger = logging.getLogger(__name__)

_HEARTBEAT = pb._SubscriptionItem(heartbeat=pb._Heartbeat())


@dataclass(frozen=True, slots=True)
class TopicSettings:
    heartbeat_interval: float = 1.0  # seconds of silence on a stream before a heartbeat is sent
    buffer_items: int = 4096  # items retained per topic for resuming subscribers
    buffer_bytes: int = 16 * 1024 * 1024  # payload bytes retained per topic (the oldest items go first)
    recent_items: int = 10  # retained items a fresh subscription (resume position 0) starts with, as Momento does
    max_topics_per_cache: int = 1024  # beyond this, topics without subscribers are forgotten, oldest first

    def __post_init__(self) -> None:
        if not self.heartbeat_interval > 0:
            raise ValueError("heartbeat_interval must be positive")
        if self.buffer_items < 1 or self.buffer_bytes < 1 or self.max_topics_per_cache < 1:
            raise ValueError("topic buffer and topic limits must be at least 1")
        if self.recent_items < 0:
            raise ValueError("recent_items must not be negative")


@dataclass(frozen=True, slots=True)
class _Published:
    message: pb._SubscriptionItem  # built once, sent to every subscriber
    size: int


class Topic:
    """One topic incarnation: ``page`` is fixed for its lifetime and sequence numbers start at 1."""

    def __init__(self, cache_name: str, name: str, page: int, settings: TopicSettings) -> None:
        self.cache_name = cache_name
        self.name = name
        self.page = page
        self.retired = False  # its cache was deleted or replaced
        self.subscribers: set[Subscriber] = set()
        self._settings = settings
        self._items: dict[int, _Published] = {}
        self._first = 1  # oldest retained sequence number (== next when nothing is retained)
        self._next = 1
        self._bytes = 0
        self._changed = asyncio.Event()

    @property
    def first_retained(self) -> int:
        return self._first

    @property
    def next_sequence(self) -> int:
        return self._next

    def publish(self, value: pb._TopicValue, publisher_id: str) -> int:
        """Append ``value`` and wake the subscribers; returns its sequence number."""
        sequence = self._next
        item = pb._TopicItem(
            topic_sequence_number=sequence, value=value, publisher_id=publisher_id, sequence_page=self.page
        )
        size = len(value.SerializeToString())
        self._items[sequence] = _Published(pb._SubscriptionItem(item=item), size)
        self._next += 1
        self._bytes += size
        while len(self._items) > self._settings.buffer_items or (
            self._bytes > self._settings.buffer_bytes and len(self._items) > 1
        ):
            self._bytes -= self._items.pop(self._first).size
            self._first += 1
        self.notify()
        return sequence

    def message(self, sequence: int) -> pb._SubscriptionItem:
        return self._items[sequence].message

    def changed(self) -> asyncio.Event:
        """An event set by the next change; take it *before* looking at the state, so no wake-up is lost."""
        return self._changed

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def retire(self) -> None:
        self.retired = True
        self.notify()


class Subscriber:
    """The state of one Subscribe stream: its cursor, and how the test admin asked it to end."""

    def __init__(self, topic: Topic, registry: TopicRegistry) -> None:
        self.topic = topic
        self._registry = registry
        self._cursor = topic.next_sequence
        self._ending: GrpcError | None = None  # status OK: end normally

    def drop(self, status: StatusCode, message: str) -> None:
        self._ending = GrpcError(status, message)
        self.topic.notify()

    def _start(self, resume_at: int, page: int) -> pb._SubscriptionItem | None:
        """Place the cursor for a resume request; returns the discontinuity to send first, if any.

        Position 0 (a fresh subscription) starts with the most recent retained items, as Momento does: an item
        published just before subscribing is not lost. Page 0 (none known) is taken as the current page.
        """
        topic = self.topic
        if resume_at == 0:
            recent = self._registry.settings.recent_items
            self._cursor = max(topic.first_retained, topic.next_sequence - recent)
            return None
        if page in (topic.page, 0):
            if resume_at <= topic.next_sequence:
                self._cursor = resume_at  # replay what was missed (the loop reports what the buffer lost)
                return None
            self._cursor = topic.next_sequence  # a position this page never reached: nothing to replay
        else:
            self._cursor = topic.first_retained  # another (reset) page: all we still have of this one
        return _discontinuity(resume_at - 1, self._cursor - 1, topic.page)

    def _next_message(self, pending: pb._SubscriptionItem | None) -> pb._SubscriptionItem | None:
        """What to send now (None: nothing yet), advancing the cursor."""
        topic = self.topic
        if pending is not None:
            return pending
        if self._cursor >= topic.next_sequence:
            return None
        if self._cursor < topic.first_retained:  # overrun: the buffer moved on without us
            gap = _discontinuity(self._cursor - 1, topic.first_retained - 1, topic.page)
            self._cursor = topic.first_retained
            return gap
        self._cursor += 1
        return topic.message(self._cursor - 1)

    async def messages(self, resume_at: int, page: int) -> AsyncIterator[pb._SubscriptionItem]:
        """The stream: a heartbeat at once, then items in order, discontinuities and heartbeats while idle."""
        topic = self.topic
        pending = self._start(resume_at, page)
        yield _HEARTBEAT
        interval = self._registry.settings.heartbeat_interval
        loop = asyncio.get_running_loop()
        quiet_since = loop.time()
        while True:
            changed = topic.changed()
            if self._ending is not None:
                if self._ending.code is StatusCode.OK:
                    return
                raise self._ending
            if topic.retired:
                return  # the client resumes and finds the new incarnation (and a discontinuity)
            blocked = self._registry.blocked
            message = None if blocked else self._next_message(pending)
            if message is None and not blocked and loop.time() - quiet_since >= interval:
                self._registry.check_cache(topic)
                message = _HEARTBEAT
            if message is not None:
                pending = None
                yield message
                quiet_since = loop.time()
                continue
            try:
                async with asyncio.timeout(None if blocked else quiet_since + interval - loop.time()):
                    await changed.wait()
            except TimeoutError:
                pass


def _discontinuity(last: int, new: int, page: int) -> pb._SubscriptionItem:
    return pb._SubscriptionItem(
        discontinuity=pb._Discontinuity(last_topic_sequence=last, new_topic_sequence=new, new_sequence_page=page)
    )


@dataclass(eq=False, slots=True)
class _CacheTopics:
    cache: Cache  # the incarnation these topics belong to
    topics: dict[str, Topic]
    subscriptions: int = 0


class TopicRegistry:
    """All topics of one emulator. Not thread-safe: use it from one event loop."""

    def __init__(self, store: Store, settings: TopicSettings | None = None, *, outage: Outage | None = None) -> None:
        self._store = store
        self.settings = settings or TopicSettings()
        self._caches: dict[str, _CacheTopics] = {}
        self._last_page = 0
        self._unblocked = True
        self._outage = outage
        if outage is not None:
            outage.on_change(self._outage_changed)
        self.live_streams = 0

    @property
    def max_subscriptions(self) -> int:
        """Per cache, as advertised by ListCaches."""
        return self._store.topic_limits.max_subscription_count

    def topic(self, cache_name: str, topic_name: str) -> Topic:
        """The current incarnation of a topic, created on first use; raises CacheNotFound."""
        entry = self._entry(cache_name)
        topic = entry.topics.get(topic_name)
        if topic is None:
            self._forget_idle_topics(entry)
            topic = entry.topics[topic_name] = Topic(cache_name, topic_name, self._new_page(), self.settings)
        return topic

    @contextmanager
    def subscription(self, topic: Topic) -> Iterator[Subscriber]:
        """Register a stream for its lifetime; raises RESOURCE_EXHAUSTED beyond the per-cache limit."""
        entry = self._entry(topic.cache_name)
        if entry.subscriptions >= self.max_subscriptions:
            raise GrpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"Number of subscribers exceeded the limit of {self.max_subscriptions} for cache {topic.cache_name}",
                {"err": "topic_subscriptions_limit_exceeded"},
            )
        subscriber = Subscriber(topic, self)
        entry.subscriptions += 1
        self.live_streams += 1
        topic.subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            topic.subscribers.discard(subscriber)
            self.live_streams -= 1
            entry.subscriptions -= 1

    def check_cache(self, topic: Topic) -> None:
        """Raise NOT_FOUND if the topic's cache was deleted (a replaced cache retires the topic instead)."""
        try:
            self._entry(topic.cache_name)
        except CacheNotFound:
            self._caches.pop(topic.cache_name, None)
            raise GrpcError(StatusCode.NOT_FOUND, f"Cache not found: {topic.cache_name}") from None

    def _entry(self, cache_name: str) -> _CacheTopics:
        cache = self._store.cache(cache_name)
        entry = self._caches.get(cache_name)
        if entry is None or entry.cache is not cache:
            if entry is not None:
                for topic in entry.topics.values():
                    topic.retire()
            self._forget_deleted_caches()
            entry = self._caches[cache_name] = _CacheTopics(cache, {})
        return entry

    def _forget_deleted_caches(self) -> None:
        names = set(self._store.cache_names())
        for name in [name for name in self._caches if name not in names]:
            for topic in self._caches.pop(name).topics.values():
                topic.retire()

    def _forget_idle_topics(self, entry: _CacheTopics) -> None:
        excess = len(entry.topics) - self.settings.max_topics_per_cache + 1
        if excess > 0:
            idle = [name for name, topic in entry.topics.items() if not topic.subscribers][:excess]
            for name in idle:
                del entry.topics[name]

    def _new_page(self) -> int:
        # Time-based, so a restarted emulator never reuses a page a client may still remember.
        self._last_page = max(self._last_page + 1, time.time_ns() // 1_000_000)
        return self._last_page

    # --- test admin ------------------------------------------------------------------------------------------

    @property
    def blocked(self) -> bool:
        """Streams deliver nothing: blocked here, or by an outage of the whole emulator."""
        return not self._unblocked or (self._outage is not None and self._outage.blocked)

    def set_blocked(self, blocked: bool) -> None:
        """While blocked, streams deliver nothing (no items, no heartbeats); publishing goes on."""
        self._unblocked = not blocked
        self._outage_changed(blocked)

    def _outage_changed(self, blocked: bool) -> None:
        if not self.blocked:
            for topic in self._all_topics():
                topic.notify()

    def drop(self, status: StatusCode, message: str, cache: str | None = None, topic: str | None = None) -> int:
        """End the matching streams with ``status`` (OK: a normal end); returns how many."""
        dropped = 0
        for candidate in self._all_topics():
            if (cache is None or candidate.cache_name == cache) and (topic is None or candidate.name == topic):
                for subscriber in list(candidate.subscribers):
                    subscriber.drop(status, message)
                    dropped += 1
        logger.info("test admin dropped %d subscription stream(s) with %s", dropped, status.name)
        return dropped

    def subscriber_count(self, cache: str, topic: str) -> int:
        entry = self._caches.get(cache)
        found = entry.topics.get(topic) if entry is not None else None
        return len(found.subscribers) if found is not None else 0

    def _all_topics(self) -> list[Topic]:
        return [topic for entry in self._caches.values() for topic in entry.topics.values()]

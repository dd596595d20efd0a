"""Topics of the emulator: per-cache topics with sequence numbers, pages, a bounded replay buffer and subscribers.

Publishing appends to the topic's buffer and wakes its subscribers; it never waits for them. Every subscriber
stream keeps its own cursor into the buffer and sends at its own pace, so a slow one only falls behind (and, once
the buffer has moved past its cursor, receives a discontinuity) without holding up publishers or other streams.

A topic lives as long as its cache: when the cache is deleted its streams end with NOT_FOUND (noticed at the next
heartbeat), and when a cache of the same name is created again its topics start over on a new, higher page.

Topics and their buffers live in the store's memory budget (``--max-bytes``, :class:`TopicMemory`): every topic and
retained item reserves what it takes, and when a write needs room the oldest retained items of all topics go first
(their subscribers, if behind, get a discontinuity). A publish that cannot fit even then is RESOURCE_EXHAUSTED, as
is one larger than ``max_publish_bytes``.

Resume semantics: docs/protocol/topics.md#resuming; buffers and limits: docs/protocol/emulator.md#topics.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.faults import Outage
from momento_web_emulator.store import Cache, CacheNotFound, Store, check_name

logger = logging.getLogger(__name__)

_HEARTBEAT = pb._SubscriptionItem(heartbeat=pb._Heartbeat())
# What a topic and a retained item take beyond their name and value, counted against --max-bytes (measured with
# tracemalloc on CPython 3.13: a topic's record, event, sets and dict entries; an item's three messages and entry).
TOPIC_OVERHEAD = 1536
ITEM_OVERHEAD = 320
# Rebuild the global publish-order queue once stale entries outnumber retained items by this margin.
_QUEUE_SLACK = 1024


@dataclass(frozen=True, slots=True)
class TopicSettings:
    heartbeat_interval: float = 1.0  # seconds of silence on a stream before a heartbeat is sent
    buffer_items: int = 4096  # items retained per topic for resuming subscribers
    buffer_bytes: int = 16 * 1024 * 1024  # payload bytes retained per topic (the oldest items go first)
    recent_items: int = 10  # retained items a fresh subscription (resume position 0) starts with, as Momento does
    max_topics_per_cache: int = 1024  # beyond this, topics without subscribers are forgotten, oldest first
    max_publish_bytes: int = 5_120 * 1024  # one published value; larger → RESOURCE_EXHAUSTED (ListCaches: in KB)
    # Subscribe streams across all caches, as Momento limits concurrent subscriptions per account (each stream holds
    # a connection or an HTTP/2 stream, a task and its cursor, none of it in --max-bytes).
    max_total_subscriptions: int = 4_096

    def __post_init__(self) -> None:
        if not self.heartbeat_interval > 0:
            raise ValueError("heartbeat_interval must be positive")
        if self.buffer_items < 1 or self.buffer_bytes < 1 or self.max_topics_per_cache < 1:
            raise ValueError("topic buffer and topic limits must be at least 1")
        if self.recent_items < 0:
            raise ValueError("recent_items must not be negative")
        if self.max_publish_bytes < 1:
            raise ValueError("max_publish_bytes must be at least 1")
        if self.max_total_subscriptions < 1:
            raise ValueError("max_total_subscriptions must be at least 1")


@dataclass(frozen=True, slots=True)
class _Published:
    message: pb._SubscriptionItem  # built once, sent to every subscriber
    size: int  # the value's bytes
    order: int  # when it was published, among every topic's items (TopicMemory)


class TopicMemory:
    """The topics' share of the store's memory budget: reservations for topics and retained items, and the order
    in which retained items were published across all topics, so that the oldest go first when room is needed."""

    def __init__(self, store: Store | None = None) -> None:
        self._store = store
        self._order = 0
        self._queue: deque[tuple[Topic, int]] = deque()  # (topic, sequence) in publish order; may hold stale ones
        self.retained = 0  # items retained by live topics
        self.retained_bytes = 0  # bytes reserved by those items (what reclaim can give back)
        self.reserved = 0  # bytes reserved by live topics and their items
        if store is not None:
            store.reclaimer(self.reclaim, lambda: self.retained_bytes)

    def reserve(self, nbytes: int) -> None:
        """Hold ``nbytes`` of the budget (LimitExceeded if even reclaiming every retained item leaves no room)."""
        if self._store is not None:
            self._store.reserve(nbytes)
        self.reserved += nbytes

    def release(self, nbytes: int) -> None:
        if self._store is not None:
            self._store.release(nbytes)
        self.reserved -= nbytes

    def published(self, topic: Topic, sequence: int, nbytes: int) -> int:
        """Record a retained item reserving ``nbytes``; returns its publish order."""
        self._order += 1
        self._queue.append((topic, sequence))
        self.retained += 1
        self.retained_bytes += nbytes
        return self._order

    def tidy(self) -> None:
        """Drop the queue's stale entries once they outnumber the retained items (call between publishes)."""
        if len(self._queue) > 2 * self.retained + _QUEUE_SLACK:
            self._rebuild()

    def reclaim(self, needed: int) -> int:
        """Drop the oldest retained items of all topics until ``needed`` bytes are released (or none are left)."""
        freed = 0
        while freed < needed and self._queue:
            topic, sequence = self._queue.popleft()
            if not topic.discarded and topic.first_retained == sequence and topic.retains(sequence):
                freed += topic.drop_oldest()
        return freed

    def _rebuild(self) -> None:
        live = {topic for topic, _ in self._queue if not topic.discarded}
        entries = sorted((order, id(topic), topic, sequence) for topic in live for sequence, order in topic.orders())
        self._queue = deque((topic, sequence) for _, _, topic, sequence in entries)


class Topic:
    """One topic incarnation: ``page`` is fixed for its lifetime and sequence numbers start at 1."""

    def __init__(
        self, cache_name: str, name: str, page: int, settings: TopicSettings, memory: TopicMemory | None = None
    ) -> None:
        self.cache_name = cache_name
        self.name = name
        self.page = page
        self.retired = False  # its cache was deleted or replaced
        self.gone = False  # its cache was deleted: streams end with NOT_FOUND
        self.discarded = False  # forgotten: its memory is given back
        self.subscribers: set[Subscriber] = set()
        self._settings = settings
        self._memory = memory or TopicMemory()
        self._items: dict[int, _Published] = {}
        self._first = 1  # oldest retained sequence number (== next when nothing is retained)
        self._next = 1
        self._bytes = 0
        self._changed = asyncio.Event()
        self._own = TOPIC_OVERHEAD + len(name.encode("utf-8"))
        self._memory.reserve(self._own)

    @property
    def first_retained(self) -> int:
        return self._first

    @property
    def next_sequence(self) -> int:
        return self._next

    def publish(self, value: pb._TopicValue, publisher_id: str) -> int:
        """Append ``value`` and wake the subscribers; returns its sequence number. RESOURCE_EXHAUSTED for a value
        over ``max_publish_bytes``; LimitExceeded if the memory budget has no room for it."""
        size = len(value.SerializeToString())
        limit = self._settings.max_publish_bytes
        if size > limit:
            raise GrpcError(
                StatusCode.RESOURCE_EXHAUSTED,
                f"Request size limit exceeded: a published value may have at most {limit} bytes, not {size}",
                {"err": "request_size_limit_exceeded"},
            )
        self._memory.reserve(size + ITEM_OVERHEAD)  # may drop the oldest items of any topic, this one's too
        sequence = self._next
        item = pb._TopicItem(
            topic_sequence_number=sequence, value=value, publisher_id=publisher_id, sequence_page=self.page
        )
        order = self._memory.published(self, sequence, size + ITEM_OVERHEAD)
        self._items[sequence] = _Published(pb._SubscriptionItem(item=item), size, order)
        self._next += 1
        self._bytes += size
        while len(self._items) > self._settings.buffer_items or (
            self._bytes > self._settings.buffer_bytes and len(self._items) > 1
        ):
            self.drop_oldest()
        self._memory.tidy()
        self.notify()
        return sequence

    def retains(self, sequence: int) -> bool:
        return sequence in self._items

    def orders(self) -> Iterator[tuple[int, int]]:
        """``(sequence, publish order)`` of the retained items."""
        return ((sequence, published.order) for sequence, published in self._items.items())

    def drop_oldest(self) -> int:
        """Forget the oldest retained item; returns the bytes released."""
        published = self._items.pop(self._first)
        self._first += 1
        self._bytes -= published.size
        released = published.size + ITEM_OVERHEAD
        self._memory.retained -= 1
        self._memory.retained_bytes -= released
        self._memory.release(released)
        return released

    def discard(self) -> None:
        """Give back everything the topic holds; it delivers nothing more (retire it first if it has streams)."""
        if self.discarded:
            return
        self.discarded = True
        while self._items:
            self.drop_oldest()
        self._memory.release(self._own)

    def message(self, sequence: int) -> pb._SubscriptionItem:
        return self._items[sequence].message

    def changed(self) -> asyncio.Event:
        """An event set by the next change; take it *before* looking at the state, so no wake-up is lost."""
        return self._changed

    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def retire(self) -> None:
        """Its cache was deleted or replaced: its streams end, and its memory is given back."""
        self.retired = True
        self.discard()
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
            if topic.gone:  # its cache was deleted: NOT_FOUND, unless a new one of that name is already there
                self._registry.check_cache(topic)
                return
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


def _too_many_subscribers(limit: str) -> GrpcError:
    # Momento's status and `err`; the message names subscribers, which the SDKs' fallback recognises too.
    return GrpcError(
        StatusCode.RESOURCE_EXHAUSTED,
        f"Number of subscribers exceeded the limit of {limit}",
        {"err": "topic_subscriptions_limit_exceeded"},
    )


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
        self.memory = TopicMemory(store)
        store.on_cache_deleted(self._cache_deleted)
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
        """The current incarnation of a topic, created on first use; raises CacheNotFound, InvalidName (a blank
        or too long name), LimitExceeded (no memory left for a new topic)."""
        entry = self._entry(cache_name)
        topic = entry.topics.get(topic_name)
        if topic is None:
            check_name(topic_name, self._store.memory_limits.max_name_length, "topic")
            self._forget_idle_topics(entry)
            topic = Topic(cache_name, topic_name, self._new_page(), self.settings, self.memory)
            entry.topics[topic_name] = topic
        return topic

    @contextmanager
    def subscription(self, topic: Topic) -> Iterator[Subscriber]:
        """Register a stream for its lifetime (however it ends: the client cancels or goes away, the server ends
        it); raises RESOURCE_EXHAUSTED beyond the per-cache limit or the limit across all caches."""
        entry = self._entry(topic.cache_name)
        if entry.subscriptions >= self.max_subscriptions:
            raise _too_many_subscribers(f"{self.max_subscriptions} for cache {topic.cache_name}")
        if self.live_streams >= self.settings.max_total_subscriptions:
            raise _too_many_subscribers(f"{self.settings.max_total_subscriptions} across all caches")
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
            gone = self._caches.pop(topic.cache_name, None)
            for retired in () if gone is None else gone.topics.values():
                retired.retire()
            raise GrpcError(StatusCode.NOT_FOUND, f"Cache not found: {topic.cache_name}") from None

    def _cache_deleted(self, cache_name: str) -> None:
        """Its topics end their streams with NOT_FOUND at once and give their memory back."""
        entry = self._caches.pop(cache_name, None)
        for topic in () if entry is None else entry.topics.values():
            topic.gone = True
            topic.retire()

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
                entry.topics.pop(name).discard()

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

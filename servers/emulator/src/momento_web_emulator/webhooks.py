"""Topic webhooks of the emulator: per cache, named webhooks that forward one topic's items to a URL.

A webhook lives as long as its cache (a deleted or re-created cache starts with none; its deliveries stop). Its
secret is generated at creation, kept when the webhook is put again (updating its topic or URL), and replaced by a
rotation; whatever it is when an attempt is sent signs that attempt (:mod:`.webhook_delivery`).
Protocol and deliveries: docs/protocol/webhooks.md.
"""

from __future__ import annotations

import logging
import secrets
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from momento_web._messages import cachepubsub as pb
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.store import Cache, Store
from momento_web_emulator.webhook_delivery import (
    DeliveryQueue,
    DeliverySettings,
    DeliveryStats,
    Event,
    HttpxPoster,
    Poster,
    Target,
)

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 128  # a webhook name's limit, as Momento's protocol states it
MAX_URL_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    max_per_cache: int = 100
    delivery: DeliverySettings = field(default_factory=DeliverySettings)


class WebhookNotFound(GrpcError):
    def __init__(self, cache: str, name: str) -> None:
        super().__init__(StatusCode.NOT_FOUND, f"Webhook not found: {name!r} in cache {cache!r}")


@dataclass(eq=False, slots=True)
class Webhook:
    cache: str
    name: str
    topic: str
    url: str
    secret: str
    queue: DeliveryQueue | None = None

    def target(self) -> Target:
        return Target(self.name, self.url, self.secret)


@dataclass(eq=False, slots=True)
class _CacheWebhooks:
    cache: Cache  # the incarnation these webhooks belong to
    webhooks: dict[str, Webhook]


class WebhookRegistry:
    """Every webhook of one emulator. Not thread-safe: use it from one event loop."""

    def __init__(
        self,
        store: Store,
        settings: WebhookSettings | None = None,
        *,
        poster: Callable[[], Poster] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self.settings = settings or WebhookSettings()
        delivery = self.settings.delivery
        self._poster = poster or (lambda: HttpxPoster(delivery.timeout))
        self._clock = clock
        self._caches: dict[str, _CacheWebhooks] = {}
        self.stats = DeliveryStats()
        store.on_cache_deleted(self._cache_deleted)  # its deliveries stop and give their memory back at once

    # --- management --------------------------------------------------------------------------------------------

    def put(self, cache_name: str, name: str, topic: str, url: str) -> str:
        """Create or update a webhook; returns its secret (kept across updates)."""
        _check_name(name)
        if not topic.strip():
            raise GrpcError(StatusCode.INVALID_ARGUMENT, "topic name must not be empty")
        _check_url(url)
        webhooks = self._webhooks(cache_name)
        webhook = webhooks.get(name)
        if webhook is None:
            if len(webhooks) >= self.settings.max_per_cache:
                raise GrpcError(
                    StatusCode.RESOURCE_EXHAUSTED,
                    f"a cache holds at most {self.settings.max_per_cache} webhooks",
                )
            webhook = webhooks[name] = Webhook(cache_name, name, topic, url, _new_secret())
        else:
            webhook.topic, webhook.url = topic, url
        logger.info("webhook %r of cache %r: topic %r -> %s", name, cache_name, topic, url)
        return webhook.secret

    def delete(self, cache_name: str, name: str) -> None:
        webhook = self._get(cache_name, name)
        del self._webhooks(cache_name)[name]
        _stop(webhook)

    def of_cache(self, cache_name: str) -> list[Webhook]:
        return list(self._webhooks(cache_name).values())

    def secret(self, cache_name: str, name: str) -> str:
        return self._get(cache_name, name).secret

    def rotate(self, cache_name: str, name: str) -> str:
        webhook = self._get(cache_name, name)
        webhook.secret = _new_secret()
        return webhook.secret

    # --- deliveries ----------------------------------------------------------------------------------------------

    def published(self, cache_name: str, topic: str, sequence: int, value: pb._TopicValue, token_id: str) -> None:
        """Queue an item just published for every webhook of its topic; never waits."""
        entry = self._caches.get(cache_name)
        if entry is None or not entry.webhooks:
            return
        matching = [webhook for webhook in self._webhooks(cache_name).values() if webhook.topic == topic]
        if not matching:
            return
        kind = value.WhichOneof("kind")
        event = Event(
            cache=cache_name,
            topic=topic,
            event_timestamp=int(self._clock() * 1000),
            topic_sequence_number=sequence,
            token_id=token_id,
            text=value.text if kind == "text" else None,
            binary=value.binary if kind == "binary" else None,
        )
        for webhook in matching:
            if webhook.queue is None:
                webhook.queue = DeliveryQueue(
                    webhook.target,
                    self.settings.delivery,
                    self.stats,
                    poster=self._poster,
                    clock=self._clock,
                    budget=self._store,
                )
            webhook.queue.enqueue(event)

    def pending(self) -> int:
        """Events waiting for delivery, all webhooks together."""
        return sum(len(w.queue) for e in self._caches.values() for w in e.webhooks.values() if w.queue is not None)

    # --- caches ----------------------------------------------------------------------------------------------

    def _get(self, cache_name: str, name: str) -> Webhook:
        _check_name(name)
        webhook = self._webhooks(cache_name).get(name)
        if webhook is None:
            raise WebhookNotFound(cache_name, name)
        return webhook

    def _webhooks(self, cache_name: str) -> dict[str, Webhook]:
        """The webhooks of the cache's current incarnation; raises CacheNotFound."""
        cache = self._store.cache(cache_name)
        entry = self._caches.get(cache_name)
        if entry is None or entry.cache is not cache:
            if entry is not None:
                for webhook in entry.webhooks.values():
                    _stop(webhook)
            self._forget_deleted_caches()
            entry = self._caches[cache_name] = _CacheWebhooks(cache, {})
        return entry.webhooks

    def _cache_deleted(self, cache_name: str) -> None:
        entry = self._caches.pop(cache_name, None)
        if entry is not None:
            for webhook in entry.webhooks.values():
                _stop(webhook)

    def _forget_deleted_caches(self) -> None:
        live = set(self._store.cache_names())
        for name in [name for name in self._caches if name not in live]:
            for webhook in self._caches.pop(name).webhooks.values():
                _stop(webhook)


def _check_name(name: str) -> None:
    if not name.strip():
        raise GrpcError(StatusCode.INVALID_ARGUMENT, "webhook name must not be empty")
    if len(name) > MAX_NAME_LENGTH:
        raise GrpcError(StatusCode.INVALID_ARGUMENT, f"webhook name must be at most {MAX_NAME_LENGTH} characters")


def _check_url(url: str) -> None:
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        host = None
    if host is None or parts.scheme not in ("http", "https") or len(url) > MAX_URL_LENGTH:
        raise GrpcError(
            StatusCode.INVALID_ARGUMENT, f"webhook destination must be an http or https URL, not {url[:100]!r}"
        )


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _stop(webhook: Webhook) -> None:
    if webhook.queue is not None:
        webhook.queue.close()

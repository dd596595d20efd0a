"""Per-client token buckets: ``burst`` requests at once, refilled at ``per_minute`` requests a minute."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED_CLIENTS = 10_000  # bounds memory; the least recently seen client is forgotten first


@dataclass(frozen=True, slots=True)
class RateLimit:
    per_minute: float = 30.0
    burst: int = 10

    def __post_init__(self) -> None:
        if not self.per_minute > 0 or self.burst < 1:
            raise ValueError("the rate limit needs per_minute > 0 and burst >= 1")


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``acquire(client)`` returns 0 when the request may go ahead, else the seconds until it would."""

    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_TRACKED_CLIENTS,
    ) -> None:
        self._capacity = float(limit.burst)
        self._per_second = limit.per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, _Bucket] = {}  # insertion order = least recently seen first

    def acquire(self, client: str) -> float:
        now = self._clock()
        bucket = self._buckets.pop(client, None)
        if bucket is None:
            bucket = _Bucket(self._capacity, now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(self._capacity, bucket.tokens + elapsed * self._per_second)
            bucket.updated = now
        self._buckets[client] = bucket
        if len(self._buckets) > self._max_clients:
            del self._buckets[next(iter(self._buckets))]
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self._per_second

"""Topic client configuration (mirrors ``momento.config.topic_configuration``).

The deadline applies to ``publish``. It is not applied to a ``subscribe`` stream as a whole (the official SDK
does, and its streams then die after 5 s): a subscription lives until it is unsubscribed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Self

from momento_web.config._base import BaseConfiguration
from momento_web.config._middlewares import MiddlewareSettings, checked_middlewares

if TYPE_CHECKING:
    from momento_web.config.middleware import Middleware

DEFAULT_MAX_SUBSCRIPTIONS = 100
"""Concurrent subscriptions per client when ``max_subscriptions`` is 0 (the official SDKs' 100 per channel)."""
DEFAULT_HEARTBEAT_TIMEOUT = timedelta(seconds=30)
"""Servers send a heartbeat every few seconds of silence (the protocol leaves the period open; 1 to 5 s is usual):
this is six times the longest of those, so a slow heartbeat is never mistaken for a dead connection."""


@dataclass(frozen=True)
class TopicConfiguration(MiddlewareSettings, BaseConfiguration):
    """Settings of a topic client. Immutable.

    ``max_subscriptions`` caps the client's concurrent subscriptions; one more gets ``TopicSubscribe.Error`` with
    CLIENT_RESOURCE_EXHAUSTED (0 = :data:`DEFAULT_MAX_SUBSCRIPTIONS`). Over plain ``http://`` a browser opens only
    about six connections per origin, and each subscription holds one.

    ``resume_backoff`` and ``max_resume_backoff`` (momento-web additions, keyword-only) pace reconnections after a
    subscription's stream breaks: the first retry is immediate, later ones wait ``resume_backoff`` doubling up to
    ``max_resume_backoff``.

    ``heartbeat_timeout`` (momento-web addition, keyword-only): the server sends heartbeats while a topic is idle,
    so a subscription stream that delivers nothing at all for this long is taken for a dead connection (a laptop
    that slept, a dropped NAT mapping) and is closed and resumed like a broken one. Keep it several heartbeat
    periods long (default :data:`DEFAULT_HEARTBEAT_TIMEOUT`, 30 s); None disables the check.

    ``middlewares`` (momento-web addition, keyword-only; ``with_middlewares``/``add_middleware``) see every publish
    and every Subscribe request, a subscription's resumptions included. There is no retry strategy, as in
    momento: a publish is sent once (it is not idempotent), and a subscription resumes by itself.
    """

    max_subscriptions: int = 0
    resume_backoff: timedelta = field(default=timedelta(milliseconds=500), kw_only=True)
    max_resume_backoff: timedelta = field(default=timedelta(seconds=30), kw_only=True)
    heartbeat_timeout: timedelta | None = field(default=DEFAULT_HEARTBEAT_TIMEOUT, kw_only=True)
    middlewares: Sequence[Middleware] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "middlewares", checked_middlewares(self.middlewares))
        if isinstance(self.max_subscriptions, bool) or not isinstance(self.max_subscriptions, int):
            raise self._invalid(f"max_subscriptions must be an integer; got {self.max_subscriptions!r}")
        if self.max_subscriptions < 0:
            raise self._invalid("max_subscriptions must be non-negative.")
        for name in ("resume_backoff", "max_resume_backoff"):
            value = getattr(self, name)
            if not isinstance(value, timedelta) or value <= timedelta(0):
                raise self._invalid(f"{name} must be a positive timedelta; got {value!r}")
        if self.max_resume_backoff < self.resume_backoff:
            raise self._invalid("max_resume_backoff must not be shorter than resume_backoff.")
        timeout = self.heartbeat_timeout
        if timeout is not None and (not isinstance(timeout, timedelta) or timeout <= timedelta(0)):
            raise self._invalid(f"heartbeat_timeout must be a positive timedelta or None; got {timeout!r}")

    def get_max_subscriptions(self) -> int:
        return self.max_subscriptions

    def with_max_subscriptions(self, max_subscriptions: int) -> Self:
        return dataclasses.replace(self, max_subscriptions=max_subscriptions)

    def get_subscription_limit(self) -> int:
        """The effective cap on concurrent subscriptions."""
        return self.max_subscriptions or DEFAULT_MAX_SUBSCRIPTIONS

    def get_resume_backoff(self) -> timedelta:
        return self.resume_backoff

    def get_max_resume_backoff(self) -> timedelta:
        return self.max_resume_backoff

    def with_resume_backoff(self, resume_backoff: timedelta, max_resume_backoff: timedelta | None = None) -> Self:
        """A copy that reconnects after ``resume_backoff`` (doubling up to ``max_resume_backoff``, by default
        the larger of the current maximum and ``resume_backoff``)."""
        if max_resume_backoff is None:
            max_resume_backoff = self.max_resume_backoff
            if isinstance(resume_backoff, timedelta) and resume_backoff > max_resume_backoff:
                max_resume_backoff = resume_backoff
        return dataclasses.replace(self, resume_backoff=resume_backoff, max_resume_backoff=max_resume_backoff)

    def get_heartbeat_timeout(self) -> timedelta | None:
        return self.heartbeat_timeout

    def with_heartbeat_timeout(self, heartbeat_timeout: timedelta | None) -> Self:
        """A copy that resumes a subscription whose stream stays silent (no item, no heartbeat) for
        ``heartbeat_timeout``; None never does."""
        return dataclasses.replace(self, heartbeat_timeout=heartbeat_timeout)

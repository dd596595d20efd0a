"""Topic client configuration (mirrors ``momento.config.topic_configuration``).

The deadline applies to ``publish``. Clients should not apply it to a ``subscribe`` stream as a whole (the
official SDK does, and its streams then die after 5 s).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Self

from momento_web.config._base import BaseConfiguration


@dataclass(frozen=True)
class TopicConfiguration(BaseConfiguration):
    """Settings of a topic client. ``max_subscriptions`` (0 = no hint) sizes the official SDK's channel pool
    (100 streams per channel); over gRPC-web it is only a hint. Immutable."""

    max_subscriptions: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.max_subscriptions, bool) or not isinstance(self.max_subscriptions, int):
            raise self._invalid(f"max_subscriptions must be an integer; got {self.max_subscriptions!r}")
        if self.max_subscriptions < 0:
            raise self._invalid("max_subscriptions must be non-negative.")

    def get_max_subscriptions(self) -> int:
        return self.max_subscriptions

    def with_max_subscriptions(self, max_subscriptions: int) -> Self:
        return dataclasses.replace(self, max_subscriptions=max_subscriptions)

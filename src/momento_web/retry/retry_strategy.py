"""Whether and when a failed call is sent again (mirrors ``momento.retry.retry_strategy``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from momento_web.retry.retryable_props import RetryableProps


class RetryStrategy(ABC):
    """Asked after every failed attempt of a call made through a client configured with it."""

    @abstractmethod
    def determine_when_to_retry(self, props: RetryableProps) -> float | None:
        """Seconds to wait before the next attempt, or None to give up and return the attempt's error."""

    def calculate_retry_deadline(self, overall_deadline: datetime) -> float | None:
        """The deadline of a retry attempt in milliseconds from now, or None to give it the client's timeout."""
        return None

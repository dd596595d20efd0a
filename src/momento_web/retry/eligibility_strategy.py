"""Which failed attempts may be retried (mirrors ``momento.retry.eligibility_strategy``)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from momento_web.retry.retryable_props import RetryableProps


class EligibilityStrategy(ABC):
    @abstractmethod
    def is_eligible_for_retry(self, props: RetryableProps) -> bool:
        """True if the call may be sent again after the attempt ``props`` describes."""

"""Retry within the client timeout, each attempt with a shorter deadline of its own
(mirrors ``momento.retry.fixed_timeout_retry_strategy``)."""

from __future__ import annotations

import logging
import random
from datetime import datetime

from momento_web.retry.default_eligibility_strategy import DefaultEligibilityStrategy
from momento_web.retry.eligibility_strategy import EligibilityStrategy
from momento_web.retry.retry_strategy import RetryStrategy
from momento_web.retry.retryable_props import RetryableProps
from momento_web.wire.status import StatusCode

logger = logging.getLogger("momento_web")


class FixedTimeoutRetryStrategy(RetryStrategy):
    """Retries after about ``retry_delay_interval_millis`` (±10 % jitter), each retry bounded by
    ``retry_timeout_millis`` and all of them by the client timeout (the overall deadline).

    An attempt that timed out is retried while the overall deadline has not passed; other failures are retried if the
    eligibility strategy allows, and the attempts stop once one times out after the overall deadline.
    """

    def __init__(
        self,
        *,
        retry_timeout_millis: int,
        retry_delay_interval_millis: int,
        eligibility_strategy: EligibilityStrategy | None = None,
    ) -> None:
        self._retry_timeout_millis = retry_timeout_millis
        self._retry_delay_interval_millis = retry_delay_interval_millis
        self._eligibility_strategy = eligibility_strategy or DefaultEligibilityStrategy()

    def determine_when_to_retry(self, props: RetryableProps) -> float | None:
        if props.overall_deadline is None:
            logger.debug("%s has no overall deadline: not retrying", props.grpc_method)
            return None
        if props.grpc_status is StatusCode.DEADLINE_EXCEEDED and props.overall_deadline > datetime.now():
            return self.get_jitter_in_millis(props)
        if not self._eligibility_strategy.is_eligible_for_retry(props):
            logger.debug("%s ended with %s: not eligible for a retry", props.grpc_method, props.grpc_status.name)
            return None
        return self.get_jitter_in_millis(props)

    def get_jitter_in_millis(self, props: RetryableProps) -> float:
        """The delay before the next attempt, in seconds (the name is momento's)."""
        delay_millis = self.add_jitter(self._retry_delay_interval_millis)
        logger.debug(
            "%s ended with %s on attempt %d: retrying in %d ms",
            props.grpc_method,
            props.grpc_status.name,
            props.attempt_number,
            delay_millis,
        )
        return delay_millis / 1000.0

    def add_jitter(self, base_delay: int) -> int:
        """``base_delay`` ±10 %: clients failing together do not retry in lockstep."""
        return int((0.9 + 0.2 * random.random()) * base_delay)  # noqa: S311 (spreading retries, not a secret)

    def calculate_retry_deadline(self, overall_deadline: datetime) -> float | None:
        """Milliseconds a retry attempt may take: ``retry_timeout_millis``, cut to what is left of the overall
        deadline."""
        remaining_millis = (overall_deadline - datetime.now()).total_seconds() * 1000
        return min(float(self._retry_timeout_millis), remaining_millis)

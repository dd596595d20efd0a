"""Retry eligible calls at once, a fixed number of times (mirrors ``momento.retry.fixed_count_retry_strategy``)."""

from __future__ import annotations

import logging

from momento_web.retry.default_eligibility_strategy import DefaultEligibilityStrategy
from momento_web.retry.eligibility_strategy import EligibilityStrategy
from momento_web.retry.retry_strategy import RetryStrategy
from momento_web.retry.retryable_props import RetryableProps

logger = logging.getLogger("momento_web")


class FixedCountRetryStrategy(RetryStrategy):
    """Retry at once, ``max_attempts`` times, whatever the eligibility strategy allows.

    As in momento, ``max_attempts`` counts the retries: a call that keeps failing is sent ``max_attempts + 1``
    times in all (the prebuilt configurations' 3 mean up to 4 requests). Each attempt gets the client's full timeout.
    """

    def __init__(self, *, max_attempts: int = 3, eligibility_strategy: EligibilityStrategy | None = None) -> None:
        self._max_attempts = max_attempts
        self._eligibility_strategy = eligibility_strategy or DefaultEligibilityStrategy()

    def determine_when_to_retry(self, props: RetryableProps) -> float | None:
        if not self._eligibility_strategy.is_eligible_for_retry(props):
            logger.debug("%s ended with %s: not eligible for a retry", props.grpc_method, props.grpc_status.name)
            return None
        if props.attempt_number > self._max_attempts:
            logger.debug(
                "%s ended with %s on attempt %d: %d retries done, giving up",
                props.grpc_method,
                props.grpc_status.name,
                props.attempt_number,
                self._max_attempts,
            )
            return None
        logger.debug(
            "%s ended with %s on attempt %d: retrying", props.grpc_method, props.grpc_status.name, props.attempt_number
        )
        return 0.0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FixedCountRetryStrategy):
            return NotImplemented
        return (self._max_attempts, self._eligibility_strategy) == (other._max_attempts, other._eligibility_strategy)

    def __hash__(self) -> int:
        return hash((type(self), self._max_attempts))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(max_attempts={self._max_attempts})"

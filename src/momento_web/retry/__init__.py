"""Retry strategies (mirrors ``momento.retry``): ``Configuration.with_retry_strategy(FixedCountRetryStrategy(...))``."""

from momento_web.retry.default_eligibility_strategy import DefaultEligibilityStrategy
from momento_web.retry.eligibility_strategy import EligibilityStrategy
from momento_web.retry.fixed_count_retry_strategy import FixedCountRetryStrategy
from momento_web.retry.retry_strategy import RetryStrategy
from momento_web.retry.retryable_props import RetryableProps

__all__ = [
    "DefaultEligibilityStrategy",
    "EligibilityStrategy",
    "FixedCountRetryStrategy",
    "RetryStrategy",
    "RetryableProps",
]

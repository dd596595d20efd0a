"""Cache client configuration (mirrors ``momento.config.configuration``).

``Configuration(transport_strategy, retry_strategy, middlewares)`` as in momento, except that the retry strategy
may be None (every call is sent once, as the JS web SDK does); the keyword-only ``wire_format``,
``transport_factory`` and ``read_concern`` are momento-web additions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from momento_web.config._base import BaseConfiguration
from momento_web.config._middlewares import MiddlewareSettings, checked_middlewares
from momento_web.config.read_concern import ReadConcern

if TYPE_CHECKING:
    from momento_web.config.middleware import Middleware
    from momento_web.retry.retry_strategy import RetryStrategy


@dataclass(frozen=True)
class Configuration(MiddlewareSettings, BaseConfiguration):
    """Settings of a cache client. Immutable; ``with_*`` and ``add_*`` methods return new objects.

    ``retry_strategy`` decides which failed calls are sent again (the prebuilt configurations but ``Browser``
    retry like momento's, ``FixedCountRetryStrategy(max_attempts=3)``). ``middlewares`` see every request and
    response (:mod:`momento_web.config.middleware`): async clients run the ``aio`` ones, sync clients the
    ``synchronous`` ones.
    """

    retry_strategy: RetryStrategy | None = None
    middlewares: Sequence[Middleware] = ()
    read_concern: ReadConcern = field(default=ReadConcern.BALANCED, kw_only=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.read_concern, ReadConcern):
            raise self._invalid(f"read_concern must be a ReadConcern; got {self.read_concern!r}")
        check_retry_strategy(self.retry_strategy)
        object.__setattr__(self, "middlewares", checked_middlewares(self.middlewares))

    def get_retry_strategy(self) -> RetryStrategy | None:
        return self.retry_strategy

    def with_retry_strategy(self, retry_strategy: RetryStrategy | None) -> Self:
        """A copy that retries with ``retry_strategy`` (None: every call is sent once)."""
        return dataclasses.replace(self, retry_strategy=retry_strategy)

    def get_read_concern(self) -> ReadConcern:
        return self.read_concern

    def with_read_concern(self, read_concern: ReadConcern) -> Self:
        return dataclasses.replace(self, read_concern=read_concern)


def check_retry_strategy(retry_strategy: object) -> None:
    if retry_strategy is None:
        return
    from momento_web.retry.retry_strategy import RetryStrategy  # loaded by configurations that retry only

    if not isinstance(retry_strategy, RetryStrategy):
        raise BaseConfiguration._invalid(f"retry_strategy must be a RetryStrategy or None; got {retry_strategy!r}")

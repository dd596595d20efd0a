"""Auth (token) client configuration (mirrors ``momento.config.auth_configuration``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self

from momento_web.config._base import BaseConfiguration
from momento_web.config._middlewares import MiddlewareSettings, checked_middlewares
from momento_web.config.configuration import check_retry_strategy

if TYPE_CHECKING:
    from momento_web.config.middleware import Middleware
    from momento_web.retry.retry_strategy import RetryStrategy


@dataclass(frozen=True)
class AuthConfiguration(MiddlewareSettings, BaseConfiguration):
    """Settings of an auth client. Immutable; ``with_*`` and ``add_*`` methods return new objects.

    ``AuthConfiguration(transport_strategy, retry_strategy)`` as in momento (the retry strategy may be None; no
    token call is eligible for a retry under the default rules anyway). ``middlewares`` (momento-web addition,
    keyword-only) see every token request.
    """

    retry_strategy: RetryStrategy | None = None
    middlewares: Sequence[Middleware] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        check_retry_strategy(self.retry_strategy)
        object.__setattr__(self, "middlewares", checked_middlewares(self.middlewares))

    def get_retry_strategy(self) -> RetryStrategy | None:
        return self.retry_strategy

    def with_retry_strategy(self, retry_strategy: RetryStrategy | None) -> Self:
        return dataclasses.replace(self, retry_strategy=retry_strategy)

"""Client methods never raise: any failure becomes the operation's ``Error`` variant."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar, cast

from momento_web.errors import SdkException, convert_error
from momento_web.internal.services import Service
from momento_web.wire.status import GrpcError

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger("momento_web")


def errors_as_values(
    error_variant: Callable[[SdkException], object], service: Service = Service.CACHE
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Wrap an async method so that exceptions (validation, gRPC status, bugs) return ``error_variant``.

    Cancellation is not an ``Exception`` and still propagates.
    """

    def decorate(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(method)
        async def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await method(*args, **kwargs)
            except Exception as exc:
                if not isinstance(exc, SdkException | GrpcError):  # a bug, not a server or input error
                    logger.warning("unexpected error in %s", method.__qualname__, exc_info=True)
                return cast(R, error_variant(convert_error(exc, service)))

        return call

    return decorate

"""Client methods never raise: any failure becomes the operation's ``Error`` variant."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar, cast

from momento_web.errors import InvalidArgumentException, SdkException, UnknownException, convert_error
from momento_web.internal.channel import ClientClosedError
from momento_web.internal.services import Service
from momento_web.internal.validation import unencodable_message
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
                return cast(R, error_variant(_as_sdk_exception(exc, service, method.__qualname__)))

        return call

    return decorate


def _as_sdk_exception(exc: Exception, service: Service, where: str) -> SdkException:
    if isinstance(exc, ClientClosedError):
        # momento's calls on a closed client fail with UNKNOWN_ERROR (its channel refuses them); same code here,
        # with a message that says why.
        return UnknownException(str(exc), service)
    if isinstance(exc, UnicodeEncodeError):
        # A str argument that has no UTF-8 form (a lone surrogate such as "\ud800") cannot be sent.
        return InvalidArgumentException(unencodable_message(exc), service)
    if not isinstance(exc, SdkException | GrpcError):  # a bug, not a server or input error
        logger.warning("unexpected error in %s", where, exc_info=True)
    return convert_error(exc, service)

"""Client methods never raise: any failure becomes the operation's ``Error`` variant.

The variant can be found from the method's return annotation (``CacheGetResponse`` -> ``CacheGet.Error``) when
it is first needed, so a client module need not import its response modules at import time: a page that only
gets and sets never loads the other operations' responses.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar, cast

from momento_web import responses  # lazy (PEP 562): importing it loads no operation's responses
from momento_web.errors import InvalidArgumentException, SdkException, UnknownException, convert_error
from momento_web.internal.channel import ClientClosedError
from momento_web.internal.services import Service
from momento_web.internal.validation import unencodable_message
from momento_web.wire.status import GrpcError

P = ParamSpec("P")
R = TypeVar("R")
ErrorVariant = Callable[[SdkException], object]  # e.g. CacheGet.Error

logger = logging.getLogger("momento_web")


def errors_as_values(
    error_variant: ErrorVariant | None = None, service: Service = Service.CACHE
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Wrap an async method so that exceptions (validation, gRPC status, bugs) return ``error_variant``.

    Without ``error_variant``, it is :func:`response_error_variant` of the method, looked up on the first failure.
    Cancellation is not an ``Exception`` and still propagates.
    """

    def decorate(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        if error_variant is None and "return" not in getattr(method, "__annotations__", {}):
            raise TypeError(f"{method.__qualname__} needs a return annotation or an explicit error variant")
        variant = error_variant

        @functools.wraps(method)
        async def call(*args: P.args, **kwargs: P.kwargs) -> R:
            nonlocal variant
            try:
                return await method(*args, **kwargs)
            except Exception as exc:
                error = _as_sdk_exception(exc, service, method.__qualname__)
                if variant is None:
                    variant = response_error_variant(method)
                return cast(R, variant(error))

        return call

    return decorate


def response_error_variant(method: Callable[..., object]) -> ErrorVariant:
    """The ``Error`` subclass of ``method``'s response type (its return annotation); ``TypeError`` if none.

    An annotation that is a name (``from __future__ import annotations``) is looked up in the method's module,
    then in :mod:`momento_web.responses`, which imports the one module that defines it: client modules import
    their response types for the type checker only.
    """
    original = method
    while (inner := getattr(original, "__wrapped__", None)) is not None:  # through functools.wraps
        original = inner
    annotation = getattr(original, "__annotations__", {}).get("return")
    response: object = annotation
    if isinstance(annotation, str):
        response = getattr(original, "__globals__", {}).get(annotation)
        if response is None and annotation.isidentifier():
            response = getattr(responses, annotation, None)
    variants = [cls for cls in getattr(response, "__subclasses__", list)() if cls.__name__ == "Error"]
    if len(variants) != 1:
        raise TypeError(f"{method.__qualname__} does not return a response with an Error variant: {annotation!r}")
    return cast(ErrorVariant, variants[0])


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

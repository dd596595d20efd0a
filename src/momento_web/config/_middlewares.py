"""The middleware methods of momento's ``Configuration``, shared by the cache, topic and auth configurations.

A configuration class declares the ``middlewares`` field itself (where momento has it, it is the third positional
parameter; elsewhere keyword-only) and checks it with :func:`checked_middlewares` in ``__post_init__``. The middleware
classes are imported only once a configuration has middlewares: a page that uses none does not load them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Self

from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service

if TYPE_CHECKING:
    from momento_web.config.middleware import Middleware, aio, synchronous


class MiddlewareSettings:
    """``with_middlewares``, ``add_middleware`` and the getters; every ``with_``/``add_`` returns a new object."""

    middlewares: Sequence[Middleware]  # a tuple once the configuration is made

    def get_middlewares(self) -> list[Middleware]:
        """Every middleware, async and synchronous, in order."""
        return list(self.middlewares)

    def get_async_middlewares(self) -> list[aio.Middleware]:
        """The middlewares the async clients run."""
        from momento_web.config.middleware import aio

        return [middleware for middleware in self.middlewares if isinstance(middleware, aio.Middleware)]

    def get_sync_middlewares(self) -> list[synchronous.Middleware]:
        """The middlewares the sync clients run."""
        from momento_web.config.middleware import synchronous

        return [middleware for middleware in self.middlewares if isinstance(middleware, synchronous.Middleware)]

    def with_middlewares(self, middlewares: Iterable[Middleware]) -> Self:
        """A copy with ``middlewares`` instead of the current ones."""
        return self._replace(middlewares=middlewares)

    def add_middleware(self, middleware: Middleware) -> Self:
        """A copy with ``middleware`` after the current ones."""
        return self._replace(middlewares=(*self.middlewares, middleware))

    def _replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]  # every subclass is a dataclass


def checked_middlewares(middlewares: object) -> tuple[Middleware, ...]:
    """``middlewares`` as a tuple; raises InvalidArgumentException unless each is an aio or synchronous Middleware."""
    if middlewares == ():
        return ()
    if isinstance(middlewares, str | bytes) or not isinstance(middlewares, Iterable):
        raise InvalidArgumentException(f"middlewares must be a list of Middleware; got {middlewares!r}", Service.CACHE)
    from momento_web.config.middleware import aio, synchronous

    checked = tuple(middlewares)
    for middleware in checked:
        if not isinstance(middleware, aio.Middleware | synchronous.Middleware):
            raise InvalidArgumentException(
                "a middleware must subclass momento_web.config.middleware.aio.Middleware or "
                f".synchronous.Middleware; got {middleware!r}",
                Service.CACHE,
            )
    return checked

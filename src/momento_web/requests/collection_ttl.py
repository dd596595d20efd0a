"""``CollectionTtl``: how a collection write treats the collection's time to live."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service


@dataclass(frozen=True)
class CollectionTtl:
    """``ttl`` (None = the client's default TTL) and whether a write to an existing collection resets it.

    A new collection always gets ``ttl``. With ``refresh_ttl=False`` a write leaves an existing collection's
    expiry alone.

    Raises:
        InvalidArgumentException: ``ttl`` is given but is not a ``timedelta``, or not a positive one (as in momento,
            the check happens here, when the object is made).
    """

    ttl: timedelta | None = None
    refresh_ttl: bool = True

    def __post_init__(self) -> None:
        if self.ttl is None:
            return
        if not isinstance(self.ttl, timedelta):
            raise InvalidArgumentException("ttl must be a timedelta.", Service.CACHE)
        if self.ttl <= timedelta(0):
            raise InvalidArgumentException("ttl must be a positive amount of time.", Service.CACHE)

    @staticmethod
    def from_cache_ttl() -> CollectionTtl:
        """The client's default TTL, refreshed on every write."""
        return CollectionTtl(ttl=None, refresh_ttl=True)

    @staticmethod
    def of(ttl: timedelta) -> CollectionTtl:
        """``ttl``, refreshed on every write."""
        return CollectionTtl(ttl=ttl, refresh_ttl=True)

    @staticmethod
    def refresh_ttl_if_provided(ttl: timedelta | None = None) -> CollectionTtl:
        """Refresh with ``ttl`` if given; otherwise use the default TTL for new collections only."""
        return CollectionTtl(ttl=ttl, refresh_ttl=ttl is not None)

    def with_refresh_ttl_on_updates(self) -> CollectionTtl:
        return replace(self, refresh_ttl=True)

    def with_no_refresh_ttl_on_updates(self) -> CollectionTtl:
        return replace(self, refresh_ttl=False)

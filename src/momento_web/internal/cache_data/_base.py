"""What every data method shares: the channel, TTL defaults, and one call path per kind of reply.

A method validates its arguments in momento's order, the cache name first (:meth:`DataClient._cache`), then the
collection name, then the rest while building the request message, and sends it with one of

* :meth:`DataClient._send` — the reply message as is (``Success``-only RPCs, scalar results);
* :meth:`DataClient._found` — the ``found`` part of a found/missing reply, or None (``Hit``/``Miss`` RPCs);
* :meth:`DataClient._stream` — every message of a server stream (batches);

and maps the result to its response variants. :func:`outcome` names which member of a result oneof a reply
carries (``stored``/``not_stored``, ``set``/``not_set``/``missing``…). Adding an RPC is a request, one of
these calls and a return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from datetime import timedelta
from typing import Any, TypeVar

from momento_web._messages import cacheclient as pb
from momento_web._messages import common
from momento_web.errors import UnknownException
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.services import Service
from momento_web.internal.validation import collection_ttl, ttl_milliseconds, validate_name
from momento_web.requests import CollectionTtl
from momento_web.wire.protobuf import Message

R = TypeVar("R", bound=Message)
V = TypeVar("V")

_SCS = "/cache_client.Scs/"
_UNBOUNDED = common._Unbounded()


class DataClient:
    """Base of the method families; ``CacheClientAsync.__init__`` sets the attributes."""

    _data: GrpcWebChannel
    _default_ttl_ms: int

    @staticmethod
    def _cache(cache_name: object) -> str:
        """The cache name, checked before any other argument (as momento does)."""
        return validate_name(cache_name, "Cache")

    async def _send(self, cache: str, rpc: str, request: Message, response_type: type[R]) -> R:
        """One unary call; ``cache`` is a name :meth:`_cache` has checked."""
        return await self._data.unary(_SCS + rpc, request, response_type, cache=cache)

    async def _found(self, cache: str, rpc: str, request: Message, response_type: type[Message]) -> Any:
        """``reply.found`` of a found/missing reply; None when the item is missing."""
        reply: Any = await self._send(cache, rpc, request, response_type)
        return reply.found if outcome(reply, rpc, "found", "missing") == "found" else None

    async def _stream(self, cache: str, rpc: str, request: Message, response_type: type[R]) -> list[R]:
        return [reply async for reply in self._data.server_stream(_SCS + rpc, request, response_type, cache=cache)]

    def _ttl(self, ttl: timedelta | None) -> int:
        """A scalar write's ``ttl_milliseconds``: the default TTL, or a positive ``timedelta``."""
        return self._default_ttl_ms if ttl is None else ttl_milliseconds(ttl)

    def _collection_ttl(self, ttl: CollectionTtl) -> dict[str, Any]:
        """``ttl_milliseconds`` and ``refresh_ttl`` of a collection write, as request keyword arguments."""
        milliseconds, refresh = collection_ttl(ttl, self._default_ttl_ms)
        return {"ttl_milliseconds": milliseconds, "refresh_ttl": refresh}


def outcome(reply: Message, rpc: str, *members: str) -> str:
    """The first of ``members`` (message fields of a result oneof) that ``reply`` carries."""
    for member in members:
        if reply.HasField(member):
            return member
    raise UnknownException(f"{rpc} response carries none of {', '.join(members)}", Service.CACHE)


def bound(value: object, field: str, unbounded_field: str) -> dict[str, Any]:
    """A range end as request keyword arguments: ``{field: value}``, or ``{unbounded_field: _Unbounded{}}``
    for None (0 is a bound, not "unbounded": oneof members are sent even when they hold the default)."""
    return {unbounded_field: _UNBOUNDED} if value is None else {field: value}


def unexpected(rpc: str, what: str) -> UnknownException:
    return UnknownException(f"unexpected {rpc} response: {what}", Service.CACHE)


def check_count(rpc: str, results: Sized, requested: Sized) -> None:
    """Replies that answer per requested item must answer each one."""
    if len(results) != len(requested):
        raise unexpected(rpc, f"{len(results)} results for {len(requested)} items")


def parts(
    rpc: str, keys: list[bytes], replies: Sequence[Any], hit: Callable[[bytes, Any], V], miss: Callable[[bytes], V]
) -> list[V]:
    """Per-key result parts (``result`` HIT or MISS, aligned with ``keys``) mapped to ``hit``/``miss``."""
    check_count(rpc, replies, keys)
    mapped = []
    for key, part in zip(keys, replies, strict=True):
        if part.result == pb.Hit:
            mapped.append(hit(key, part))
        elif part.result == pb.Miss:
            mapped.append(miss(key))
        else:
            raise unexpected(rpc, f"result {part.result}")
    return mapped

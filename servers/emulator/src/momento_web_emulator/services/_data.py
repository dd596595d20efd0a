"""What the data services (``cache_client.Scs``) share: the cache of a call, reply builders, request reading.

Found/missing replies all have the shape ``Response(found=Response._Found(...))`` or
``Response(missing=Response._Missing())``, so :func:`found` and :func:`missing` build any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import Any, TypeVar

from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.datatypes import Collection, DictionaryValue, SortedSetValue
from momento_web_emulator.rpc import CallContext
from momento_web_emulator.services._common import require_ttl
from momento_web_emulator.store import Cache, Store, Ttl

M = TypeVar("M", bound=Message)

SERVICE = "/cache_client.Scs"
# A write adds at most about what its request carries; the slack covers numbers that grow in text form.
_GROWTH_SLACK = 64


class DataService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _cache(self, ctx: CallContext) -> Cache:
        return self._store.cache(ctx.require_cache_name())


def found(response_type: type[M], **fields: Any) -> M:
    build: Any = response_type  # every found/missing reply nests _Found and _Missing; the stubs know neither
    reply: M = build(found=build._Found(**fields))
    return reply


def missing(response_type: type[M]) -> M:
    build: Any = response_type
    reply: M = build(missing=build._Missing())
    return reply


def length_reply(response_type: type[M], collection: Sized | None) -> M:
    return missing(response_type) if collection is None else found(response_type, length=len(collection))


def delete_collection(cache: Cache, key: bytes, cls: type[Collection]) -> None:
    """Delete the collection at ``key`` (nothing if absent; WrongItemKind if another kind is there)."""
    if cache.collection(key, cls) is not None:
        cache.remove(key)


def remove_members(
    cache: Cache,
    key: bytes,
    cls: type[DictionaryValue] | type[SortedSetValue],
    request: Message,
    group: str,
    members: Iterable[bytes],
) -> None:
    """``DictionaryDelete`` / ``SortedSetRemove``: oneof ``group`` is ``all`` (delete the collection) or ``some``
    (remove ``members``; the collection goes with its last one)."""
    if require_member(request, group) == "all":
        delete_collection(cache, key, cls)
    else:
        chosen = list(members)
        cache.modify(key, cls, lambda collection: collection.remove(chosen))


def ttl_of(request: Any) -> Ttl:
    """The ``ttl_milliseconds``/``refresh_ttl`` of a collection write."""
    return Ttl(require_ttl(request.ttl_milliseconds), request.refresh_ttl)


def growth(request: Message) -> int:
    """An upper bound of the bytes a write can add to its collection."""
    return len(request.SerializeToString()) + _GROWTH_SLACK


def member(request: Message, group: str, field: str) -> Any:
    """``request.<field>`` if it is the member set in oneof ``group``; None otherwise (unset or unbounded)."""
    return getattr(request, field) if request.WhichOneof(group) == field else None


def require_member(request: Message, group: str) -> str:
    """The member set in oneof ``group``; INVALID_ARGUMENT if none is."""
    chosen: str | None = request.WhichOneof(group)
    if chosen is None:
        raise GrpcError(StatusCode.INVALID_ARGUMENT, f"{type(request).__name__} needs one of its {group} fields")
    return chosen

"""Authorization: what each RPC needs from the caller, as one table keyed by HTTP path (every RPC in proto/,
plus the historical store and vector-index ones); roles: docs/protocol/permissions.md.

The dispatcher calls :func:`authorize` after decoding a request and before its handler, so a handler added for
any path listed here is enforced without further work. Super-user principals (every principal in open mode)
pass at once; anyone else needs a grant (:mod:`.grants`) for the request:

* data RPCs (``cache_client.Scs``, leaderboards): the cache from the ``cache`` header and the item key(s) — a
  scalar key, or a collection's name (collections are items keyed by their name); for multi-key RPCs every key
  must be allowed. Reads need ReadWrite/ReadOnly, writes ReadWrite/WriteOnly, conditional writes ReadWrite;
* topics: cache and topic from the body; Publish needs a publish role, Subscribe a subscribe role;
* control plane, webhooks, historical store and vector index: super-user only (no role grants them);
* ``Ping``: no credential at all; token RPCs: their handlers check the credential in the body.

An unlisted path is super-user only. Denials are PERMISSION_DENIED.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from momento_web.wire.protobuf import Message
from momento_web.wire.status import GrpcError, StatusCode
from momento_web_emulator.grants import Access, Grants
from momento_web_emulator.rpc import CallContext

ItemAccesses = Iterable[tuple[Access, Sequence[bytes]]]


class Rule(Protocol):
    @property
    def needs_credential(self) -> bool:
        """Whether the ``authorization`` header must carry a valid credential (strict mode)."""
        ...

    def denial(self, grants: Grants, ctx: CallContext, request: Any) -> str | None:
        """Why ``grants`` do not allow ``request`` (None: allowed). Not called for super-users."""
        ...


@dataclass(frozen=True, slots=True)
class Fixed:
    """Allowed for everyone (``reason`` None) or for super-users only."""

    needs_credential: bool
    reason: str | None

    def denial(self, grants: Grants, ctx: CallContext, request: Any) -> str | None:
        return self.reason


PUBLIC = Fixed(needs_credential=False, reason=None)
BODY_CREDENTIAL = Fixed(needs_credential=False, reason=None)  # the handler authenticates and authorizes
SUPER_USER_ONLY = Fixed(needs_credential=True, reason="Insufficient permissions: this call needs a super-user API key")


@dataclass(frozen=True, slots=True)
class CacheItems:
    """A data RPC on items of the cache named by the ``cache`` header. ``fields`` documents (and lets tests check)
    which request fields ``accesses`` reads."""

    accesses: Callable[[Any], ItemAccesses]
    fields: tuple[str, ...]
    needs_credential: bool = True

    def denial(self, grants: Grants, ctx: CallContext, request: Any) -> str | None:
        cache = ctx.require_cache_name()
        for access, keys in self.accesses(request):
            allowed = (
                all(grants.allows(access, cache, key) for key in keys) if keys else grants.allows_some(access, cache)
            )
            if not allowed:
                return f"Insufficient permissions: this credential may not {access.value} this item in cache {cache!r}"
        return None


@dataclass(frozen=True, slots=True)
class Topic:
    """Publish or Subscribe: cache and topic come from the body."""

    access: Access
    needs_credential: bool = True

    def denial(self, grants: Grants, ctx: CallContext, request: Any) -> str | None:
        cache: str = request.cache_name
        topic: str = request.topic
        if grants.allows(self.access, cache, topic.encode("utf-8")):
            return None
        return (
            f"Insufficient permissions: this credential may not {self.access.value} topic {topic!r} in cache {cache!r}"
        )


def _key(access: Access, field: str) -> CacheItems:
    return CacheItems(lambda request: ((access, (_as_key(getattr(request, field)),)),), (field,))


def _as_key(name: bytes | str) -> bytes:
    """Item keys are bytes; a leaderboard's name (a proto string) counts as its UTF-8."""
    return name.encode("utf-8") if isinstance(name, str) else name


def _keys(access: Access, field: str) -> CacheItems:
    return CacheItems(lambda request: ((access, list(getattr(request, field))),), (field,))


def _batch_keys(access: Access, field: str, key_field: str) -> CacheItems:
    return CacheItems(
        lambda request: ((access, [getattr(item, key_field) for item in getattr(request, field)]),), (field,)
    )


def _update_ttl(request: Any) -> ItemAccesses:
    # Only overwriting is unconditional; increase/decrease apply only if the TTL moves that way.
    overwrite = request.WhichOneof("update_ttl") == "overwrite_to_milliseconds"
    return ((Access.WRITE if overwrite else Access.CONDITIONAL_WRITE, (request.cache_key,)),)


def _union_store(request: Any) -> ItemAccesses:
    # Writes the destination, reads every source (a design choice; docs/protocol/emulator.md).
    return ((Access.WRITE, (request.set_name,)), (Access.READ, [source.set_name for source in request.sources]))


_SCS = "/cache_client.Scs/"
_LEADERBOARD = "/leaderboard.Leaderboard/"
READ, WRITE, CONDITIONAL = Access.READ, Access.WRITE, Access.CONDITIONAL_WRITE

# (service prefix, access, field holding the one item key, methods). With the five multi-key or mixed RPCs in
# TABLE this covers cache_client.Scs: 20 reads, 24 writes, 3 conditional writes. Leaderboards: no role names
# them, so they count as cache items keyed by the leaderboard name (an assumption, docs/protocol/emulator.md).
_ONE_KEY = (
    (_SCS, READ, "cache_key", ("Get", "GetWithHash", "ItemGetTtl", "ItemGetType")),
    (_SCS, READ, "dictionary_name", ("DictionaryGet", "DictionaryFetch", "DictionaryLength")),
    (_SCS, READ, "set_name", ("SetFetch", "SetSample", "SetContains", "SetLength")),
    (_SCS, READ, "list_name", ("ListFetch", "ListLength")),
    (_SCS, READ, "set_name", ("SortedSetFetch", "SortedSetGetScore", "SortedSetGetRank", "SortedSetLength",
                              "SortedSetLengthByScore")),
    (_SCS, WRITE, "cache_key", ("Set", "Delete", "Increment")),
    (_SCS, WRITE, "dictionary_name", ("DictionarySet", "DictionaryIncrement", "DictionaryDelete")),
    (_SCS, WRITE, "set_name", ("SetUnion", "SetDifference", "SetPop")),
    (_SCS, WRITE, "list_name", ("ListPushFront", "ListPushBack", "ListPopFront", "ListPopBack", "ListConcatenateFront",
                                "ListConcatenateBack", "ListRemove", "ListRetain", "ListErase")),
    (_SCS, WRITE, "set_name", ("SortedSetPut", "SortedSetIncrement", "SortedSetRemove")),
    (_SCS, CONDITIONAL, "cache_key", ("SetIf", "SetIfHash", "SetIfNotExists")),
    (_LEADERBOARD, WRITE, "leaderboard", ("DeleteLeaderboard", "UpsertElements", "RemoveElements")),
    (_LEADERBOARD, READ, "leaderboard", ("GetLeaderboardLength", "GetByRank", "GetRank", "GetByScore",
                                         "GetCompetitionRank")),
)  # fmt: skip
_SUPER_USER_SERVICES = {
    "/control_client.ScsControl/": (
        "CreateCache", "DeleteCache", "ListCaches", "FlushCache", "CreateSigningKey", "RevokeSigningKey",
        "ListSigningKeys", "CreateIndex", "DeleteIndex", "ListIndexes", "CreateStore", "DeleteStore", "ListStores",
    ),
    "/webhook.Webhook/": ("PutWebhook", "DeleteWebhook", "ListWebhooks", "GetWebhookSecret", "RotateWebhookSecret"),
    "/store.Store/": ("Get", "Put", "Delete"),
    "/vectorindex.VectorIndex/": (
        "UpsertItemBatch", "DeleteItemBatch", "Search", "SearchAndFetchVectors", "GetItemMetadataBatch",
        "GetItemBatch", "CountItems",
    ),
    "/auth.Auth/": ("Login",),
}  # fmt: skip

TABLE: dict[str, Rule] = {
    "/cache_client.Ping/Ping": PUBLIC,
    "/token.Token/GenerateDisposableToken": BODY_CREDENTIAL,
    "/auth.Auth/GenerateApiToken": BODY_CREDENTIAL,
    "/auth.Auth/RefreshApiToken": BODY_CREDENTIAL,
    **{prefix + method: _key(access, field) for prefix, access, field, methods in _ONE_KEY for method in methods},
    _SCS + "GetBatch": _batch_keys(READ, "items", "cache_key"),
    _SCS + "KeysExist": _keys(READ, "cache_keys"),
    _SCS + "SetBatch": _batch_keys(WRITE, "items", "cache_key"),
    _SCS + "UpdateTtl": CacheItems(_update_ttl, ("cache_key",)),
    _SCS + "SortedSetUnionStore": CacheItems(_union_store, ("set_name", "sources")),
    "/cache_client.pubsub.Pubsub/Publish": Topic(Access.PUBLISH),
    "/cache_client.pubsub.Pubsub/Subscribe": Topic(Access.SUBSCRIBE),
    **{prefix + method: SUPER_USER_ONLY for prefix, methods in _SUPER_USER_SERVICES.items() for method in methods},
}


def needs_credential(rpc: str) -> bool:
    """Whether a call of ``rpc`` must carry a credential in its ``authorization`` header (strict mode)."""
    rule = TABLE.get(rpc)
    return rule is None or rule.needs_credential


def authorize(ctx: CallContext, request: Message) -> None:
    """Raise PERMISSION_DENIED unless ``ctx.principal`` may make this call."""
    principal = ctx.principal
    if principal.super_user:
        return
    rule = TABLE.get(ctx.rpc, SUPER_USER_ONLY)
    reason = rule.denial(principal.grants, ctx, request)
    if reason is not None:
        raise GrpcError(StatusCode.PERMISSION_DENIED, reason)

"""Momento's default retry rules (mirrors ``momento.retry.default_eligibility_strategy``).

Only idempotent calls are retried, and only after a status that says the server did not handle them (INTERNAL,
UNAVAILABLE). Sending an idempotent call twice changes nothing; sending an increment, a list push or pop, a
conditional write or a publish twice could apply it twice, so those are never retried. Control-plane and token
calls are not retried either. Attempts and deadlines: docs/protocol/retries-and-middleware.md.
"""

from __future__ import annotations

from momento_web.retry.eligibility_strategy import EligibilityStrategy
from momento_web.retry.retryable_props import RetryableProps
from momento_web.wire.status import StatusCode

RETRYABLE_STATUS_CODES: frozenset[StatusCode] = frozenset({StatusCode.INTERNAL, StatusCode.UNAVAILABLE})

_SCS = "/cache_client.Scs/"
RETRYABLE_REQUEST_TYPES: frozenset[str] = frozenset(
    [
        _SCS + rpc
        for rpc in (
            # scalars and batches; SetIf*, Increment and UpdateTtl are not idempotent
            "Get",
            "GetBatch",
            "Set",
            "SetBatch",
            "Delete",
            "KeysExist",
            "ItemGetTtl",
            "ItemGetType",
            # dictionaries; DictionaryIncrement is not idempotent
            "DictionaryGet",
            "DictionaryFetch",
            "DictionarySet",
            "DictionaryDelete",
            "DictionaryLength",
            # sets; SetPop is not idempotent
            "SetFetch",
            "SetSample",
            "SetUnion",
            "SetDifference",
            "SetContains",
            "SetLength",
            # lists; pushes, pops, concatenations and ListRetain are not idempotent
            "ListRemove",
            "ListFetch",
            "ListLength",
            # sorted sets; SortedSetIncrement is not idempotent
            "SortedSetPut",
            "SortedSetFetch",
            "SortedSetGetScore",
            "SortedSetRemove",
            "SortedSetGetRank",
            "SortedSetLength",
            "SortedSetLengthByScore",
        )
    ]
    + ["/cache_client.pubsub.Pubsub/Subscribe"]
)


class DefaultEligibilityStrategy(EligibilityStrategy):
    """Retry an attempt that ended with INTERNAL or UNAVAILABLE if its RPC is idempotent."""

    def is_eligible_for_retry(self, props: RetryableProps) -> bool:
        return props.grpc_status in RETRYABLE_STATUS_CODES and props.grpc_method in RETRYABLE_REQUEST_TYPES

    # Stateless: any two are interchangeable (configurations holding one compare equal).
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

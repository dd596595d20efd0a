"""Call by call, the official ``momento`` SDK (h2c) and ours (gRPC-web) against one emulator: every data method
of the cache client with good arguments and with each argument wrong in turn (and all wrong at once, to see which
complaint comes first). Prints one JSON line per call: ``{"call", "momento", "ours"}`` where each side is the
variant's ``str()`` or, for an ``Error``, ``<variant> <MomentoErrorCode name>: <message>``.

It runs in its own process: momento's generated protobuf modules clash with the codec oracle's in protobuf's
default pool. Usage: ``python_sdk_parity_peer.py <emulator port>``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import momento
import momento.requests

import momento_web
import momento_web.requests
from momento_web.cache_client_async import CacheClientAsync

THEIR_CACHE, OUR_CACHE = "parity-momento", "parity-ours"


@dataclass(frozen=True)
class Ttl:
    """A ``CollectionTtl(*args)`` of whichever SDK runs the call."""

    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Order:
    """``SortOrder.<name>`` of whichever SDK runs the call."""

    name: str


CACHE = "<cache>"  # the side's own cache


def _for(value: Any, official: bool) -> Any:
    requests = momento.requests if official else momento_web.requests
    if isinstance(value, Ttl):
        return requests.CollectionTtl(*value.args)
    if isinstance(value, Order):
        return getattr(requests.SortOrder, value.name)
    if value == CACHE:
        return THEIR_CACHE if official else OUR_CACHE
    return value


def _summary(response: object) -> str:
    name = type(response).__qualname__
    if name.endswith(".Error"):
        error: Any = response
        text = f"{name} {error.error_code.name}: {error.inner_exception.message}"
    else:
        text = str(response)
    return text.replace(THEIR_CACHE, CACHE).replace(OUR_CACHE, CACHE)


KEYS = ["k", b"k", None, 1, 1.5, True, bytearray(b"k"), ["k"]]
CACHES = [CACHE, None, 1, "", "no-such-cache"]
ITERABLES = [["a", b"b"], None, 1, "ab", b"ab", ["a", 1], [], {"a"}, ("a",), [None]]
TTLS = [None, timedelta(seconds=5), timedelta(0), timedelta(seconds=-1), 5, 5.0]
COLLECTION_TTLS = [Ttl(), Ttl((timedelta(seconds=5),)), Ttl((None, False)), 5, None]
AMOUNTS = [1, 0, -3, None, 1.5, "1", True]
SCORES = [1.0, 1, None, "1", True, float("nan"), -2.5]
RANKS = [None, 0, 1, -1, 1.5, "a", 5]
ORDERS = [Order("ASCENDING"), Order("DESCENDING"), "x", None]
ITEMS = [{"f": "v"}, None, 1, [("f", "v")], {"f": 1}, {1: "v"}, {}, {b"f": b"v"}]
ELEMENTS = [{"a": 1.0}, {"a": 1}, None, 1, [("a", 1.0)], {1: 1.0}, {}, {"a": None}, {"a": "1"}]

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []


def _names(letter: str) -> list[Any]:
    return [letter, None, 1, "", " ", b"n"]


def add(method: str, *lists: list[Any], **keyword_lists: list[Any]) -> None:
    """The first value of every list, then each list's other values one at a time, then every list's second value
    at once; then each keyword value with the first positional values."""
    base = tuple(values[0] for values in lists)
    CALLS.append((method, base, {}))
    for position, values in enumerate(lists):
        for value in values[1:]:
            CALLS.append((method, (*base[:position], value, *base[position + 1 :]), {}))
    CALLS.append((method, tuple(values[1] if len(values) > 1 else values[0] for values in lists), {}))
    for keyword, values in keyword_lists.items():
        CALLS.extend((method, base, {keyword: value}) for value in values)


D, L, S, Z = _names("d"), _names("l"), _names("s"), _names("z")
add("set", CACHES, KEYS, KEYS, TTLS)
add("get", CACHES, KEYS)
add("delete", CACHES, KEYS)
add("increment", CACHES, ["counter", None, 1], AMOUNTS, TTLS)
add("set_if_not_exists", CACHES, ["sine", None, 1], KEYS, TTLS)
add("dictionary_set_field", CACHES, D, KEYS, KEYS, ttl=COLLECTION_TTLS)
add("dictionary_set_fields", CACHES, D, ITEMS, ttl=COLLECTION_TTLS)
add("dictionary_fetch", CACHES, D)
add("dictionary_get_field", CACHES, D, KEYS)
add("dictionary_get_fields", CACHES, D, ITERABLES)
add("dictionary_increment", CACHES, ["counters", None, 1, ""], KEYS, AMOUNTS, ttl=COLLECTION_TTLS)
add("dictionary_remove_field", CACHES, D, KEYS)
add("dictionary_remove_fields", CACHES, D, ITERABLES)
add("list_concatenate_back", CACHES, L, ITERABLES, ttl=COLLECTION_TTLS, truncate_front_to_size=RANKS)
add("list_concatenate_front", CACHES, L, ITERABLES, ttl=COLLECTION_TTLS, truncate_back_to_size=RANKS)
add("list_push_back", CACHES, L, KEYS, ttl=COLLECTION_TTLS, truncate_front_to_size=RANKS)
add("list_push_front", CACHES, L, KEYS, ttl=COLLECTION_TTLS, truncate_back_to_size=RANKS)
add("list_fetch", CACHES, L)
add("list_length", CACHES, L)
add("list_pop_back", CACHES, L)
add("list_pop_front", CACHES, L)
add("list_remove_value", CACHES, L, KEYS)
add("set_add_element", CACHES, S, KEYS, ttl=COLLECTION_TTLS)
add("set_add_elements", CACHES, S, ITERABLES, ttl=COLLECTION_TTLS)
add("set_fetch", CACHES, S)
add("set_remove_element", CACHES, S, KEYS)
add("set_remove_elements", CACHES, S, ITERABLES)
add("sorted_set_put_element", CACHES, Z, KEYS, SCORES, ttl=COLLECTION_TTLS)
add("sorted_set_put_elements", CACHES, Z, ELEMENTS, ttl=COLLECTION_TTLS)
add("sorted_set_fetch_by_rank", CACHES, Z, RANKS, RANKS, ORDERS)
add(
    "sorted_set_fetch_by_score",
    CACHES,
    Z,
    [None, 0.5, 1, "a", float("nan")],
    [None, 5.0, 0.1, "a"],
    ORDERS,
    RANKS,
    RANKS,
)
add("sorted_set_get_rank", CACHES, Z, KEYS, ORDERS)
add("sorted_set_get_score", CACHES, Z, KEYS)
add("sorted_set_get_scores", CACHES, Z, ITERABLES)
add("sorted_set_increment_score", CACHES, Z, KEYS, SCORES, ttl=COLLECTION_TTLS)
add("sorted_set_remove_element", CACHES, Z, KEYS)
add("sorted_set_remove_elements", CACHES, Z, ITERABLES)
# successes whose str() must match: long values and collections of more than 5
add("set", [CACHE], ["long"], ["v" * 40, b"v" * 40])
add("get", [CACHE], ["long"])
add("dictionary_set_fields", [CACHE], ["long-d"], [{f"f{i}": "x" * 40 for i in range(7)}])
add("dictionary_fetch", [CACHE], ["long-d"])
add("dictionary_get_fields", [CACHE], ["long-d"], [[f"f{i}" for i in range(8)]])
add("dictionary_get_field", [CACHE], ["long-d"], ["f1", "nope"])
add("list_concatenate_back", [CACHE], ["long-l"], [[f"v{i}" * 20 for i in range(7)]])
add("list_fetch", [CACHE], ["long-l"])
add("set_add_elements", [CACHE], ["long-s"], [[f"v{i}" * 20 for i in range(7)]])
add("set_fetch", [CACHE], ["long-s"])
add("sorted_set_put_elements", [CACHE], ["long-z"], [{f"v{i}" * 20: float(i) for i in range(7)}])
add("sorted_set_fetch_by_rank", [CACHE], ["long-z"])
add("sorted_set_get_scores", [CACHE], ["long-z"], [["v1" * 20, "nope"]])
add("sorted_set_get_score", [CACHE], ["long-z"], ["v1" * 20, "nope"])
add("sorted_set_get_rank", [CACHE], ["long-z"], ["v2" * 20, "nope"])


async def main(port: int) -> None:
    config = momento.Configurations.Laptop.latest().with_client_timeout(timedelta(seconds=10))
    theirs = momento.CacheClientAsync(
        config, momento.CredentialProvider.for_momento_local("127.0.0.1", port), timedelta(minutes=5)
    )
    ours = CacheClientAsync(
        momento_web.Configurations.Laptop.latest(),
        momento_web.CredentialProvider.for_momento_local("127.0.0.1", port),
        timedelta(minutes=5),
    )
    for cache in (THEIR_CACHE, OUR_CACHE):
        await ours.delete_cache(cache)
        await ours.create_cache(cache)
    for method, args, kwargs in CALLS:
        results = []
        for official, client in ((True, theirs), (False, ours)):
            call_args = [_for(value, official) for value in args]
            call_kwargs = {keyword: _for(value, official) for keyword, value in kwargs.items()}
            try:
                results.append(_summary(await getattr(client, method)(*call_args, **call_kwargs)))
            except Exception as exc:  # momento raises for a few inputs (e.g. an unhashable field)
                results.append(f"raised {type(exc).__name__}: {exc}")
        print(json.dumps({"call": f"{method}{args!r}{kwargs!r}", "momento": results[0], "ours": results[1]}))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))

"""Settings from an optional TOML policy file overridden by command-line flags.

Secrets never come from here: the Momento key is read from the environment (see :mod:`.minter`). Policy file keys
are the flags' names with underscores (a list for each repeatable flag)::

    caches = ["demo-cache"]
    key_prefixes = ["demo-"]
    topic_prefixes = ["chat-"]
    topic_access = "publish-subscribe"      # or "subscribe-only"
    max_ttl = 900                           # seconds, at most 3600
    default_ttl = 300
    allow_origins = ["http://127.0.0.1:8000"]
    allow_origin_regex = 'http://localhost:[0-9]+'
    rate_per_minute = 30
    burst = 10
    create_caches = false
    indexes = ["demo-search"]               # vector indexes pages may use through POST /vector/*
    index_writes = true                     # pages may create them and upsert items (default: search only)
    max_index_dimensions = 1024
    max_index_items = 1000
    max_top_k = 100
    vector_rate_per_minute = 600            # the /vector/* routes' own per-client budget
    vector_burst = 60
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from momento_web_vending.cors import AllowedOrigins
from momento_web_vending.indexes import IndexPolicy
from momento_web_vending.policy import Policy, TopicAccess
from momento_web_vending.rate_limit import RateLimit

POLICY_ENV = "MOMENTO_TVM_POLICY"
DEFAULT_PORT = 8090


@dataclass(frozen=True, slots=True)
class Settings:
    policy: Policy
    origins: AllowedOrigins = field(default_factory=AllowedOrigins)
    rate_limit: RateLimit = field(default_factory=RateLimit)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    create_caches: bool = False  # create the policy's caches at start (needs control-plane rights)
    log_level: str = "info"
    indexes: IndexPolicy = field(default_factory=IndexPolicy)
    vector_rate_limit: RateLimit = field(default_factory=lambda: RateLimit(600.0, 60))


# dest → (flag, type, help); a list-valued option is repeatable.
_LISTS = {
    "caches": ("--cache", "a cache tokens may name (repeatable; required here or in the policy file)"),
    "key_prefixes": ("--key-prefix", "allowed key prefix: a requested keyPrefix must start with one ('' = any)"),
    "topic_prefixes": ("--topic-prefix", "allowed topic prefix: a requested topic must start with one ('' = any)"),
    "allow_origins": ("--allow-origin", "browser origin allowed by CORS, e.g. http://127.0.0.1:8000 (repeatable)"),
    "indexes": ("--index", "a vector index pages may search through POST /vector/search (repeatable)"),
}
_SCALARS: dict[str, tuple[str, type, str]] = {
    "topic_access": ("--topic-access", str, "most a topic token may do: subscribe-only (default) or publish-subscribe"),
    "max_ttl": ("--max-ttl", int, "longest token lifetime in seconds, at most 3600 (default 900)"),
    "default_ttl": ("--default-ttl", int, "lifetime when the request names none (default: min(300, max TTL))"),
    "allow_origin_regex": ("--allow-origin-regex", str, "regular expression for further allowed origins"),
    "rate_per_minute": ("--rate-per-minute", float, "requests per client a minute, refilled continuously (30)"),
    "burst": ("--burst", int, "requests a client may make at once (default 10)"),
    "max_index_dimensions": ("--max-index-dimensions", int, "most dimensions of an index a page creates (1024)"),
    "max_index_items": ("--max-index-items", int, "most items pages may put in an index (default 1000)"),
    "max_top_k": ("--max-top-k", int, "most hits one search may ask for (default 100)"),
    "vector_rate_per_minute": ("--vector-rate-per-minute", float, "vector requests per client a minute (600)"),
    "vector_burst": ("--vector-burst", int, "vector requests a client may make at once (default 60)"),
}
_FLAGS = {  # dest → (flag, help): switches that are off unless given
    "create_caches": ("--create-caches", "create the allowed caches at start if missing"),
    "index_writes": ("--index-writes", "let pages create the allowed indexes and upsert items (POST /vector/upsert)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m momento_web_vending",
        description="Mint short-lived Momento disposable tokens for browsers, within a policy. "
        "Credentials: MOMENTO_API_KEY (+ MOMENTO_ENDPOINT for real Momento) from the environment.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to bind (default: %(default)s)")
    parser.add_argument(
        "--policy", type=Path, default=os.environ.get(POLICY_ENV) or None, help=f"TOML policy file (or ${POLICY_ENV})"
    )
    for dest, (flag, text) in _LISTS.items():
        parser.add_argument(flag, dest=dest, action="append", metavar="VALUE", help=text)
    for dest, (flag, kind, text) in _SCALARS.items():
        parser.add_argument(flag, dest=dest, type=kind, help=text)
    for dest, (flag, text) in _FLAGS.items():
        parser.add_argument(flag, dest=dest, action="store_true", default=None, help=text)
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return parser


def parse_settings(argv: Sequence[str] | None = None) -> Settings:
    """Exits with status 2 and a message on any configuration error."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        values = load_policy_file(args.policy) if args.policy else {}
        values.update({k: v for k, v in vars(args).items() if k in _LISTS or k in _SCALARS if v is not None})
        values.update({dest: True for dest in _FLAGS if getattr(args, dest)})
        return settings_from(values, host=args.host, port=args.port, log_level=args.log_level)
    except (OSError, ValueError, TypeError, re.error) as exc:  # tomllib.TOMLDecodeError is a ValueError
        parser.error(str(exc))


def load_policy_file(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        values = tomllib.load(f)
    unknown = sorted(set(values) - {*_LISTS, *_SCALARS, *_FLAGS})
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {unknown}")
    return values


def settings_from(values: Mapping[str, Any], **server: Any) -> Settings:
    max_ttl = int(values.get("max_ttl", 900))
    policy = Policy(
        caches=_strings(values, "caches"),
        key_prefixes=_strings(values, "key_prefixes"),
        topic_prefixes=_strings(values, "topic_prefixes"),
        topic_access=TopicAccess.parse(values.get("topic_access", TopicAccess.SUBSCRIBE_ONLY.value), "topic_access"),
        max_ttl_seconds=max_ttl,
        default_ttl_seconds=int(values.get("default_ttl", min(300, max_ttl))),
    )
    origins = AllowedOrigins(_strings(values, "allow_origins"), values.get("allow_origin_regex"))
    rate = RateLimit(float(values.get("rate_per_minute", 30.0)), int(values.get("burst", 10)))
    indexes = IndexPolicy(
        names=_strings(values, "indexes"),
        writes=_bool(values, "index_writes"),
        max_dimensions=int(values.get("max_index_dimensions", 1024)),
        max_items=int(values.get("max_index_items", 1000)),
        max_top_k=int(values.get("max_top_k", 100)),
    )
    vector_rate = RateLimit(float(values.get("vector_rate_per_minute", 600.0)), int(values.get("vector_burst", 60)))
    return Settings(
        policy,
        origins,
        rate,
        create_caches=_bool(values, "create_caches"),
        indexes=indexes,
        vector_rate_limit=vector_rate,
        **server,
    )


def _bool(values: Mapping[str, Any], key: str) -> bool:
    value = values.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false")
    return value


def _strings(values: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = values.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ValueError(f"{key} must be a list of strings")
    return tuple(items)

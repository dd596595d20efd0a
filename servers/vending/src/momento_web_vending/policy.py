"""What a caller may ask for (:class:`TokenRequest`), and what the configured :class:`Policy` grants (:class:`Grant`).

Pure and synchronous: no I/O, no SDK calls. A request outside the policy raises :class:`PolicyViolation` (HTTP 403);
a malformed one raises :class:`BadRequest` (HTTP 400).
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

MAX_TOKEN_TTL_SECONDS = 3600  # Momento's limit for disposable tokens
MAX_NAME_LENGTH = 256  # cache names, topics and key prefixes; Momento's own limits are lower
MAX_CLIENT_ID_LENGTH = 64  # the token id limit of GenerateDisposableToken


class BadRequest(ValueError):
    """The request body is not a well-formed token request."""


class PolicyViolation(Exception):
    """A well-formed request for something the policy does not allow."""


class TopicAccess(enum.Enum):
    SUBSCRIBE_ONLY = "subscribe-only"
    PUBLISH_SUBSCRIBE = "publish-subscribe"

    @staticmethod
    def parse(value: object, what: str) -> TopicAccess:
        for access in TopicAccess:
            if value == access.value:
                return access
        choices = " or ".join(repr(a.value) for a in TopicAccess)
        raise BadRequest(f"{what} must be {choices}; got {value!r}")


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """A parsed ``POST /token`` body (JSON, camelCase keys)."""

    cache: str
    key_prefix: str | None = None
    topic: str | None = None
    topic_access: TopicAccess | None = None  # None: what the policy allows
    ttl_seconds: int | None = None  # None: the policy's default
    client_id: str | None = None  # self-declared; becomes the token id (publisher id of its topic messages)


@dataclass(frozen=True, slots=True)
class Grant:
    """Exactly what one token will carry: read-write on keys starting with ``key_prefix`` of ``cache`` (if
    given), ``topic_access`` on ``topic`` of ``cache`` (if given), for ``ttl_seconds``."""

    cache: str
    key_prefix: str | None
    topic: str | None
    topic_access: TopicAccess | None
    ttl_seconds: int
    client_id: str | None

    def as_json(self) -> dict[str, Any]:
        """The scope as the HTTP answer and the log describe it (never the token)."""
        scope: dict[str, Any] = {"cache": self.cache, "ttlSeconds": self.ttl_seconds}
        if self.key_prefix is not None:
            scope["keyPrefix"] = self.key_prefix
            scope["keyAccess"] = "read-write"
        if self.topic is not None and self.topic_access is not None:
            scope["topic"] = self.topic
            scope["topicAccess"] = self.topic_access.value
        return scope


@dataclass(frozen=True, slots=True)
class Policy:
    """The bounds of every token: ``caches`` by exact name; a key prefix or topic must start with one of
    ``key_prefixes`` / ``topic_prefixes`` (``""`` allows any, an empty tuple none); ``topic_access`` is the most a
    topic token may do; lifetimes are at most ``max_ttl_seconds``."""

    caches: tuple[str, ...]
    key_prefixes: tuple[str, ...] = ()
    topic_prefixes: tuple[str, ...] = ()
    topic_access: TopicAccess = TopicAccess.SUBSCRIBE_ONLY
    max_ttl_seconds: int = 900
    default_ttl_seconds: int = 300

    def __post_init__(self) -> None:
        if not self.caches:
            raise ValueError("the policy allows no cache: give at least one")
        if not self.key_prefixes and not self.topic_prefixes:
            raise ValueError("the policy allows neither key prefixes nor topics: give at least one")
        if not 0 < self.max_ttl_seconds <= MAX_TOKEN_TTL_SECONDS:
            raise ValueError(f"max TTL must be between 1 and {MAX_TOKEN_TTL_SECONDS} seconds")
        if not 0 < self.default_ttl_seconds <= self.max_ttl_seconds:
            raise ValueError("default TTL must be between 1 second and the max TTL")

    def decide(self, request: TokenRequest) -> Grant:
        if request.cache not in self.caches:
            raise PolicyViolation(f"cache {request.cache!r} is not allowed")
        if request.key_prefix is not None and not _starts_with_any(request.key_prefix, self.key_prefixes):
            raise PolicyViolation(f"key prefix {request.key_prefix!r} is not allowed")
        access = None
        if request.topic is not None:
            if not _starts_with_any(request.topic, self.topic_prefixes):
                raise PolicyViolation(f"topic {request.topic!r} is not allowed")
            access = request.topic_access or self.topic_access
            if access is TopicAccess.PUBLISH_SUBSCRIBE and self.topic_access is TopicAccess.SUBSCRIBE_ONLY:
                raise PolicyViolation("publishing is not allowed: topics are subscribe-only")
        ttl = self.default_ttl_seconds if request.ttl_seconds is None else request.ttl_seconds
        if ttl > self.max_ttl_seconds:
            raise PolicyViolation(f"ttlSeconds {ttl} exceeds the maximum of {self.max_ttl_seconds}")
        return Grant(request.cache, request.key_prefix, request.topic, access, ttl, request.client_id)

    def describe(self) -> str:
        return (
            f"caches={list(self.caches)} key prefixes={list(self.key_prefixes)} "
            f"topic prefixes={list(self.topic_prefixes)} topics {self.topic_access.value}, "
            f"ttl <= {self.max_ttl_seconds} s (default {self.default_ttl_seconds} s)"
        )


def _starts_with_any(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name.startswith(prefix) for prefix in prefixes)


_FIELDS = frozenset({"cache", "keyPrefix", "topic", "topicAccess", "ttlSeconds", "clientId"})


def parse_request(body: object) -> TokenRequest:
    """``{"cache", "keyPrefix"?, "topic"?, "topicAccess"?, "ttlSeconds"?, "clientId"?}`` → :class:`TokenRequest`."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise BadRequest(f"unknown field(s) {unknown}; allowed: {sorted(_FIELDS)}")
    cache = _name(body.get("cache"), "cache")
    if cache is None:
        raise BadRequest("cache is required")
    key_prefix = _name(body.get("keyPrefix"), "keyPrefix")
    topic = _name(body.get("topic"), "topic")
    if key_prefix is None and topic is None:
        raise BadRequest("ask for a keyPrefix, a topic or both")
    raw_access = body.get("topicAccess")
    access = None if raw_access is None else TopicAccess.parse(raw_access, "topicAccess")
    if access is not None and topic is None:
        raise BadRequest("topicAccess needs a topic")
    client_id = _name(body.get("clientId"), "clientId", MAX_CLIENT_ID_LENGTH)
    return TokenRequest(cache, key_prefix, topic, access, _ttl(body.get("ttlSeconds")), client_id)


def _name(value: object, what: str, max_length: int = MAX_NAME_LENGTH) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > max_length or not value.isprintable():
        raise BadRequest(f"{what} must be a non-empty printable string of at most {max_length} characters")
    return value


def _ttl(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadRequest("ttlSeconds must be a number")
    if value != int(value) or value <= 0:
        raise BadRequest("ttlSeconds must be a positive whole number of seconds")
    return int(value)

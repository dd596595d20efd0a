"""The Momento service an operation (and therefore an error) belongs to."""

from __future__ import annotations

from enum import Enum


class Service(Enum):
    """Names the service in error messages, e.g. "A cache with the specified name does not exist"."""

    CACHE = "cache"
    TOPICS = "topics"
    INDEX = "index"
    STORAGE = "store"
    AUTH = "auth"

"""Bases that make a response variant a frozen dataclass without repeating the decorator and fields.

A variant subclasses its operation's response base and one of these, e.g.
``class Miss(CacheListFetchResponse, Unit): ...``; the dataclass machinery (``__init__``, ``__eq__`` by exact
class and fields, ``__hash__``, ``__repr__`` by qualified name such as ``CacheListFetch.Miss()``) is inherited.
Variants that carry values declare their own fields with ``@dataclass(frozen=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.errors import SdkException
from momento_web.responses.mixins import ErrorResponseMixin


@dataclass(frozen=True)
class Unit:
    """A variant without data: ``Success()``, ``Miss()``, ``Stored()``, ``NotStored()``…"""


@dataclass(frozen=True)
class ErrorVariant(ErrorResponseMixin):
    """An ``Error`` variant: ``Error(_error: SdkException)`` with ``message``, ``error_code``, ``inner_exception``."""

    _error: SdkException

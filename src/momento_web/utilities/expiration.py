"""Token lifetimes (mirrors ``momento.utilities.expiration``): :class:`ExpiresIn` asks, :class:`ExpiresAt` answers."""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass


class Expiration(ABC):
    @abstractmethod
    def does_expire(self) -> bool: ...


def _seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise TypeError(f"{what} must be a number of seconds; got {value!r}")
    return float(value)


@dataclass(frozen=True)
class ExpiresIn(Expiration):
    """How long a requested token stays valid: ``valid_for`` seconds, or never (``math.inf``, the default).

    Build it with :meth:`seconds`, :meth:`minutes`, :meth:`hours`, :meth:`days`, :meth:`epoch` or :meth:`never`.
    Negative or too long lifetimes are not rejected here but by the client that sends them.
    """

    valid_for: float = math.inf

    def __post_init__(self) -> None:
        object.__setattr__(self, "valid_for", _seconds(self.valid_for, "valid_for"))

    def does_expire(self) -> bool:
        return self.valid_for != math.inf

    def valid_for_seconds(self) -> int:
        """Whole seconds; raises ValueError for a lifetime that never ends (check :meth:`does_expire`)."""
        if not self.does_expire():
            raise ValueError("ExpiresIn.never() has no number of seconds")
        return int(self.valid_for)

    @staticmethod
    def never() -> ExpiresIn:
        return ExpiresIn(math.inf)

    @staticmethod
    def seconds(valid_for_seconds: float) -> ExpiresIn:
        return ExpiresIn(_seconds(valid_for_seconds, "seconds"))

    @staticmethod
    def minutes(valid_for_minutes: float) -> ExpiresIn:
        return ExpiresIn(_seconds(valid_for_minutes, "minutes") * 60)

    @staticmethod
    def hours(valid_for_hours: float) -> ExpiresIn:
        return ExpiresIn(_seconds(valid_for_hours, "hours") * 3600)

    @staticmethod
    def days(valid_for_days: float) -> ExpiresIn:
        return ExpiresIn(_seconds(valid_for_days, "days") * 86400)

    @staticmethod
    def epoch(expires_by: float) -> ExpiresIn:
        """Valid until the UNIX time ``expires_by`` (seconds)."""
        return ExpiresIn(_seconds(expires_by, "expires_by") - int(time.time()))


@dataclass(frozen=True)
class ExpiresAt(Expiration):
    """When a token expires: a UNIX timestamp in seconds; None or 0 means it never does (the wire's ``0``)."""

    epoch_timestamp: float | None = None

    def __post_init__(self) -> None:
        if self.epoch_timestamp is not None:
            object.__setattr__(self, "epoch_timestamp", _seconds(self.epoch_timestamp, "epoch_timestamp") or None)

    def does_expire(self) -> bool:
        return self.epoch_timestamp is not None

    def epoch(self) -> int:
        """The timestamp in whole seconds; 0 for a token that never expires."""
        return 0 if self.epoch_timestamp is None else int(self.epoch_timestamp)

    @staticmethod
    def from_epoch(epoch: float | None = None) -> ExpiresAt:
        return ExpiresAt(epoch)

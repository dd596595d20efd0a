"""Cache client configuration (mirrors ``momento.config.configuration``).

Differences from the official SDK: there are no retry strategies (the JS web SDK has none either; a call is
sent once and its error returned) and no middlewares, so the constructor takes only the transport strategy
plus keyword-only momento-web additions (``wire_format``, ``transport_factory``, ``read_concern``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Self

from momento_web.config._base import BaseConfiguration
from momento_web.config.read_concern import ReadConcern


@dataclass(frozen=True)
class Configuration(BaseConfiguration):
    """Settings of a cache client. Immutable; ``with_*`` methods return new objects."""

    read_concern: ReadConcern = field(default=ReadConcern.BALANCED, kw_only=True)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.read_concern, ReadConcern):
            raise self._invalid(f"read_concern must be a ReadConcern; got {self.read_concern!r}")

    def get_read_concern(self) -> ReadConcern:
        return self.read_concern

    def with_read_concern(self, read_concern: ReadConcern) -> Self:
        return dataclasses.replace(self, read_concern=read_concern)

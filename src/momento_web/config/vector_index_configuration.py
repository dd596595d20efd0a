"""Vector index client configuration (mirrors ``momento.config.vector_index_configuration`` of momento 1.20.1)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.config._base import BaseConfiguration


@dataclass(frozen=True)
class VectorIndexConfiguration(BaseConfiguration):
    """Settings of a vector index client: the transport strategy (its deadline bounds every data call) plus the
    momento-web wire format and transport. Immutable; ``with_*`` methods return new objects."""

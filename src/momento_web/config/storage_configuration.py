"""Storage client configuration (after the JS SDKs' ``StorageConfiguration``; no retry strategy)."""

from __future__ import annotations

from dataclasses import dataclass

from momento_web.config._base import BaseConfiguration


@dataclass(frozen=True)
class StorageConfiguration(BaseConfiguration):
    """Settings of a :class:`~momento_web.PreviewStorageClientAsync`. Immutable; ``with_*`` methods return new
    objects. The deadline bounds each data call; control calls (stores) get a fixed minute, as cache control does."""

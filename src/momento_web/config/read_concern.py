"""Read consistency of cache reads (as ``ReadConcern`` in the JS SDKs; an addition of momento-web)."""

from __future__ import annotations

from enum import Enum


class ReadConcern(Enum):
    """``CONSISTENT`` adds the header ``read-concern: consistent`` to data calls; ``BALANCED`` sends nothing."""

    BALANCED = "balanced"
    CONSISTENT = "consistent"

"""Which metadata a search or a batch read returns (mirrors momento 1.20.1's ``AllMetadata``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AllMetadata:
    """Every metadata field of each hit. Use the :data:`ALL_METADATA` instance."""


ALL_METADATA = AllMetadata()
"""``metadata_fields=ALL_METADATA``: return every metadata field (a list names the fields to return; None, none)."""

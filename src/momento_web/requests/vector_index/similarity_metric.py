"""How an index scores a stored vector against a query (mirrors momento 1.20.1's ``SimilarityMetric``)."""

from __future__ import annotations

from enum import Enum


class SimilarityMetric(Enum):
    """``COSINE_SIMILARITY`` and ``INNER_PRODUCT``: higher scores are closer, and a ``score_threshold`` keeps hits
    scoring above it. ``EUCLIDEAN_SIMILARITY`` scores the squared Euclidean distance: lower is closer, and a
    ``score_threshold`` keeps hits scoring below it."""

    EUCLIDEAN_SIMILARITY = "EUCLIDEAN_SIMILARITY"
    INNER_PRODUCT = "INNER_PRODUCT"
    COSINE_SIMILARITY = "COSINE_SIMILARITY"

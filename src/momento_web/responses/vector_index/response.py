from __future__ import annotations

from momento_web.responses.response import Response


class VectorIndexResponse(Response):
    """Responses of the vector index client (index control and data operations)."""

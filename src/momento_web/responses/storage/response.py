"""Base class of the storage data responses (control ones are :class:`ControlResponse`, as for caches)."""

from __future__ import annotations

from momento_web.responses.response import Response


class StorageResponse(Response):
    """Responses of data operations on a store."""

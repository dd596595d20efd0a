from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class DeleteCacheResponse(ControlResponse):
    """``DeleteCache.Success`` or ``.Error``."""


class DeleteCache:
    class Success(DeleteCacheResponse, Unit): ...

    class Error(DeleteCacheResponse, ErrorVariant): ...

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import ControlResponse


class CacheFlushResponse(ControlResponse):
    """``CacheFlush.Success`` or ``.Error``."""


class CacheFlush:
    class Success(CacheFlushResponse, Unit): ...

    class Error(CacheFlushResponse, ErrorVariant): ...

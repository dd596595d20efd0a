"""Responses of ``ping`` (from the JS web SDK; the official Python SDK has no such operation)."""

from __future__ import annotations

from momento_web.responses._variants import ErrorVariant, Unit
from momento_web.responses.response import CacheResponse


class CachePingResponse(CacheResponse):
    """``CachePing.Success`` or ``CachePing.Error`` (the JS web SDK's ``ping``)."""


class CachePing:
    class Success(CachePingResponse, Unit): ...

    class Error(CachePingResponse, ErrorVariant): ...

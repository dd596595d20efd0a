"""Which gRPC-web encoding requests use (an addition of momento-web)."""

from __future__ import annotations

from enum import Enum


class WireFormat(Enum):
    """The gRPC-web flavour; the value is the request ``content-type``.

    ``TEXT`` (base64 bodies) is what Momento's JS web SDK sends and works everywhere, including streaming
    responses through ``fetch``; ``BINARY`` is smaller.
    """

    TEXT = "application/grpc-web-text"
    BINARY = "application/grpc-web+proto"

    @property
    def content_type(self) -> str:
        return self.value

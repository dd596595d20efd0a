"""Request and response metadata as synchronous middlewares see it (mirrors
``momento.config.middleware.synchronous``'s ``MiddlewareMetadata``)."""

from __future__ import annotations

from dataclasses import dataclass

MetadataType = list[tuple[str, str | bytes]]
"""``(key, value)`` pairs with lower-case keys, as grpc's synchronous interceptors see them; edit the list in place
(replace or append pairs) or return a new one."""


@dataclass
class MiddlewareMetadata:
    """Wraps the metadata of a request or response; return one with changed ``grpc_metadata`` to change it."""

    grpc_metadata: MetadataType | None

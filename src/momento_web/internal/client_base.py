"""What every client shares: one transport (the connection pool), its channels' common settings, its lifecycle."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Self

from momento_web.auth import CredentialProvider
from momento_web.config._base import BaseConfiguration
from momento_web.config.wire_format import WireFormat
from momento_web.internal.channel import GrpcWebChannel
from momento_web.internal.client_metadata import first_call_metadata
from momento_web.transport import default_transport

if TYPE_CHECKING:
    from momento_web.internal.middleware import ClientMiddlewares


class ClientBase:
    """``async with``/``close()``; subclasses build their channels with :meth:`_channel`."""

    def __init__(self, configuration: BaseConfiguration, credential_provider: CredentialProvider) -> None:
        factory = configuration.get_transport_factory() or default_transport
        self._transport = factory()
        self._text = configuration.get_wire_format() is WireFormat.TEXT
        token = credential_provider.get_auth_token()
        # No header at all for an empty credential (local emulator), as the JS web SDK does.
        self._auth_metadata: Mapping[str, str] = {"authorization": token} if token else {}
        # Where the configuration has them (cache, topic and auth configurations): run around every call.
        middlewares: list[object] = getattr(configuration, "get_middlewares", list)()
        self._middlewares: ClientMiddlewares | None = None
        if middlewares:
            from momento_web.internal.middleware import ClientMiddlewares  # loaded only by clients that use them

            self._middlewares = ClientMiddlewares(middlewares)
        self._retry_strategy = getattr(configuration, "get_retry_strategy", lambda: None)()
        # Weak: a client may drop channels (the storage client keeps a bounded set, one per store); close() closes
        # the ones still alive.
        self._channels: weakref.WeakSet[GrpcWebChannel] = weakref.WeakSet()

    def _channel(
        self,
        url: str,
        client_type: str,
        *,
        timeout: float | None,
        metadata: Mapping[str, str] | None = None,
        announce: bool = True,
    ) -> GrpcWebChannel:
        """A channel on this client's transport; ``announce`` sends ``agent``/``runtime-version`` on its first call."""
        first_call = first_call_metadata(client_type) if announce else None
        channel = GrpcWebChannel(
            url,
            self._transport,
            text=self._text,
            timeout=timeout,
            metadata=metadata,
            first_call_metadata=first_call,
            middlewares=self._middlewares,
            retry_strategy=self._retry_strategy,
        )
        self._channels.add(channel)
        return channel

    def _use_synchronous_middlewares(self) -> None:
        """For a sync client running this client as its core: run the configuration's synchronous middlewares
        instead of its async ones, as momento's sync clients do (their hooks are plain calls)."""
        if self._middlewares is not None:
            self._middlewares.use_synchronous()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the transport (its connections, on CPython). ``async with`` calls it on leaving; later calls
        return an ``Error`` saying the client is closed."""
        for channel in self._channels:
            channel.close()
        await self._transport.aclose()

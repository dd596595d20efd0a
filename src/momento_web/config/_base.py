"""Settings shared by cache, topic and auth configurations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Self

from momento_web.config.transport.grpc_configuration import validate_deadline
from momento_web.config.transport.transport_strategy import TransportStrategy
from momento_web.config.wire_format import WireFormat
from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service

if TYPE_CHECKING:
    from momento_web.transport.base import TransportFactory


@dataclass(frozen=True)
class BaseConfiguration:
    """Immutable: every ``with_*`` method returns a new object of the same class.

    ``wire_format`` and ``transport_factory`` are momento-web additions (keyword-only). A ``transport_factory``
    of None lets the client pick one: ``fetch`` under Pyodide, httpx on CPython.
    """

    transport_strategy: TransportStrategy
    wire_format: WireFormat = field(default=WireFormat.TEXT, kw_only=True)
    transport_factory: TransportFactory | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.transport_strategy, TransportStrategy):
            raise self._invalid(f"transport_strategy must be a TransportStrategy; got {self.transport_strategy!r}")
        if not isinstance(self.wire_format, WireFormat):
            raise self._invalid(f"wire_format must be a WireFormat; got {self.wire_format!r}")
        if self.transport_factory is not None and not callable(self.transport_factory):
            raise self._invalid("transport_factory must be a callable returning a transport, or None")

    @staticmethod
    def _invalid(message: str) -> InvalidArgumentException:
        return InvalidArgumentException(message, Service.CACHE)

    def get_transport_strategy(self) -> TransportStrategy:
        return self.transport_strategy

    def with_transport_strategy(self, transport_strategy: TransportStrategy) -> Self:
        return dataclasses.replace(self, transport_strategy=transport_strategy)

    def with_client_timeout(self, client_timeout: timedelta) -> Self:
        """A copy whose per-request deadline is ``client_timeout`` (must be positive)."""
        validate_deadline(client_timeout)
        return self.with_transport_strategy(self.transport_strategy.with_client_timeout(client_timeout))

    def get_client_timeout(self) -> timedelta:
        """The per-request deadline (shortcut for the transport strategy's gRPC configuration deadline)."""
        return self.transport_strategy.get_grpc_configuration().get_deadline()

    def with_root_certificates_pem(self, root_certificates_pem_path: Path) -> Self:
        """Accepted for compatibility and ignored by gRPC-web transports."""
        grpc_configuration = self.transport_strategy.get_grpc_configuration()
        return self.with_transport_strategy(
            self.transport_strategy.with_grpc_configuration(
                grpc_configuration.with_root_certificates_pem(root_certificates_pem_path)
            )
        )

    def get_wire_format(self) -> WireFormat:
        return self.wire_format

    def with_wire_format(self, wire_format: WireFormat) -> Self:
        return dataclasses.replace(self, wire_format=wire_format)

    def get_transport_factory(self) -> TransportFactory | None:
        return self.transport_factory

    def with_transport_factory(self, transport_factory: TransportFactory | None) -> Self:
        return dataclasses.replace(self, transport_factory=transport_factory)

"""How requests are sent (mirrors ``momento.config.transport.transport_strategy``)."""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Self

from momento_web.config.transport.grpc_configuration import GrpcConfiguration, validate_deadline


@dataclass(frozen=True)
class StaticGrpcConfiguration(GrpcConfiguration):
    """Fixed per-request settings; only ``deadline`` has an effect over gRPC-web (see the module docs of
    :mod:`momento_web.config.transport.grpc_configuration`)."""

    deadline: timedelta
    root_certificates_pem: bytes | None = None
    max_send_message_length: int | None = None
    max_receive_message_length: int | None = None
    keepalive_permit_without_calls: bool | None = True
    keepalive_time: timedelta | None = timedelta(seconds=5)
    keepalive_timeout: timedelta | None = timedelta(seconds=1)

    def __post_init__(self) -> None:
        validate_deadline(self.deadline)

    def get_deadline(self) -> timedelta:
        return self.deadline

    def with_deadline(self, deadline: timedelta) -> Self:
        return dataclasses.replace(self, deadline=deadline)

    def get_root_certificates_pem(self) -> bytes | None:
        return self.root_certificates_pem

    def with_root_certificates_pem(self, root_certificates_pem_path: Path) -> Self:
        """A copy holding the PEM file's bytes; a missing or unreadable file raises momento's
        ``FileNotFoundError``/``PermissionError``, naming the path."""
        path = Path(root_certificates_pem_path)
        try:
            pem = path.read_bytes()
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"Root certificate file not found at path: {root_certificates_pem_path}") from exc
        except PermissionError as exc:
            raise PermissionError(f"Root certificate file not readable at path: {root_certificates_pem_path}") from exc
        return dataclasses.replace(self, root_certificates_pem=pem)

    def get_max_send_message_length(self) -> int | None:
        return self.max_send_message_length

    def get_max_receive_message_length(self) -> int | None:
        return self.max_receive_message_length

    def get_keepalive_permit_without_calls(self) -> bool | None:
        return self.keepalive_permit_without_calls

    def get_keepalive_time(self) -> timedelta | None:
        return self.keepalive_time

    def get_keepalive_timeout(self) -> timedelta | None:
        return self.keepalive_timeout


class TransportStrategy(ABC):
    """Abstract transport settings."""

    @abstractmethod
    def get_grpc_configuration(self) -> GrpcConfiguration: ...

    @abstractmethod
    def with_grpc_configuration(self, grpc_configuration: GrpcConfiguration) -> Self: ...

    @abstractmethod
    def with_client_timeout(self, client_timeout: timedelta) -> Self: ...


@dataclass(frozen=True)
class StaticTransportStrategy(TransportStrategy):
    """Transport settings that never change."""

    grpc_configuration: GrpcConfiguration

    def get_grpc_configuration(self) -> GrpcConfiguration:
        return self.grpc_configuration

    def with_grpc_configuration(self, grpc_configuration: GrpcConfiguration) -> Self:
        return dataclasses.replace(self, grpc_configuration=grpc_configuration)

    def with_client_timeout(self, client_timeout: timedelta) -> Self:
        return self.with_grpc_configuration(self.grpc_configuration.with_deadline(client_timeout))

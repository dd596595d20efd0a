"""Per-request gRPC settings (mirrors ``momento.config.transport.grpc_configuration``).

Over gRPC-web only the deadline matters: it becomes the ``grpc-timeout`` header and the local timeout of the
request. Root certificates, message-length limits and keepalive settings are accepted for source
compatibility with the official SDK and ignored (a browser manages TLS and connections itself).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import timedelta
from pathlib import Path
from typing import Self

from momento_web.errors.exceptions import InvalidArgumentException
from momento_web.internal.services import Service


def validate_deadline(deadline: timedelta) -> timedelta:
    """Return ``deadline`` if it is a positive :class:`timedelta`, else raise InvalidArgumentException."""
    if not isinstance(deadline, timedelta):
        raise InvalidArgumentException("Request timeout must be a timedelta.", Service.CACHE)
    if deadline <= timedelta(0):
        raise InvalidArgumentException("Request timeout must be a positive amount of time.", Service.CACHE)
    return deadline


class GrpcConfiguration(ABC):
    """Abstract per-request settings."""

    @abstractmethod
    def get_deadline(self) -> timedelta: ...

    @abstractmethod
    def with_deadline(self, deadline: timedelta) -> Self: ...

    @abstractmethod
    def get_root_certificates_pem(self) -> bytes | None: ...

    @abstractmethod
    def with_root_certificates_pem(self, root_certificates_pem_path: Path) -> Self: ...

    @abstractmethod
    def get_max_send_message_length(self) -> int | None: ...

    @abstractmethod
    def get_max_receive_message_length(self) -> int | None: ...

    @abstractmethod
    def get_keepalive_permit_without_calls(self) -> bool | None: ...

    @abstractmethod
    def get_keepalive_time(self) -> timedelta | None: ...

    @abstractmethod
    def get_keepalive_timeout(self) -> timedelta | None: ...

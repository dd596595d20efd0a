"""Authentication seam: turns the ``authorization`` header of a call into a :class:`Principal`.

The emulator calls :meth:`Authenticator.authenticate` once per RPC, before decoding the request. An
implementation raises :class:`~momento_web.wire.status.GrpcError` (UNAUTHENTICATED) to reject the call. Local mode
(:class:`OpenAuthenticator`, momento-local parity) accepts anything. The credential itself never leaves the
authenticator: a principal carries only what later checks need, so nothing downstream can log a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling.

    ``token_id`` is what a disposable token reports as ``publisher_id`` on topic items (empty otherwise).
    ``super_user`` principals may do anything; finer-grained permissions are added with strict mode.
    """

    name: str
    token_id: str = ""
    super_user: bool = False


ANONYMOUS = Principal(name="anonymous", super_user=True)


class Authenticator(Protocol):
    @property
    def mode(self) -> str:
        """Short description for the startup log line, e.g. ``open``."""
        ...

    def authenticate(self, authorization: str | None, rpc: str) -> Principal:
        """Check the raw ``authorization`` header (None if absent) for a call of ``rpc`` (its HTTP path)."""
        ...


class OpenAuthenticator:
    """Local mode: no header, an empty header and any token are all accepted with every permission."""

    @property
    def mode(self) -> str:
        return "open"

    def authenticate(self, authorization: str | None, rpc: str) -> Principal:
        return ANONYMOUS


def mask_token(value: str | None) -> str:
    """A loggable stand-in for a credential: its length only."""
    if not value:
        return "<none>"
    return f"<{len(value)} chars>"

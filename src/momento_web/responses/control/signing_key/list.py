"""Responses of ``list_signing_keys``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from momento_web.responses._variants import ErrorVariant
from momento_web.responses.response import ControlResponse


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    expires_at: datetime
    endpoint: str


class ListSigningKeysResponse(ControlResponse):
    """``ListSigningKeys.Success(signing_keys)`` or ``.Error``."""


class ListSigningKeys:
    @dataclass(frozen=True)
    class Success(ListSigningKeysResponse):
        signing_keys: list[SigningKey]

    class Error(ListSigningKeysResponse, ErrorVariant): ...

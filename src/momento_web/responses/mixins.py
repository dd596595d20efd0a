"""Behaviour shared by response variants."""

from __future__ import annotations

from momento_web.errors import MomentoErrorCode, SdkException


class ErrorResponseMixin:
    """Every ``Error`` variant: the exception that caused it, its code and a readable message."""

    _error: SdkException

    def __init__(self, _error: SdkException) -> None:
        self._error = _error

    @property
    def inner_exception(self) -> SdkException:
        return self._error

    @property
    def error_code(self) -> MomentoErrorCode:
        return self._error.error_code

    @property
    def message(self) -> str:
        return f"{self._error.message_wrapper}: {self._error.message}"

    def __str__(self) -> str:
        # Responses print through ``Response.__str__``, which comes first in their MRO; this is for other users.
        return f"{type(self).__qualname__} {self.error_code}: {self.message}"


class ValueStringMixin:
    """``value_string`` for variants that carry ``value_bytes``."""

    value_bytes: bytes

    @property
    def value_string(self) -> str:
        return self.value_bytes.decode("utf-8")

"""Behaviour shared by response variants."""

from __future__ import annotations

from momento_web.errors import MomentoErrorCode, SdkException


class ErrorResponseMixin:
    """Every ``Error`` variant: the exception that caused it, its code and a readable message."""

    _error: SdkException

    @property
    def inner_exception(self) -> SdkException:
        return self._error

    @property
    def error_code(self) -> MomentoErrorCode:
        return self._error.error_code

    @property
    def message(self) -> str:
        return f"{self._error.message_wrapper}: {self._error.message}"


class ValueStringMixin:
    """``value_string`` for variants that carry ``value_bytes``."""

    value_bytes: bytes

    @property
    def value_string(self) -> str:
        return self.value_bytes.decode("utf-8")

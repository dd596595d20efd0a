"""Text views of the bytes a response carries (``*_string`` properties). Decoding is strict UTF-8, as in the
official SDK: binary data is read through the ``*_bytes`` attributes."""

from __future__ import annotations

from typing import TYPE_CHECKING


def _text(data: bytes) -> str:
    return data.decode("utf-8")


class ValueListStringMixin:
    value_list_bytes: list[bytes]

    @property
    def value_list_string(self) -> list[str]:
        return [_text(value) for value in self.value_list_bytes]


class ValueSetStringMixin:
    value_set_bytes: set[bytes]

    @property
    def value_set_string(self) -> set[str]:
        return {_text(value) for value in self.value_set_bytes}


class DictionaryViewsMixin:
    """Every key/value decoding of ``value_dictionary_bytes_bytes`` (a field or a property of the variant)."""

    if TYPE_CHECKING:  # declared for type checkers only: a class attribute here would shadow a dataclass field

        @property
        def value_dictionary_bytes_bytes(self) -> dict[bytes, bytes]: ...

    @property
    def value_dictionary_bytes_string(self) -> dict[bytes, str]:
        return {key: _text(value) for key, value in self.value_dictionary_bytes_bytes.items()}

    @property
    def value_dictionary_string_bytes(self) -> dict[str, bytes]:
        return {_text(key): value for key, value in self.value_dictionary_bytes_bytes.items()}

    @property
    def value_dictionary_string_string(self) -> dict[str, str]:
        return {_text(key): _text(value) for key, value in self.value_dictionary_bytes_bytes.items()}


class HashStringMixin:
    hash_bytes: bytes

    @property
    def hash_string(self) -> str:
        """The hash as lowercase hex. (The JS SDK decodes it as UTF-8, which mangles a binary hash.)"""
        return self.hash_bytes.hex()


class FieldStringMixin:
    field_bytes: bytes

    @property
    def field_string(self) -> str:
        return _text(self.field_bytes)

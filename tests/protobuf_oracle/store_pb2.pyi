from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class _StoreValue(_message.Message):
    __slots__ = ("bytes_value", "string_value", "integer_value", "double_value")
    BYTES_VALUE_FIELD_NUMBER: _ClassVar[int]
    STRING_VALUE_FIELD_NUMBER: _ClassVar[int]
    INTEGER_VALUE_FIELD_NUMBER: _ClassVar[int]
    DOUBLE_VALUE_FIELD_NUMBER: _ClassVar[int]
    bytes_value: bytes
    string_value: str
    integer_value: int
    double_value: float
    def __init__(self, bytes_value: _Optional[bytes] = ..., string_value: _Optional[str] = ..., integer_value: _Optional[int] = ..., double_value: _Optional[float] = ...) -> None: ...

class _StoreGetRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class _StoreGetResponse(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: _StoreValue
    def __init__(self, value: _Optional[_Union[_StoreValue, _Mapping]] = ...) -> None: ...

class _StorePutRequest(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: _StoreValue
    def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_StoreValue, _Mapping]] = ...) -> None: ...

class _StorePutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class _StoreDeleteRequest(_message.Message):
    __slots__ = ("key",)
    KEY_FIELD_NUMBER: _ClassVar[int]
    key: str
    def __init__(self, key: _Optional[str] = ...) -> None: ...

class _StoreDeleteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

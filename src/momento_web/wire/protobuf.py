"""A small protobuf runtime without I/O: the wire codec and the base classes of ``momento_web._messages``.

It replaces ``google.protobuf`` on the SDK's path (its runtime and descriptors cost a page ~0.5 MB and most of
its import time; bench/README.md, "Cold start"). Generated classes (``scripts/gen_protos.py``) declare a field
table, :attr:`Message.FIELDS`; the codec compiles it once per class, on first use, into one closure per field,
so encoding and decoding do no per-call reflection.

Semantics are protobuf-python's (``tests/unit/test_protobuf_codec.py`` checks them against it): proto3 implicit
presence (defaults are not written), oneof members and ``optional`` fields written whenever set, fields in
number order, repeated numeric fields packed (both forms accepted), unknown fields skipped (a known field with
another wire type counts as unknown), later values win, a sub-message seen twice is merged. Storage:

* implicit-presence scalars and repeated fields are plain slots named like the field;
* fields with presence (sub-messages, oneof members, ``optional``) are :class:`Presence` descriptors over a
  value slot (``_value_<field or oneof>``) and, in a oneof, a slot naming the member set (``_which_<oneof>``).
  Reading an unset one gives its default: for a sub-message a new, detached instance (protobuf attaches it to
  the parent; here a sub-message is set by assigning it).

Values are range-checked when encoded, not when assigned. Message classes are not meant to be subclassed.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable, Sequence, Sized
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

__all__ = ["DecodeError", "Enum", "Field", "Message", "Presence", "slot_names"]

T = TypeVar("T")


class DecodeError(ValueError):
    """The bytes are not a valid serialization of the message: truncated, corrupt, or invalid UTF-8."""


# --- field kinds -------------------------------------------------------------------------------------------

INT32, INT64, UINT32, UINT64, SINT32, SINT64, BOOL, ENUM = range(8)
FIXED32, FIXED64, SFIXED32, SFIXED64, FLOAT, DOUBLE = range(8, 14)
STRING, BYTES, MESSAGE = range(14, 17)

_VARINT, _I64, _LEN, _SGROUP, _EGROUP, _I32 = range(6)
_MASK32 = (1 << 32) - 1
_MASK64 = (1 << 64) - 1
_MAX_GROUP_DEPTH = 100  # protobuf's recursion limit, for unknown groups (the only unbounded nesting)


def _wire_type(kind: int) -> int:
    if kind <= ENUM:
        return _VARINT
    if kind in (FIXED64, SFIXED64, DOUBLE):
        return _I64
    if kind in (FIXED32, SFIXED32, FLOAT):
        return _I32
    return _LEN


# --- primitives --------------------------------------------------------------------------------------------

Buffer = bytes | bytearray | memoryview


def read_varint(data: Buffer, pos: int, end: int) -> tuple[int, int]:
    """The varint at ``pos`` (at most 10 bytes, truncated to 64 bits) and the position after it."""
    result = shift = 0
    while pos < end:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result & _MASK64, pos
        shift += 7
        if shift == 70:
            raise DecodeError("varint longer than 10 bytes")
    raise DecodeError("truncated varint")


def write_varint(out: bytearray, value: int) -> None:
    """Append ``value`` (0 <= value < 2**64) as a varint."""
    if not 0 <= value <= _MASK64:
        raise ValueError(f"varint out of range: {value}")
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _signed(bits: int) -> Callable[[int], int]:
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"int{bits} out of range: {value}")
        return value & _MASK64  # negative numbers are sign-extended to 64 bits: 10-byte varints

    return check


def _unsigned(bits: int) -> Callable[[int], int]:
    high = (1 << bits) - 1

    def check(value: int) -> int:
        if not 0 <= value <= high:
            raise ValueError(f"uint{bits} out of range: {value}")
        return value

    return check


def _zigzag(bits: int) -> Callable[[int], int]:
    check = _signed(bits)

    def encode(value: int) -> int:
        check(value)
        return (value << 1) ^ (value >> (bits - 1))

    return encode


def _to_signed(bits: int) -> Callable[[int], int]:
    mask, sign = (1 << bits) - 1, 1 << (bits - 1)
    return lambda value: (value & mask) - ((value & sign) << 1)


def _from_zigzag(bits: int) -> Callable[[int], int]:
    mask = (1 << bits) - 1
    return lambda value: ((value & mask) >> 1) ^ -(value & 1)


# Per varint kind: value → unsigned wire integer, and back.
_VARINT_OUT: dict[int, Callable[[int], int]] = {
    INT32: _signed(32), INT64: _signed(64), UINT32: _unsigned(32), UINT64: _unsigned(64),
    SINT32: _zigzag(32), SINT64: _zigzag(64), BOOL: lambda value: 1 if value else 0, ENUM: _signed(32),
}  # fmt: skip
_VARINT_IN: dict[int, Callable[[int], Any]] = {
    INT32: _to_signed(32), INT64: _to_signed(64), UINT32: lambda value: value & _MASK32, UINT64: lambda value: value,
    SINT32: _from_zigzag(32), SINT64: _from_zigzag(64), BOOL: bool, ENUM: _to_signed(32),
}  # fmt: skip
_FIXED = {
    FIXED32: struct.Struct("<I"), SFIXED32: struct.Struct("<i"), FLOAT: struct.Struct("<f"),
    FIXED64: struct.Struct("<Q"), SFIXED64: struct.Struct("<q"), DOUBLE: struct.Struct("<d"),
}  # fmt: skip
_DEFAULTS: dict[int, object] = {kind: 0 for kind in range(FLOAT)} | {
    BOOL: False, FLOAT: 0.0, DOUBLE: 0.0, STRING: "", BYTES: b"",
}  # fmt: skip

Writer = Callable[[bytearray, Any], None]
Reader = Callable[[Buffer, int, int], tuple[Any, int]]


def _writer(kind: int) -> Writer:
    """Appends one value of ``kind`` (without its tag)."""
    if kind in _VARINT_OUT:
        convert = _VARINT_OUT[kind]
        return lambda out, value: write_varint(out, convert(value))
    if kind in _FIXED:
        pack = _FIXED[kind].pack
        return lambda out, value: out.extend(pack(value))

    return _write_string if kind == STRING else _write_bytes


def _write_bytes(out: bytearray, value: bytes) -> None:
    write_varint(out, len(value))
    out += value


def _write_string(out: bytearray, value: str) -> None:
    _write_bytes(out, value.encode())


def _reader(kind: int) -> Reader:
    """Reads one scalar value of ``kind`` at ``pos`` (after its tag)."""
    if kind in _VARINT_IN:
        convert = _VARINT_IN[kind]

        def read_number(data: Buffer, pos: int, end: int) -> tuple[Any, int]:
            value, pos = read_varint(data, pos, end)
            return convert(value), pos

        return read_number
    if kind in _FIXED:
        layout = _FIXED[kind]
        unpack, size = layout.unpack_from, layout.size

        def read_fixed(data: Buffer, pos: int, end: int) -> tuple[Any, int]:
            if pos + size > end:
                raise DecodeError("truncated fixed-width value")
            return unpack(data, pos)[0], pos + size

        return read_fixed

    def read_bytes(data: Buffer, pos: int, end: int) -> tuple[Any, int]:
        start, stop = _delimited(data, pos, end)
        if kind == STRING:
            return str(data[start:stop], "utf-8"), stop  # strict: invalid UTF-8 raises (→ DecodeError)
        return bytes(data[start:stop]), stop  # one copy; bytes(b) of a bytes slice copies nothing more

    return read_bytes


def _delimited(data: Buffer, pos: int, end: int) -> tuple[int, int]:
    """The bounds of the length-delimited payload at ``pos``."""
    length, start = read_varint(data, pos, end)
    stop = start + length
    if stop > end:
        raise DecodeError("length-delimited field runs past the end")
    return start, stop


def _skip(data: Buffer, tag: int, pos: int, end: int) -> int:
    """The position after the unknown field whose ``tag`` was just read."""
    wire_type = tag & 7
    if wire_type == _VARINT:
        return read_varint(data, pos, end)[1]
    if wire_type == _LEN:
        return _delimited(data, pos, end)[1]
    if wire_type in (_I64, _I32):
        pos += 8 if wire_type == _I64 else 4
        if pos > end:
            raise DecodeError("truncated fixed-width value")
        return pos
    if wire_type == _SGROUP:
        open_groups = [tag >> 3]
        while open_groups:
            if len(open_groups) > _MAX_GROUP_DEPTH:
                raise DecodeError("groups nested too deeply")
            inner, pos = read_varint(data, pos, end)
            if inner & 7 == _EGROUP:
                if inner >> 3 != open_groups.pop():
                    raise DecodeError("mismatched end-group tag")
            elif inner & 7 == _SGROUP:
                open_groups.append(inner >> 3)
            else:
                pos = _skip(data, inner, pos, end)
        return pos
    raise DecodeError(f"invalid wire type {wire_type}" if wire_type != _EGROUP else "unexpected end-group tag")


# --- schema ------------------------------------------------------------------------------------------------


class Field:
    """One row of a message's field table."""

    __slots__ = ("kind", "message", "name", "number", "oneof", "repeated")

    def __init__(
        self,
        number: int,
        name: str,
        kind: int,
        *,
        repeated: bool = False,
        oneof: str | None = None,
        message: Callable[[], type[Message]] | None = None,
    ) -> None:
        self.number = number
        self.name = name
        self.kind = kind
        self.repeated = repeated
        self.oneof = oneof  # a oneof's name; proto3 ``optional`` fields are in a synthetic one (``_<field>``)
        self.message = message  # for MESSAGE fields: the message class, looked up late (forward references)

    @property
    def has_presence(self) -> bool:
        return not self.repeated and (self.oneof is not None or self.kind == MESSAGE)

    @property
    def packed(self) -> bool:
        return self.repeated and self.kind < STRING  # proto3 packs repeated numeric fields by default

    @property
    def value_slot(self) -> str:
        return f"_value_{self.oneof or self.name}" if self.has_presence else self.name

    @property
    def which_slot(self) -> str | None:
        """In a oneof, the slot naming the member that is set."""
        return None if self.oneof is None else f"_which_{self.oneof}"


def slot_names(fields: Sequence[Field]) -> tuple[str, ...]:
    """A message class's ``__slots__`` for its field table (the generator writes them out)."""
    names: list[str] = []
    for field in fields:
        if field.which_slot is not None and field.which_slot not in names:
            names.append(field.which_slot)
        if field.value_slot not in names:
            names.append(field.value_slot)
    return tuple(names)


class Presence(Generic[T]):
    """A field with presence, seen as an attribute: its value when set, else its default."""

    __slots__ = ("_default", "_factory", "_name", "_value", "_which")

    def __init__(self) -> None:
        self._name = ""

    def bind(self, field: Field) -> None:
        self._name = field.name
        self._value = field.value_slot
        self._which = field.which_slot
        self._factory = field.message
        self._default = _DEFAULTS.get(field.kind)

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Self: ...
    @overload
    def __get__(self, obj: Message, owner: type[Any] | None = None) -> T: ...
    def __get__(self, obj: Message | None, owner: type[Any] | None = None) -> Self | T:
        if obj is None:
            return self
        if self._which is None or getattr(obj, self._which) == self._name:
            value = getattr(obj, self._value)
            if value is not None:
                return value  # type: ignore[no-any-return]
        return self._factory()() if self._factory is not None else self._default  # type: ignore[return-value]

    def __set__(self, obj: Message, value: T) -> None:
        if self._which is not None:
            setattr(obj, self._which, self._name)
        setattr(obj, self._value, value)


# --- messages ----------------------------------------------------------------------------------------------

Encoder = Callable[["Message", bytearray], None]
Decoder = Callable[["Message", Buffer, int, int], int]


class _Plan:
    """What a message class compiles its field table into, once."""

    __slots__ = ("decoders", "encoders", "oneofs", "presence", "slots")

    def __init__(self, cls: type[Message]) -> None:
        self.slots = slot_names(cls.FIELDS)
        self.encoders: tuple[Encoder, ...] = tuple(_encoder(field) for field in cls.FIELDS)
        self.decoders: dict[int, Decoder] = {}
        for field in cls.FIELDS:
            wire_types = {_LEN, _wire_type(field.kind)} if field.packed else {_wire_type(field.kind)}
            for wire_type in wire_types:
                self.decoders[field.number << 3 | wire_type] = _decoder(
                    field, packed=field.packed and wire_type == _LEN
                )
        # HasField: a name → (slot naming the oneof member set, or None; slot holding the value; member name).
        self.presence = {f.name: (f.which_slot, f.value_slot, f.name) for f in cls.FIELDS if f.has_presence}
        self.oneofs = {f.oneof: f.which_slot for f in cls.FIELDS if f.oneof is not None and f.which_slot}
        for group, slot in self.oneofs.items():
            self.presence.setdefault(group, (slot, slot, ""))


def _plan(cls: type[Message]) -> _Plan:
    plan = cls._plan
    if plan is None:
        plan = cls._plan = _Plan(cls)
    return plan


def _encode(message: Message, out: bytearray) -> None:
    for encoder in _plan(type(message)).encoders:
        encoder(message, out)


def _encoder(field: Field) -> Encoder:
    """Appends ``field`` of a message (tag and value) if it is to be written."""
    wire_type = _LEN if field.packed else _wire_type(field.kind)
    tag = bytearray()
    write_varint(tag, field.number << 3 | wire_type)
    key, name, slot, which = bytes(tag), field.name, field.value_slot, field.which_slot
    write: Writer = _write_message if field.kind == MESSAGE else _writer(field.kind)

    if field.packed:

        def encode_packed(message: Message, out: bytearray) -> None:
            values = getattr(message, slot)
            if values:
                body = bytearray()
                for value in values:
                    write(body, value)
                out += key
                write_varint(out, len(body))
                out += body

        return encode_packed
    if field.repeated:

        def encode_repeated(message: Message, out: bytearray) -> None:
            for value in getattr(message, slot):
                out += key
                write(out, value)

        return encode_repeated
    if which is not None:

        def encode_member(message: Message, out: bytearray) -> None:
            if getattr(message, which) == name:
                out += key
                write(out, getattr(message, slot))

        return encode_member
    if field.kind == MESSAGE:

        def encode_message(message: Message, out: bytearray) -> None:
            value = getattr(message, slot)
            if value is not None:
                out += key
                write(out, value)

        return encode_message
    if field.kind in (FLOAT, DOUBLE):

        def encode_float(message: Message, out: bytearray) -> None:
            value = getattr(message, slot)
            if value or math.copysign(1.0, value) < 0:  # -0.0 is not the default: protobuf writes it
                out += key
                write(out, value)

        return encode_float

    def encode_scalar(message: Message, out: bytearray) -> None:
        value = getattr(message, slot)
        if value:
            out += key
            write(out, value)

    return encode_scalar


def _write_message(out: bytearray, message: Message) -> None:
    body = bytearray()
    _encode(message, body)
    write_varint(out, len(body))
    out += body


def _decode(message: Message, data: Buffer, pos: int, end: int) -> None:
    """Merge the serialized fields in ``data[pos:end]`` into ``message``."""
    decoders = _plan(type(message)).decoders
    while pos < end:
        tag = data[pos]
        if tag < 0x80:
            pos += 1
        else:
            tag, pos = read_varint(data, pos, end)
            if tag > _MASK32:
                raise DecodeError("tag out of range")
        decoder = decoders.get(tag)
        if decoder is not None:
            pos = decoder(message, data, pos, end)
        elif tag >> 3 == 0:
            raise DecodeError("field number 0")
        else:
            pos = _skip(data, tag, pos, end)
    if pos != end:
        raise DecodeError("truncated message")


def _decoder(field: Field, *, packed: bool) -> Decoder:
    """Reads the value of ``field`` whose tag was just read, stores it and returns the position after it."""
    name, slot, which, kind = field.name, field.value_slot, field.which_slot, field.kind
    if kind == MESSAGE:
        return _message_decoder(field)
    read = _reader(kind)
    if packed:

        def decode_packed(message: Message, data: Buffer, pos: int, end: int) -> int:
            start, stop = _delimited(data, pos, end)
            values = getattr(message, slot)
            while start < stop:
                value, start = read(data, start, stop)
                values.append(value)
            return stop

        return decode_packed
    if field.repeated:

        def decode_repeated(message: Message, data: Buffer, pos: int, end: int) -> int:
            value, pos = read(data, pos, end)
            getattr(message, slot).append(value)
            return pos

        return decode_repeated

    def decode_scalar(message: Message, data: Buffer, pos: int, end: int) -> int:
        value, pos = read(data, pos, end)
        if which is not None:
            setattr(message, which, name)
        setattr(message, slot, value)
        return pos

    return decode_scalar


def _message_decoder(field: Field) -> Decoder:
    name, slot, which = field.name, field.value_slot, field.which_slot
    message_type, repeated = field.message, field.repeated
    if message_type is None:
        raise TypeError(f"message field {name!r} names no message class")

    def decode_message(message: Message, data: Buffer, pos: int, end: int) -> int:
        start, stop = _delimited(data, pos, end)
        if repeated:
            sub = message_type()()
            getattr(message, slot).append(sub)
        else:
            current = getattr(message, slot) if which is None or getattr(message, which) == name else None
            sub = current if current is not None else message_type()()  # a second occurrence merges
            if which is not None:
                setattr(message, which, name)
            setattr(message, slot, sub)
        _decode(sub, data, start, stop)
        return stop

    return decode_message


class Message:
    """Base of the generated message classes: the part of google.protobuf's ``Message`` API the SDK uses."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[Field, ...]] = ()
    _plan: ClassVar[_Plan | None] = None

    def __init_subclass__(cls) -> None:
        for field in cls.FIELDS:
            if field.has_presence:
                descriptor = cls.__dict__[field.name]
                if not isinstance(descriptor, Presence):
                    raise TypeError(f"{cls.__qualname__}.{field.name} is not a Presence")
                descriptor.bind(field)

    @classmethod
    def FromString(cls, data: Buffer) -> Self:
        """Parse ``data``; raises :class:`DecodeError` if it is not a valid serialization."""
        message = cls()
        if not isinstance(data, bytes | bytearray):
            data = memoryview(data).cast("B")
        try:
            _decode(message, data, 0, len(data))
        except (DecodeError, UnicodeDecodeError, struct.error) as exc:
            raise DecodeError(f"could not decode {cls.__qualname__}: {exc}") from None
        return message

    def SerializeToString(self) -> bytes:
        out = bytearray()
        _encode(self, out)
        return bytes(out)

    def HasField(self, name: str) -> bool:
        """Whether a field with presence (sub-message, oneof member, ``optional``) or a oneof is set."""
        try:
            which, slot, member = _plan(type(self)).presence[name]
        except KeyError:
            raise ValueError(f"{type(self).__qualname__} has no field with presence named {name!r}") from None
        if which is None:
            return getattr(self, slot) is not None
        return getattr(self, which) == member if member else getattr(self, which) is not None

    def WhichOneof(self, oneof: str) -> str | None:
        try:
            slot = _plan(type(self)).oneofs[oneof]
        except KeyError:
            raise ValueError(f"{type(self).__qualname__} has no oneof named {oneof!r}") from None
        which: str | None = getattr(self, slot)
        return which

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, slot) == getattr(other, slot) for slot in _plan(type(self)).slots)

    __hash__ = None  # type: ignore[assignment]  # mutable, as protobuf's messages

    def __repr__(self) -> str:
        shown = ", ".join(f"{field.name}={_short(getattr(self, field.name))}" for field in self._set_fields())
        return f"{type(self).__qualname__}({shown})"

    def _set_fields(self) -> Iterable[Field]:
        for field in self.FIELDS:
            if self.HasField(field.name) if field.has_presence else getattr(self, field.name) != _default(field):
                yield field


def _default(field: Field) -> object:
    return [] if field.repeated else _DEFAULTS[field.kind]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}…<{len(value) if isinstance(value, Sized) else '?'} long>"


class Enum:
    """Base of the generated enums: named ``int`` constants plus protobuf's ``EnumTypeWrapper`` lookups.

    Enum fields hold plain ints, as in protobuf-python (proto3 enums are open: unknown numbers stay numbers).
    """

    _names: ClassVar[dict[int, str]]
    _numbers: ClassVar[dict[str, int]]

    def __init_subclass__(cls) -> None:
        cls._numbers = {name: value for name, value in vars(cls).items() if type(value) is int and name[:2] != "__"}
        cls._names = {}
        for name, number in cls._numbers.items():
            cls._names.setdefault(number, name)  # with aliases, the first name

    @classmethod
    def Name(cls, number: int) -> str:
        try:
            return cls._names[number]
        except KeyError:
            raise ValueError(f"enum {cls.__qualname__} has no value {number}") from None

    @classmethod
    def Value(cls, name: str) -> int:
        try:
            return cls._numbers[name]
        except KeyError:
            raise ValueError(f"enum {cls.__qualname__} has no name {name!r}") from None

    @classmethod
    def items(cls) -> list[tuple[str, int]]:
        return list(cls._numbers.items())

    @classmethod
    def keys(cls) -> list[str]:
        return list(cls._numbers)

    @classmethod
    def values(cls) -> list[int]:
        return list(cls._numbers.values())

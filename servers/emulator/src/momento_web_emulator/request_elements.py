"""How many elements a serialized request holds, counted before it is decoded.

Decoding materialises every value of a repeated field as an object of its own: an empty list value or dictionary
pair takes two bytes on the wire but 40 to 60 in memory, so an 8 MiB request of such elements would cost some
200 MiB and seconds of the event loop before any limit could look at it. :func:`exceeds` walks the bytes with the
message's field table instead, without building anything, and stops as soon as the count passes the limit.

Counted: each value of a repeated field, at any depth (sub-messages, bytes, strings, unpacked numbers, and each
number of a packed varint field). Not counted: packed fixed-width numbers (vector elements), which take 4 or 8
bytes on the wire and 32 in memory, no worse than any payload. Each counted value takes at least one byte, so a
request no longer than the limit needs no walk at all. Sub-messages nested more than 100 deep count as too many.
"""

from __future__ import annotations

from momento_web.wire.protobuf import BYTES, ENUM, MESSAGE, STRING, DecodeError, Field, Message, read_varint

__all__ = ["exceeds"]

_VARINT, _I64, _LEN, _SGROUP, _EGROUP, _I32 = range(6)
_CONTINUATION_BYTES = bytes(range(0x80, 0x100))  # deleted, what is left is one byte per packed varint
_CHUNK = 1 << 16  # bytes of a packed field copied at a time to count its varints
_MAX_DEPTH = 100  # sub-messages nested deeper count as too many elements (no request of ours nests that deep)
_tables: dict[type[Message], dict[int, Field]] = {}


def _fields(cls: type[Message]) -> dict[int, Field]:
    """``cls``'s fields by field number."""
    table = _tables.get(cls)
    if table is None:
        table = _tables[cls] = {field.number: field for field in cls.FIELDS}
    return table


def exceeds(cls: type[Message], data: bytes, limit: int) -> bool:
    """Whether ``data``, as a ``cls``, holds more than ``limit`` elements. Malformed bytes are the decoder's to
    refuse: the walk stops there, having counted what the decoder would build before reaching them."""
    if len(data) <= limit:
        return False
    try:
        return _count(cls, data, limit) > limit
    except DecodeError:
        return False


def _count(cls: type[Message], data: bytes, limit: int) -> int:
    count = 0
    fields, pos, end = _fields(cls), 0, len(data)
    outer: list[tuple[dict[int, Field], int, int]] = []  # the messages being read around this one, innermost last
    while count <= limit:
        if pos >= end:
            if not outer:
                break
            fields, pos, end = outer.pop()
            continue
        tag = data[pos]
        if tag < 0x80:
            pos += 1
        else:
            tag, pos = read_varint(data, pos, end)
        wire_type = tag & 7
        field = fields.get(tag >> 3)
        if wire_type != _LEN:
            pos = _skip(data, wire_type, pos, end)
            if field is not None and field.repeated and field.kind <= ENUM and wire_type == _VARINT:
                count += 1  # a number of a packed field, sent unpacked
            continue
        length, start = read_varint(data, pos, end)
        pos = start + length
        if pos > end:
            raise DecodeError("length-delimited field runs past the end")
        if field is None:
            continue
        if field.kind == MESSAGE and field.message is not None:
            count += field.repeated
            if len(outer) == _MAX_DEPTH:
                return limit + 1  # nesting this deep is refused rather than followed
            outer.append((fields, pos, end))  # read the sub-message now, in the decoder's order
            fields, pos, end = _fields(field.message()), start, pos
        elif field.repeated and field.kind <= ENUM:  # a packed varint field: one byte ends each number
            count += _varints(data, start, pos, limit - count)
        elif field.repeated and field.kind in (STRING, BYTES):
            count += 1
    return count


def _varints(data: bytes, start: int, stop: int, limit: int) -> int:
    """How many varints ``data[start:stop]`` holds, counted a chunk at a time up to just past ``limit``."""
    count = 0
    for chunk in range(start, stop, _CHUNK):
        count += len(data[chunk : min(chunk + _CHUNK, stop)].translate(None, _CONTINUATION_BYTES))
        if count > limit:
            break
    return count


def _skip(data: bytes, wire_type: int, pos: int, end: int) -> int:
    """The position after a value of ``wire_type`` (not length-delimited) that starts at ``pos``."""
    if wire_type == _VARINT:
        return read_varint(data, pos, end)[1]
    if wire_type in (_I64, _I32):
        pos += 8 if wire_type == _I64 else 4
        if pos > end:
            raise DecodeError("truncated fixed-width value")
        return pos
    if wire_type == _SGROUP:  # only ever unknown: skipped whole, as the decoder does
        depth = 1
        while depth:
            tag, pos = read_varint(data, pos, end)
            if tag & 7 == _SGROUP:
                depth += 1
            elif tag & 7 == _EGROUP:
                depth -= 1
            elif tag & 7 == _LEN:
                length, pos = read_varint(data, pos, end)
                pos += length
            else:
                pos = _skip(data, tag & 7, pos, end)
            if pos > end or depth > _MAX_DEPTH:
                raise DecodeError("malformed group")
        return pos
    raise DecodeError(f"invalid wire type {wire_type}")

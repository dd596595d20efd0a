"""Client-side checks of vector index arguments, with momento 1.20.1's messages where it had them.

Each raises :class:`InvalidArgumentException` (service ``index``), which the client returns as the operation's
``Error`` variant.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeGuard

from momento_web._messages import vectorindex as pb
from momento_web.errors import InvalidArgumentException
from momento_web.internal.services import Service

_FLOAT32_MAX = 3.4028234663852886e38  # larger finite values cannot be sent as a float
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def invalid(message: str) -> InvalidArgumentException:
    return InvalidArgumentException(message, Service.INDEX)


def index_name(name: object) -> str:
    if not isinstance(name, str):
        raise invalid(f"Vector index name must be a string. Given type: {type(name)}")
    if not name:
        raise invalid("Vector index name must not be empty")
    return name


def num_dimensions(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise invalid("Number of dimensions must be a positive integer.")
    if value >= 2**64:
        raise invalid("Number of dimensions must fit in 64 bits.")
    return value


def top_k(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise invalid("Top k must be a positive integer.")
    if value >= 2**32:
        raise invalid("Top k must be less than 2**32.")
    return value


def is_number(value: object) -> TypeGuard[int | float]:
    """``int`` or ``float``, but not ``bool`` (a ``bool`` is an ``int`` to Python, not to Momento)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def vector(values: object, what: str) -> pb._Vector:
    """A list of numbers as a ``_Vector`` (sent as 32-bit floats). NaN and infinities pass: the server decides."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise invalid(f"{what} must be a list of numbers. Given type: {type(values)}")
    elements = list(values)
    for element in elements:
        if not is_number(element):
            raise invalid(f"{what} must contain only numbers (int or float). Given element type: {type(element)}")
        if math.isfinite(element) and abs(element) > _FLOAT32_MAX:
            raise invalid(f"{what} elements must fit in a 32-bit float; got {element!r}")
    return pb._Vector(elements=[float(element) for element in elements])


def float_value(value: object, what: str) -> float:
    """A number sent as a 32-bit float (a score threshold, a filter bound)."""
    if not is_number(value):
        raise invalid(f"{what} must be a number (int or float). Given type: {type(value)}")
    number = float(value)
    if math.isfinite(number) and abs(number) > _FLOAT32_MAX:
        raise invalid(f"{what} must fit in a 32-bit float; got {value!r}")
    return number


def int64(value: int, what: str) -> int:
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise invalid(f"{what} must fit in a signed 64-bit integer; got {value!r}")
    return value


def ids(values: object, what: str = "ids") -> list[str]:
    """Item ids: an iterable of ``str`` (a lone ``str`` would iterate its characters, so it is refused)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise invalid(f"{what} must be a list of strings. Given type: {type(values)}")
    result = list(values)
    for item_id in result:
        if not isinstance(item_id, str):
            raise invalid(f"{what} must contain only strings. Given element type: {type(item_id)}")
    return result

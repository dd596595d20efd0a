"""Vector index metadata and filters: the wire's ``_Metadata`` as Python values, and ``_FilterExpression`` trees
compiled once per request into predicates evaluated item by item.

Comparison rules (the retired service never documented them; these are the emulator's,
docs/protocol/vector-index.md#filters):

* a value compares only with values of its own kind: strings with strings, booleans with booleans, numbers
  (integer or double metadata) with numbers; ``True`` is never the number 1. Any other pairing is no match;
* an integer bound compares exactly; a float bound is a 32-bit float on the wire, so the metadata number is
  rounded to 32 bits before comparing (``Equals("price", 9.99)`` matches the double 9.99 it was written as);
* an item without the field matches no comparison, so ``Not`` of a comparison matches it;
* ``ListContains`` matches a list of strings holding the value; ``IdInSet`` matches the listed ids.

A malformed tree (an operator or a value left unset) is refused with :class:`InvalidFilter`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TypeGuard

import numpy as np

from momento_web._messages import vectorindex as pb

MetadataValue = str | int | float | bool | tuple[str, ...]
Metadata = dict[str, MetadataValue]
Predicate = Callable[[str, Metadata], bool]

_MAX_DEPTH = 64  # nesting of and/or/not; deeper trees are refused rather than risking the interpreter's stack

_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "greater_than_expression": operator.gt,
    "greater_than_or_equal_expression": operator.ge,
    "less_than_expression": operator.lt,
    "less_than_or_equal_expression": operator.le,
}


class InvalidFilter(ValueError):
    """A filter or metadata entry the service cannot evaluate (answered with INVALID_ARGUMENT)."""


def metadata_from_proto(entries: list[pb._Metadata]) -> Metadata:
    """An item's metadata; a repeated field name keeps its last value. Raises InvalidFilter for a value left unset."""
    metadata: Metadata = {}
    for entry in entries:
        kind = entry.WhichOneof("value")
        if kind is None:
            raise InvalidFilter(f"invalid parameter: metadata, field {entry.field!r} has no value")
        if kind == "list_of_strings_value":
            metadata[entry.field] = tuple(entry.list_of_strings_value.values)
        else:
            metadata[entry.field] = getattr(entry, kind)
    return metadata


def metadata_to_proto(metadata: Metadata) -> list[pb._Metadata]:
    entries = []
    for name, value in metadata.items():
        if isinstance(value, tuple):
            entries.append(pb._Metadata(field=name, list_of_strings_value=pb._Metadata._ListOfStrings(values=value)))
        elif isinstance(value, str):
            entries.append(pb._Metadata(field=name, string_value=value))
        elif isinstance(value, bool):
            entries.append(pb._Metadata(field=name, boolean_value=value))
        elif isinstance(value, int):
            entries.append(pb._Metadata(field=name, integer_value=value))
        else:
            entries.append(pb._Metadata(field=name, double_value=value))
    return entries


def compile_filter(expression: pb._FilterExpression) -> Predicate:
    """A predicate on ``(item id, metadata)``; raises InvalidFilter for a malformed tree."""
    return _compile(expression, 0)


def _compile(expression: pb._FilterExpression, depth: int) -> Predicate:
    if depth > _MAX_DEPTH:
        raise InvalidFilter(f"invalid parameter: filter, expressions nest deeper than {_MAX_DEPTH} levels")
    kind = expression.WhichOneof("expression")
    if kind == "and_expression":
        first, second = _operands(expression.and_expression, "and", depth)
        return lambda item_id, metadata: first(item_id, metadata) and second(item_id, metadata)
    if kind == "or_expression":
        first, second = _operands(expression.or_expression, "or", depth)
        return lambda item_id, metadata: first(item_id, metadata) or second(item_id, metadata)
    if kind == "not_expression":
        negated = expression.not_expression
        if not negated.HasField("expression_to_negate"):
            raise InvalidFilter("invalid parameter: filter, a not expression has nothing to negate")
        inner = _compile(negated.expression_to_negate, depth + 1)
        return lambda item_id, metadata: not inner(item_id, metadata)
    if kind == "equals_expression":
        return _equals(expression.equals_expression)
    if kind in _COMPARISONS:
        return _range(getattr(expression, kind), _COMPARISONS[kind], kind.removesuffix("_expression"))
    if kind == "list_contains_expression":
        contains = expression.list_contains_expression
        if contains.WhichOneof("value") != "string_value":
            raise InvalidFilter(f"invalid parameter: filter, list contains on {contains.field!r} has no value")
        name, wanted = contains.field, contains.string_value
        return lambda item_id, metadata: _is_list(value := metadata.get(name)) and wanted in value
    if kind == "id_in_set_expression":
        ids = frozenset(expression.id_in_set_expression.ids)
        return lambda item_id, metadata: item_id in ids
    raise InvalidFilter("invalid parameter: filter, an expression has no operator set")


def _operands(expression: pb._AndExpression | pb._OrExpression, name: str, depth: int) -> tuple[Predicate, Predicate]:
    if not (expression.HasField("first_expression") and expression.HasField("second_expression")):
        raise InvalidFilter(f"invalid parameter: filter, an {name} expression needs two operands")
    return _compile(expression.first_expression, depth + 1), _compile(expression.second_expression, depth + 1)


def _equals(expression: pb._EqualsExpression) -> Predicate:
    name = expression.field
    kind = expression.WhichOneof("value")
    if kind == "string_value":
        text = expression.string_value
        return lambda item_id, metadata: _is_str(value := metadata.get(name)) and value == text
    if kind == "boolean_value":
        flag = expression.boolean_value
        return lambda item_id, metadata: _is_bool(value := metadata.get(name)) and value == flag
    if kind == "integer_value":
        integer = expression.integer_value
        return lambda item_id, metadata: _is_number(value := metadata.get(name)) and value == integer
    if kind == "float_value":
        bound = float32(expression.float_value)  # as it travels; a message built in-process may hold a double
        return lambda item_id, metadata: _is_number(value := metadata.get(name)) and float32(value) == bound
    raise InvalidFilter(f"invalid parameter: filter, equals on {name!r} has no value")


def _range(
    expression: pb._GreaterThanExpression
    | pb._GreaterThanOrEqualExpression
    | pb._LessThanExpression
    | pb._LessThanOrEqualExpression,
    compare: Callable[[float, float], bool],
    name: str,
) -> Predicate:
    field = expression.field
    kind = expression.WhichOneof("value")
    if kind == "integer_value":
        integer = expression.integer_value
        return lambda item_id, metadata: _is_number(value := metadata.get(field)) and compare(value, integer)
    if kind == "float_value":
        bound = float32(expression.float_value)
        return lambda item_id, metadata: _is_number(value := metadata.get(field)) and compare(float32(value), bound)
    raise InvalidFilter(f"invalid parameter: filter, {name.replace('_', ' ')} on {field!r} has no value")


def float32(value: float) -> float:
    """``value`` rounded to the nearest 32-bit float (infinite beyond its range), as a Python float."""
    with np.errstate(over="ignore"):
        return float(np.float32(value))


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_str(value: object) -> TypeGuard[str]:
    return isinstance(value, str)


def _is_bool(value: object) -> TypeGuard[bool]:
    return isinstance(value, bool)


def _is_list(value: object) -> TypeGuard[tuple[str, ...]]:
    return isinstance(value, tuple)

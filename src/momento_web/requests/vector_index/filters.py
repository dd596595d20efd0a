"""Metadata filters for searches, deletes and batch reads (mirrors ``momento.requests.vector_index.filters``).

Build them from the classes (``And(Equals("genre", "jazz"), GreaterThan("year", 1960))``) or, shorter, with
:class:`~momento_web.requests.vector_index.Field` and the operators ``&``, ``|`` and ``~``::

    from momento_web.requests.vector_index import Field, filters as F

    (Field("genre") == "jazz") & (Field("year") > 1960)
    F.IdInSet(["a", "b"]) | ~Field("archived")

A value's exact type picks the wire form: ``str``, ``int`` (64-bit), ``float`` (sent as a 32-bit float) or
``bool``. Comparing a field with a value of another type matches nothing (an integer and a float compare as
numbers); an item without the field matches no comparison, so ``Not`` of one matches it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from momento_web._messages import vectorindex as pb
from momento_web.internal.vector_index import validation

if TYPE_CHECKING:
    from momento_web.requests.vector_index.filter_field import Field


class FilterExpression(ABC):
    """Base of every filter: ``&`` makes :class:`And`, ``|`` :class:`Or`, ``~`` :class:`Not`."""

    @abstractmethod
    def to_filter_expression_proto(self) -> pb._FilterExpression:
        """The wire form; raises ``InvalidArgumentException`` for a value the wire cannot carry."""

    def __and__(self, other: Filter) -> And:
        return And(self, other)

    def __or__(self, other: Filter) -> Or:
        return Or(self, other)

    def __invert__(self) -> FilterExpression:
        return Not(self)


Filter: TypeAlias = "FilterExpression | Field"
"""What a filter argument accepts: an expression, or a bare ``Field`` (the field holds ``True``)."""


def filter_to_proto(expression: object, what: str = "filter") -> pb._FilterExpression:
    """``expression`` (a :class:`FilterExpression` or a bare ``Field``) in wire form."""
    to_proto = getattr(expression, "to_filter_expression_proto", None)
    if to_proto is None:
        raise validation.invalid(f"{what} must be a FilterExpression. Given type: {type(expression)}")
    proto: pb._FilterExpression = to_proto()
    return proto


def _field_name(field: object, expression: str) -> str:
    if not isinstance(field, str):
        raise validation.invalid(f"Invalid type for field: {type(field)} in {expression} expression. Must be str.")
    return field


def _number(value: object, expression: str, field: str) -> dict[str, Any]:
    """``integer_value`` or ``float_value`` of a range expression, as keyword arguments."""
    if type(value) is int:
        return {"integer_value": validation.int64(value, f"Value of {field!r} in {expression} expression")}
    if type(value) is float:
        return {"float_value": validation.float_value(value, f"Value of {field!r} in {expression} expression")}
    raise validation.invalid(
        f"Invalid type for value: {type(value)} in {expression} expression. Must be one of int, float."
    )


@dataclass
class And(FilterExpression):
    """Both expressions match."""

    first_expression: Filter
    second_expression: Filter

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(and_expression=self.to_proto())

    def to_proto(self) -> pb._AndExpression:
        return pb._AndExpression(
            first_expression=filter_to_proto(self.first_expression),
            second_expression=filter_to_proto(self.second_expression),
        )


@dataclass
class Or(FilterExpression):
    """Either expression matches."""

    first_expression: Filter
    second_expression: Filter

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(or_expression=self.to_proto())

    def to_proto(self) -> pb._OrExpression:
        return pb._OrExpression(
            first_expression=filter_to_proto(self.first_expression),
            second_expression=filter_to_proto(self.second_expression),
        )


@dataclass
class Not(FilterExpression):
    """The expression does not match (including items that lack the fields it compares)."""

    expression_to_negate: Filter

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(not_expression=self.to_proto())

    def to_proto(self) -> pb._NotExpression:
        return pb._NotExpression(expression_to_negate=filter_to_proto(self.expression_to_negate))


@dataclass
class Equals(FilterExpression):
    """The field holds ``value`` (a ``str``, ``int``, ``float`` or ``bool``)."""

    field: str
    value: str | int | float | bool

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(equals_expression=self.to_proto())

    def to_proto(self) -> pb._EqualsExpression:
        field = _field_name(self.field, "equals")
        value = self.value
        if type(value) is str:
            return pb._EqualsExpression(field=field, string_value=value)
        if type(value) is bool:
            return pb._EqualsExpression(field=field, boolean_value=value)
        if type(value) in (int, float):
            return pb._EqualsExpression(field=field, **_number(value, "equals", field))
        raise validation.invalid(
            f"Invalid type for value: {type(value)} in equals expression. Must be one of str, int, float, bool."
        )


@dataclass
class GreaterThan(FilterExpression):
    """The field holds a number greater than ``value``."""

    field: str
    value: int | float

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(greater_than_expression=self.to_proto())

    def to_proto(self) -> pb._GreaterThanExpression:
        field = _field_name(self.field, "greater than")
        return pb._GreaterThanExpression(field=field, **_number(self.value, "greater than", field))


@dataclass
class GreaterThanOrEqual(FilterExpression):
    """The field holds a number greater than or equal to ``value``."""

    field: str
    value: int | float

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(greater_than_or_equal_expression=self.to_proto())

    def to_proto(self) -> pb._GreaterThanOrEqualExpression:
        field = _field_name(self.field, "greater than or equal")
        return pb._GreaterThanOrEqualExpression(field=field, **_number(self.value, "greater than or equal", field))


@dataclass
class LessThan(FilterExpression):
    """The field holds a number less than ``value``."""

    field: str
    value: int | float

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(less_than_expression=self.to_proto())

    def to_proto(self) -> pb._LessThanExpression:
        field = _field_name(self.field, "less than")
        return pb._LessThanExpression(field=field, **_number(self.value, "less than", field))


@dataclass
class LessThanOrEqual(FilterExpression):
    """The field holds a number less than or equal to ``value``."""

    field: str
    value: int | float

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(less_than_or_equal_expression=self.to_proto())

    def to_proto(self) -> pb._LessThanOrEqualExpression:
        field = _field_name(self.field, "less than or equal")
        return pb._LessThanOrEqualExpression(field=field, **_number(self.value, "less than or equal", field))


@dataclass
class ListContains(FilterExpression):
    """The field holds a list of strings that contains ``value``."""

    field: str
    value: str

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(list_contains_expression=self.to_proto())

    def to_proto(self) -> pb._ListContainsExpression:
        field = _field_name(self.field, "list contains")
        if type(self.value) is not str:
            raise validation.invalid(
                f"Invalid type for value: {type(self.value)} in list contains expression. Must be str."
            )
        return pb._ListContainsExpression(field=field, string_value=self.value)


@dataclass
class IdInSet(FilterExpression):
    """The item's id is one of ``ids`` (an empty set matches nothing)."""

    ids: Iterable[str]

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        return pb._FilterExpression(id_in_set_expression=self.to_proto())

    def to_proto(self) -> pb._IdInSetExpression:
        # Sorted: a set's iteration order would make the same filter encode differently from run to run.
        ids = validation.ids(self.ids, "IdInSet ids")
        return pb._IdInSetExpression(ids=ids if isinstance(self.ids, list | tuple) else sorted(set(ids)))


__all__ = [
    "And",
    "Equals",
    "FilterExpression",
    "GreaterThan",
    "GreaterThanOrEqual",
    "IdInSet",
    "LessThan",
    "LessThanOrEqual",
    "ListContains",
    "Not",
    "Or",
    "filter_to_proto",
]

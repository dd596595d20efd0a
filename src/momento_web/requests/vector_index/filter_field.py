"""``Field``: filters written as comparisons (mirrors ``momento.requests.vector_index.filter_field``).

* ``Field("genre") == "jazz"`` is ``Equals``, ``!=`` is ``Not(Equals)``;
* ``Field("year") >= 1960`` is ``GreaterThanOrEqual`` (and likewise ``>``, ``<``, ``<=``);
* ``Field("tags").list_contains("live")`` is ``ListContains``;
* ``Field("live")`` used as a filter is ``Equals("live", True)``, and ``~Field("live")`` is
  ``Equals("live", False)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from momento_web._messages import vectorindex as pb
from momento_web.requests.vector_index import filters as F


@dataclass(eq=False)
class Field:
    """A metadata field; comparing it with a value builds a filter expression (so ``==`` does not compare
    ``Field`` objects)."""

    name: str

    def to_filter_expression_proto(self) -> pb._FilterExpression:
        """A bare field is a boolean test: the field holds ``True``."""
        return F.Equals(self.name, True).to_filter_expression_proto()

    def __eq__(self, other: str | int | float | bool) -> F.Equals:  # type: ignore[override]
        return F.Equals(self.name, other)

    def __ne__(self, other: str | int | float | bool) -> F.Not:  # type: ignore[override]
        return F.Not(F.Equals(self.name, other))

    __hash__ = None  # type: ignore[assignment]  # == builds a filter, so a Field is no dictionary key

    def __gt__(self, other: int | float) -> F.GreaterThan:
        return F.GreaterThan(self.name, other)

    def __ge__(self, other: int | float) -> F.GreaterThanOrEqual:
        return F.GreaterThanOrEqual(self.name, other)

    def __lt__(self, other: int | float) -> F.LessThan:
        return F.LessThan(self.name, other)

    def __le__(self, other: int | float) -> F.LessThanOrEqual:
        return F.LessThanOrEqual(self.name, other)

    def __invert__(self) -> F.Equals:
        return F.Equals(self.name, False)

    def __and__(self, other: F.Filter) -> F.And:
        return F.And(F.Equals(self.name, True), other)

    def __or__(self, other: F.Filter) -> F.Or:
        return F.Or(F.Equals(self.name, True), other)

    def list_contains(self, value: str) -> F.ListContains:
        return F.ListContains(self.name, value)

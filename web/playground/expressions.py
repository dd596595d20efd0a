"""Vector index arguments typed as the SDK's own Python: ``Item(...)`` lines and filter expressions.

``evaluate('(Field("genre") == "jazz") & (Field("year") > 1950)')`` builds exactly what that code builds, but
without ``eval``: the text is parsed with :mod:`ast` and only literals (strings, numbers, booleans, None, lists,
tuples, dicts), the vector index names (``Item``, ``Field``, ``ALL_METADATA``, each filter class, bare or as
``F.Equals``), calls of those, ``Field(...).list_contains(...)``, one comparison at a time, and ``&``, ``|``, ``~``
are allowed. Anything else raises ValueError naming it. No DOM here, so this module also runs on CPython.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from typing import Any

from momento_web.requests.vector_index import ALL_METADATA, Field, Item
from momento_web.requests.vector_index import filters as F

FILTERS: dict[str, Any] = {
    name: getattr(F, name) for name in F.__all__ if name[0].isupper() and name != "FilterExpression"
}
NAMES: dict[str, Any] = {"Item": Item, "Field": Field, "ALL_METADATA": ALL_METADATA, **FILTERS}
CALLABLE = frozenset({Item, Field, *FILTERS.values()})
COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {ast.BitAnd: operator.and_, ast.BitOr: operator.or_}


def evaluate(text: str) -> Any:
    """The value ``text`` denotes (see the module's docstring); ValueError for anything not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not Python: {exc.msg}") from None
    return _value(tree.body)


def _value(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str | int | float | bool)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        number = _value(node.operand)
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError("a sign needs a number")
        return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return ~_value(node.operand)
    if isinstance(node, ast.List):
        return [_value(element) for element in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_value(element) for element in node.elts)
    if isinstance(node, ast.Dict) and all(key is not None for key in node.keys):
        return {_value(key): _value(value) for key, value in zip(node.keys, node.values, strict=True)}  # type: ignore[arg-type]
    if isinstance(node, ast.Name) and node.id in NAMES:
        return NAMES[node.id]
    if isinstance(node, ast.Attribute):
        return _attribute(node)
    if isinstance(node, ast.Call):
        function = _value(node.func)
        if not (_is_list_contains(function) or (isinstance(function, type) and function in CALLABLE)):
            raise ValueError(f"cannot call {ast.unparse(node.func)}")
        arguments = [_value(argument) for argument in node.args]
        keywords = {keyword.arg: _value(keyword.value) for keyword in node.keywords if keyword.arg is not None}
        if len(keywords) != len(node.keywords):
            raise ValueError("** arguments are not allowed")
        return function(*arguments, **keywords)
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARISONS:
        left = _value(node.left)
        if not isinstance(left, Field):
            raise ValueError(f"compare a Field, not {ast.unparse(node.left)}")
        return COMPARISONS[type(node.ops[0])](left, _value(node.comparators[0]))
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        return BINARY[type(node.op)](_value(node.left), _value(node.right))
    raise ValueError(f"not allowed here: {ast.unparse(node)}")


def _attribute(node: ast.Attribute) -> Any:
    if isinstance(node.value, ast.Name) and node.value.id == "F" and node.attr in FILTERS:
        return FILTERS[node.attr]
    if node.attr == "list_contains":
        owner = _value(node.value)
        if isinstance(owner, Field):
            return owner.list_contains
    raise ValueError(f"not allowed here: {ast.unparse(node)}")


def _is_list_contains(function: object) -> bool:
    return getattr(function, "__name__", None) == "list_contains" and isinstance(
        getattr(function, "__self__", None), Field
    )

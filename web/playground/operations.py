"""The playground's catalogue of cache operations, read from ``CacheClientAsync`` itself, and how a response is shown.

Every public coroutine method of the client becomes an :class:`Operation`: its family is the class that defines
it (``ScalarMethods`` → "Scalar"), its form fields are its parameters, each parsed from text by the
:class:`Kind` its type annotation names. A new SDK method therefore appears with no change here; a parameter of
a type not listed in :data:`KINDS` is read as a Python literal. ``cache_name`` comes from the connection.

No DOM here, so this module also runs on CPython (the page test checks the catalogue there).
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from momento_web import CacheClientAsync
from momento_web.requests import CollectionTtl, SortedSetAggregate, SortedSetSource, SortOrder

CACHE_PARAM = "cache_name"
NOT_OPERATIONS = frozenset({"close", "create"})
FAMILY_LABELS = {
    "CacheClientAsync": "Control plane",
    "Scalar": "Scalar",
    "Conditional": "Conditional writes",
    "Key": "Keys and TTL",
    "Dictionary": "Dictionary",
    "List": "List",
    "Set": "Set",
    "SortedSet": "Sorted set",
}


class ArgumentError(ValueError):
    def __init__(self, param: str, problem: str) -> None:
        super().__init__(f"{param}: {problem}")
        self.param = param


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for line in _lines(text):
        name, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"expected name=value, got {line!r}")
        pairs.append((name.strip(), value.strip()))
    return pairs


def _seconds(text: str) -> timedelta:
    return timedelta(seconds=float(text))


def _choice(enum_type: type[enum.Enum]) -> Callable[[str], enum.Enum]:
    return lambda text: enum_type[text.strip().upper()]


@dataclass(frozen=True)
class Kind:
    """How one parameter type is typed in: a widget, a parser, a hint, choices for a ``choice`` widget."""

    widget: str  # "text", "lines", "choice"
    parse: Callable[[str], Any]
    hint: str
    sample: str = ""  # prefilled for required parameters without a sample of their own
    choices: tuple[str, ...] = ()


TEXT = Kind("text", lambda text: text, "text", "hello")
KINDS: dict[str, Kind] = {
    "str": TEXT,
    "str | bytes": TEXT,
    "Key": TEXT,
    "bytes": Kind("text", bytes.fromhex, "hex, e.g. the hash_string of get_with_hash"),
    "int": Kind("text", int, "whole number", "1"),
    "int | None": Kind("text", int, "whole number", "1"),
    "float": Kind("text", float, "number", "1"),
    "float | None": Kind("text", float, "number", "1"),
    "timedelta": Kind("text", _seconds, "seconds", "60"),
    "timedelta | None": Kind("text", _seconds, "seconds", "60"),
    "CollectionTtl": Kind("text", lambda text: CollectionTtl.of(_seconds(text)), "seconds", "60"),
    "Iterable[str | bytes]": Kind("lines", _lines, "one per line", "a\nb\nc"),
    "TDictionaryItems": Kind(
        "lines", lambda text: dict(_pairs(text)), "field=value per line", "greeting=hello\nfarewell=bye"
    ),
    "Mapping[str, str | bytes] | Mapping[bytes, str | bytes] | Iterable[SetBatchItem]": Kind(
        "lines", lambda text: dict(_pairs(text)), "key=value per line", "a=1\nb=2"
    ),
    "TSortedSetElements": Kind(
        "lines", lambda text: {name: float(score) for name, score in _pairs(text)}, "value=score per line", "a=1\nb=2"
    ),
    "Iterable[SortedSetSource]": Kind(
        "lines",
        lambda text: [SortedSetSource(name, float(weight or 1)) for name, weight in _pairs(text)],
        "sorted_set_name=weight per line",
    ),
    "SortOrder": Kind("choice", _choice(SortOrder), "order", choices=tuple(SortOrder.__members__)),
    "SortedSetAggregate": Kind(
        "choice", _choice(SortedSetAggregate), "aggregate", choices=tuple(SortedSetAggregate.__members__)
    ),
}
LITERAL = Kind("text", ast.literal_eval, "a Python literal")

# Samples by parameter name ("{p}": the token's key prefix); (operation prefix, parameter) entries win.
SAMPLES = {
    "key": "{p}key",
    "keys": "{p}key\n{p}other",
    "dictionary_name": "{p}dictionary",
    "list_name": "{p}list",
    "set_name": "{p}set",
    "sorted_set_name": "{p}scores",
    "field": "greeting",
    "fields": "greeting\nfarewell",
    "element": "a",
    "equal": "hello",
    "not_equal": "hello",
    "limit": "2",
    "key_id": "",
    "sources": "{p}scores=1",
}
SAMPLE_OVERRIDES = {
    ("set_batch", "items"): "{p}a=1\n{p}b=2",
    ("dictionary_increment", "field"): "visits",
    ("sorted_set_", "value"): "a",
    ("list_", "value"): "a",
}


@dataclass(frozen=True)
class Param:
    name: str
    kind: Kind
    required: bool
    default: str  # the SDK's default, shown as a placeholder ("" when required)
    sample: str  # prefilled text ("{p}": the key prefix)


@dataclass(frozen=True)
class Operation:
    name: str
    family: str
    params: tuple[Param, ...]
    summary: str
    takes_cache: bool  # its first argument is the cache name (every data method, some control calls)

    def arguments(self, texts: Mapping[str, str]) -> dict[str, Any]:
        """Keyword arguments from the form's texts; a blank optional parameter keeps the SDK's default."""
        arguments: dict[str, Any] = {}
        for param in self.params:
            text = texts.get(param.name, "")
            if not text.strip() and not param.required:
                continue
            try:
                arguments[param.name] = param.kind.parse(text)
            # ArithmeticError: OverflowError from timedelta(seconds=inf) or 1e14 seconds.
            except (ValueError, KeyError, SyntaxError, TypeError, ArithmeticError) as exc:
                raise ArgumentError(param.name, f"{param.kind.hint} expected ({exc})") from None
        return arguments

    def code(self, cache: str | None, arguments: Mapping[str, Any]) -> str:
        """The call as Python, e.g. ``await client.get('demo-cache', key='demo-key')``."""
        parts = [repr(cache)] if cache is not None else []
        parts += [f"{name}={_python(value)}" for name, value in arguments.items()]
        return f"await client.{self.name}({', '.join(parts)})"


def _python(value: Any) -> str:
    if isinstance(value, timedelta):
        return f"timedelta(seconds={value.total_seconds():g})"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def _sample(operation: str, param: str, kind: Kind) -> str:
    for (prefix, name), sample in SAMPLE_OVERRIDES.items():
        if name == param and operation.startswith(prefix):
            return sample
    return SAMPLES.get(param, kind.sample)


def _param(operation: str, parameter: inspect.Parameter) -> Param:
    annotation = parameter.annotation if isinstance(parameter.annotation, str) else str(parameter.annotation)
    kind = KINDS.get(annotation, LITERAL)
    required = parameter.default is inspect.Parameter.empty
    default = "" if required else _python(parameter.default)
    return Param(parameter.name, kind, required, default, _sample(operation, parameter.name, kind) if required else "")


def catalogue(client_class: type = CacheClientAsync) -> list[Operation]:
    """Every public coroutine method, by family (in the client's base-class order), then in definition order."""
    operations = []
    for cls in client_class.__mro__:
        family = FAMILY_LABELS.get(cls.__name__.removesuffix("Methods"))
        if family is None:
            continue
        for name, function in vars(cls).items():
            if name.startswith("_") or name in NOT_OPERATIONS or not inspect.iscoroutinefunction(function):
                continue
            signature = inspect.signature(function)
            parameters = [p for p in signature.parameters.values() if p.name != "self"]
            params = tuple(_param(name, p) for p in parameters if p.name != CACHE_PARAM)
            summary = " ".join((inspect.getdoc(function) or "").split("\n\n", 1)[0].split()).replace("``", "")
            takes_cache = any(p.name == CACHE_PARAM for p in parameters)
            operations.append(Operation(name, family, params, summary, takes_cache))
    return operations


# --- responses ----------------------------------------------------------------------------------------------

MISS_VARIANTS = frozenset({"Miss", "NotStored", "NotSet"})


@dataclass(frozen=True)
class Described:
    type_name: str  # e.g. "CacheGet.Hit"
    tone: str  # "ok", "miss" or "error"
    rows: list[tuple[str, str]]


def describe(response: object) -> Described:
    """The response's type and what it carries, text views first (``value_string`` rather than ``value_bytes``)."""
    type_name = type(response).__qualname__
    error_code = getattr(response, "error_code", None)
    if error_code is not None:
        return Described(type_name, "error", [("error_code", error_code.name), ("message", str(response.message))])  # type: ignore[attr-defined]
    tone = "miss" if type_name.rsplit(".", 1)[-1] in MISS_VARIANTS else "ok"
    rows: dict[str, str] = {}
    if dataclasses.is_dataclass(response):
        for field in dataclasses.fields(response):
            if not field.name.startswith("_"):
                name, value = _text_view(response, field.name)
                rows[name] = value
    for name in dir(type(response)):
        is_view = "bytes" not in name and ("string" in name or "dictionary" in name)
        if (
            is_view
            and not name.startswith("_")
            and name not in rows
            and isinstance(getattr(type(response), name), property)
        ):
            try:
                rows[name] = _show(getattr(response, name))
            except (UnicodeDecodeError, ValueError):
                continue
    return Described(type_name, tone, list(rows.items()))


def _text_view(response: object, field: str) -> tuple[str, str]:
    """``value_bytes`` → (``value_string``, its text) when the text view exists and the bytes are UTF-8."""
    view = field.replace("bytes", "string")
    if view != field and isinstance(getattr(type(response), view, None), property):
        try:
            return view, _show(getattr(response, view))
        except (UnicodeDecodeError, ValueError):
            pass
    return field, _show(getattr(response, field))


def _show(value: object) -> str:
    if isinstance(value, timedelta):
        return f"{value.total_seconds():g} s"
    if isinstance(value, enum.Enum):
        return value.name
    return repr(value)

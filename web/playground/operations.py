"""The playground's catalogue of operations, read from the SDK's clients themselves, and how a response is shown.

Every public coroutine method of a client in :data:`CLIENTS` (the cache, storage and vector index clients, and a
leaderboard handle) becomes an :class:`Operation`: its family is the class that defines it (``ScalarMethods`` →
"Scalar", ``PreviewStorageClientAsync`` → "Storage"), its form fields are its parameters, each parsed from text by
the :class:`Kind` its type annotation names. A new SDK method therefore appears with no change here; a parameter
of a type not listed in :data:`KINDS` is read as a Python literal. ``cache_name`` comes from the connection. Vector
index items and filters are typed as the SDK's Python (``Item(...)``, ``Field("year") > 1950``; :mod:`expressions`).

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

from expressions import evaluate

from momento_web import (
    CacheClientAsync,
    LeaderboardOrder,
    PreviewStorageClientAsync,
    PreviewVectorIndexClientAsync,
)
from momento_web.leaderboard_client_async import Leaderboard
from momento_web.requests import CollectionTtl, SortedSetAggregate, SortedSetSource, SortOrder
from momento_web.requests.vector_index import ALL_METADATA, SimilarityMetric

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
    "PreviewStorageClientAsync": "Storage",
    "PreviewVectorIndexClientAsync": "Vector index",
    "Leaderboard": "Leaderboard",
}
# Which client makes each family's calls (a key of the page's clients), in the order the families are listed.
CLIENTS: tuple[tuple[str, type], ...] = (
    ("cache", CacheClientAsync),
    ("storage", PreviewStorageClientAsync),
    ("vector", PreviewVectorIndexClientAsync),
    ("leaderboard", Leaderboard),
)
# A handle's methods are called on ``client.<handle>(cache_name, <its name>)``; its name is a form field.
HANDLES = {"leaderboard": "leaderboard_name"}


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


def _floats(text: str) -> list[float]:
    return [float(part) for part in text.replace("\n", ",").split(",") if part.strip()]


def _items(text: str) -> list[Any]:
    """One ``Item(id, vector, metadata)`` per line."""
    items = [evaluate(line) for line in _lines(text)]
    for item in items:
        if type(item).__name__ != "Item":
            raise ValueError(f"expected Item(...) lines, got {item!r}")
    return items


def _filter(text: str) -> Any:
    expression = evaluate(text)
    if not hasattr(expression, "to_filter_expression_proto"):
        raise ValueError(f"expected a filter, got {expression!r}")
    return expression


def _filter_or_ids(text: str) -> Any:
    """A filter expression, or item ids one per line (plain words: no parentheses or operators)."""
    return _filter(text) if any(sign in text for sign in "()=<>&|~") else _lines(text)


def _metadata_fields(text: str) -> Any:
    return (
        ALL_METADATA if text.strip() == "ALL_METADATA" else [part.strip() for part in text.split(",") if part.strip()]
    )


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
    "_BatchItems": Kind("lines", lambda text: dict(_pairs(text)), "key=value per line", "a=1\nb=2"),  # set_batch's
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
    "bytes | bytearray | memoryview": Kind("text", lambda text: text.encode("utf-8"), "text, sent as UTF-8", "hello"),
    "SimilarityMetric": Kind(
        "choice", _choice(SimilarityMetric), "metric", choices=tuple(SimilarityMetric.__members__)
    ),
    "list[float]": Kind("text", _floats, "numbers, comma-separated", "1.0, 0.0"),
    "list[str]": Kind("lines", _lines, "ids, one per line", "a\nb"),
    "list[Item]": Kind("lines", _items, 'Item("id", [numbers], {metadata}) per line'),
    "Filter | list[str]": Kind("lines", _filter_or_ids, 'ids one per line, or a filter, e.g. Field("year") < 1960'),
    "Filter | None": Kind("text", _filter, 'a filter, e.g. (Field("genre") == "jazz") & (Field("year") > 1950)'),
    "MetadataFields": Kind("text", _metadata_fields, "ALL_METADATA, or field names, comma-separated"),
    "Mapping[int, float]": Kind(
        "lines", lambda text: {int(i): float(score) for i, score in _pairs(text)}, "id=score per line", "1=10\n2=20"
    ),
    "Iterable[int]": Kind("lines", lambda text: [int(line) for line in _lines(text)], "ids, one per line", "1\n2"),
    "LeaderboardOrder": Kind("choice", _choice(LeaderboardOrder), "order", choices=tuple(LeaderboardOrder.__members__)),
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
    "store_name": "demo-store",
    "index_name": "demo-index",
    "num_dimensions": "2",
    "query_vector": "1.0, 0.2",
    "leaderboard_name": "{p}board",
    "start_rank": "0",
    "end_rank": "10",
}
SAMPLE_OVERRIDES = {
    ("set_batch", "items"): "{p}a=1\n{p}b=2",
    ("dictionary_increment", "field"): "visits",
    ("sorted_set_", "value"): "a",
    ("list_", "value"): "a",
    ("upsert_item_batch", "items"): 'Item("kind-of-blue", [1.0, 0.0], {"genre": "jazz", "year": 1959})\n'
    'Item("abbey-road", [0.0, 1.0], {"genre": "rock", "year": 1969, "tags": ["beatles"]})',
    ("delete_item_batch", "filter"): "abbey-road",
    ("get_item", "filter"): "kind-of-blue\nabbey-road",
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
    client: str = "cache"  # which client makes the call (a key of CLIENTS)
    handle: str | None = None  # called on client.<handle>(cache_name, <first param>), e.g. a leaderboard

    def arguments(self, texts: Mapping[str, str]) -> dict[str, Any]:
        """Keyword arguments from the form's texts; a blank optional parameter keeps the SDK's default (a handle's
        name comes first, under its parameter name)."""
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
        """The call as Python, e.g. ``await client.get('demo-cache', key='demo-key')``, or on a handle
        ``await client.leaderboard('demo-cache', 'demo-board').length()``."""
        parts = [repr(cache)] if cache is not None else []
        target = "client"
        if self.handle is not None:
            target = f"client.{self.handle}({', '.join([*parts, repr(arguments[self.params[0].name])])})"
            parts, arguments = [], {name: value for name, value in arguments.items() if name != self.params[0].name}
        parts += [f"{name}={_python(value)}" for name, value in arguments.items()]
        return f"await {target}.{self.name}({', '.join(parts)})"


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


def catalogue(client_class: type = CacheClientAsync, client: str = "cache") -> list[Operation]:
    """Every public coroutine method, by family (in the client's base-class order), then in definition order."""
    handle = client if client in HANDLES else None
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
            if handle is not None:  # the handle's cache and name come first
                params = (_param(name, inspect.Parameter(HANDLES[handle], inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                         annotation="str")), *params)  # fmt: skip
                takes_cache = True
            operations.append(Operation(name, family, params, summary, takes_cache, client, handle))
    return operations


def every_operation() -> list[Operation]:
    """The operations of every client in :data:`CLIENTS`, family by family."""
    return [operation for client, client_class in CLIENTS for operation in catalogue(client_class, client)]


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

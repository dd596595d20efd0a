"""Vector index calls made for pages: what a page may ask (``POST /vector/upsert``, ``POST /vector/search``), parsed
into the SDK's own request types, and the :class:`IndexPolicy` that bounds it.

Why the vending machine makes these calls itself: Momento's permission model names caches, topics and functions
only. No role, and so no disposable token, grants anything on a vector index (or a store): every index call needs a
super-user key, which a page must never hold. So a page sends its vectors and queries here, and this server makes
the calls with its key, within the policy (allowed index names, dimensions, items, ``top_k``; writes only if
allowed). Pure and synchronous, like :mod:`.policy`: malformed bodies raise :class:`BadRequest` (HTTP 400), bodies
outside the policy :class:`PolicyViolation` (HTTP 403). The routes and why:
docs/protocol/vector-index.md#pages-the-vending-machines-vector-routes.

Filters travel as JSON objects of one key each, named after the SDK's filter classes::

    {"equals": {"field": "category", "value": "space"}}          also greaterThan, greaterThanOrEqual,
    {"listContains": {"field": "tags", "value": "mars"}}          lessThan, lessThanOrEqual
    {"idInSet": ["doc-1", "doc-2"]}
    {"and": [f1, f2, ...]}   {"or": [f1, f2, ...]}   {"not": f}

A JSON number without a fraction or exponent is an ``int``, any other a ``float`` (the SDK sends each as its own
wire type); ``true``/``false`` are booleans.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from momento_web.requests.vector_index import ALL_METADATA, AllMetadata, Item, SimilarityMetric
from momento_web.requests.vector_index import filters as F
from momento_web_vending.policy import MAX_NAME_LENGTH, BadRequest, PolicyViolation

MAX_DIMENSIONS = 4096
MAX_BATCH_ITEMS = 1000  # items of one upsert request
MAX_FILTER_DEPTH = 16
MAX_ID_LENGTH = 256
DEFAULT_TOP_K = 10  # the SDK's
METRICS = {
    "cosine": SimilarityMetric.COSINE_SIMILARITY,
    "inner-product": SimilarityMetric.INNER_PRODUCT,
    "euclidean": SimilarityMetric.EUCLIDEAN_SIMILARITY,
}


@dataclass(frozen=True, slots=True)
class IndexPolicy:
    """Which indexes pages may use (``names``, exact; none: every vector request is refused), whether they may
    create them and upsert items (``writes``), and bounds: vectors of at most ``max_dimensions``, indexes of at most
    ``max_items`` items, searches of at most ``max_top_k`` hits."""

    names: tuple[str, ...] = ()
    writes: bool = False
    max_dimensions: int = 1024
    max_items: int = 1000
    max_top_k: int = 100

    def __post_init__(self) -> None:
        if not 0 < self.max_dimensions <= MAX_DIMENSIONS:
            raise ValueError(f"max index dimensions must be between 1 and {MAX_DIMENSIONS}")
        if self.max_items < 1 or self.max_top_k < 1:
            raise ValueError("max index items and max top k must be at least 1")

    def allow_index(self, name: str) -> None:
        if name not in self.names:
            raise PolicyViolation(f"index {name!r} is not allowed")

    def check_upsert(self, request: UpsertRequest) -> None:
        self.allow_index(request.index)
        if not self.writes:
            raise PolicyViolation("writing to indexes is not allowed: this vending machine only searches")
        if request.num_dimensions > self.max_dimensions:
            dimensions, most = request.num_dimensions, self.max_dimensions
            raise PolicyViolation(f"numDimensions {dimensions} exceeds the maximum of {most}")
        if len(request.items) > self.max_items:
            raise PolicyViolation(f"{len(request.items)} items exceed the index maximum of {self.max_items}")

    def check_search(self, request: SearchRequest) -> SearchRequest:
        """``request`` as it will be made: without a ``top_k`` of its own, the SDK's default within the policy."""
        self.allow_index(request.index)
        if len(request.query_vector) > self.max_dimensions:
            raise PolicyViolation(f"the query vector exceeds the maximum of {self.max_dimensions} dimensions")
        if request.top_k is None:
            return dataclasses.replace(request, top_k=min(DEFAULT_TOP_K, self.max_top_k))
        if request.top_k > self.max_top_k:
            raise PolicyViolation(f"topK {request.top_k} exceeds the maximum of {self.max_top_k}")
        return request

    def describe(self) -> str:
        if not self.names:
            return "none"
        access = "search and upsert" if self.writes else "search only"
        return (
            f"{list(self.names)} ({access}; <= {self.max_dimensions} dimensions, <= {self.max_items} items, "
            f"top k <= {self.max_top_k})"
        )


@dataclass(frozen=True, slots=True)
class UpsertRequest:
    """``POST /vector/upsert``: create ``index`` if missing, then upsert ``items`` into it."""

    index: str
    num_dimensions: int
    metric: SimilarityMetric
    items: list[Item]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """``POST /vector/search``: the arguments of ``PreviewVectorIndexClientAsync.search``."""

    index: str
    query_vector: list[float]
    top_k: int | None = None  # None: the policy's default
    metadata_fields: list[str] | AllMetadata = ALL_METADATA
    score_threshold: float | None = None
    filter: F.FilterExpression | None = None


_UPSERT_FIELDS = frozenset({"index", "numDimensions", "metric", "items"})
_SEARCH_FIELDS = frozenset({"index", "queryVector", "topK", "metadataFields", "scoreThreshold", "filter"})


def parse_upsert(body: object) -> UpsertRequest:
    """``{"index", "numDimensions", "metric"?: "cosine" | "inner-product" | "euclidean", "items": [{"id",
    "vector", "metadata"?}]}``; every vector must have ``numDimensions`` elements."""
    fields = _object(body, "the body", _UPSERT_FIELDS)
    dimensions = _whole(fields.get("numDimensions"), "numDimensions", 1, MAX_DIMENSIONS)
    metric_name = fields.get("metric", "cosine")
    if metric_name not in METRICS:
        raise BadRequest(f"metric must be one of {sorted(METRICS)}; got {metric_name!r}")
    raw_items = fields.get("items")
    if not isinstance(raw_items, list) or not 0 < len(raw_items) <= MAX_BATCH_ITEMS:
        raise BadRequest(f"items must be a list of 1 to {MAX_BATCH_ITEMS} items")
    items = [_item(raw, f"items[{n}]", dimensions) for n, raw in enumerate(raw_items)]
    if len({item.id for item in items}) != len(items):
        raise BadRequest("items must have distinct ids")
    return UpsertRequest(_index(fields), dimensions, METRICS[metric_name], items)


def parse_search(body: object) -> SearchRequest:
    """``{"index", "queryVector", "topK"?, "metadataFields"?: "all" | [names] (default "all"), "scoreThreshold"?,
    "filter"?}``."""
    fields = _object(body, "the body", _SEARCH_FIELDS)
    vector = _vector(fields.get("queryVector"), "queryVector", None)
    raw_top_k = fields.get("topK")
    top_k = None if raw_top_k is None else _whole(raw_top_k, "topK", 1, 10_000)
    raw_fields = fields.get("metadataFields", "all")
    metadata_fields: list[str] | AllMetadata
    if raw_fields == "all":
        metadata_fields = ALL_METADATA
    elif isinstance(raw_fields, list) and all(isinstance(name, str) for name in raw_fields):
        metadata_fields = list(raw_fields)
    else:
        raise BadRequest('metadataFields must be "all" or a list of field names')
    threshold = fields.get("scoreThreshold")
    if threshold is not None:
        threshold = _finite(threshold, "scoreThreshold")
    raw_filter = fields.get("filter")
    expression = None if raw_filter is None else parse_filter(raw_filter)
    return SearchRequest(_index(fields), vector, top_k, metadata_fields, threshold, expression)


# --- filters ------------------------------------------------------------------------------------------------

_COMPARISONS: dict[str, Callable[[str, Any], F.FilterExpression]] = {
    "equals": F.Equals,
    "greaterThan": F.GreaterThan,
    "greaterThanOrEqual": F.GreaterThanOrEqual,
    "lessThan": F.LessThan,
    "lessThanOrEqual": F.LessThanOrEqual,
    "listContains": F.ListContains,
}
_VALUE_TYPES: dict[str, tuple[type, ...]] = {
    "equals": (str, int, float, bool),
    "listContains": (str,),
}
_NUMBERS = (int, float)


def parse_filter(value: object, depth: int = 0) -> F.FilterExpression:
    """One JSON filter object → the SDK's filter expression (see the module's docstring)."""
    if depth > MAX_FILTER_DEPTH:
        raise BadRequest(f"the filter is nested more than {MAX_FILTER_DEPTH} deep")
    if not isinstance(value, dict) or len(value) != 1:
        raise BadRequest('a filter must be a JSON object with exactly one key, e.g. {"equals": {...}}')
    ((operator, operand),) = value.items()
    if operator in _COMPARISONS:
        comparison = _object(operand, operator, frozenset({"field", "value"}))
        field = comparison.get("field")
        if not isinstance(field, str) or not field:
            raise BadRequest(f"{operator}.field must be a non-empty string")
        operand_value = comparison.get("value")
        allowed = _VALUE_TYPES.get(operator, _NUMBERS)
        if type(operand_value) not in allowed:
            names = ", ".join(kind.__name__ for kind in allowed)
            raise BadRequest(f"{operator}.value must be one of {names}; got {operand_value!r}")
        if isinstance(operand_value, float):
            _finite(operand_value, f"{operator}.value")
        return _COMPARISONS[operator](field, operand_value)
    if operator == "idInSet":
        if not isinstance(operand, list) or not all(isinstance(i, str) for i in operand):
            raise BadRequest("idInSet must be a list of ids")
        return F.IdInSet(list(operand))
    if operator in ("and", "or"):
        if not isinstance(operand, list) or len(operand) < 2:
            raise BadRequest(f"{operator} must be a list of at least two filters")
        combine = F.And if operator == "and" else F.Or
        expressions = [parse_filter(part, depth + 1) for part in operand]
        result: F.FilterExpression = expressions[0]
        for expression in expressions[1:]:
            result = combine(result, expression)
        return result
    if operator == "not":
        return F.Not(parse_filter(operand, depth + 1))
    known = sorted([*_COMPARISONS, "idInSet", "and", "or", "not"])
    raise BadRequest(f"unknown filter {operator!r}; known: {known}")


# --- pieces -------------------------------------------------------------------------------------------------


def _object(value: object, what: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRequest(f"{what} must be a JSON object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise BadRequest(f"unknown field(s) {unknown} in {what}; allowed: {sorted(allowed)}")
    return value


def _index(fields: dict[str, Any]) -> str:
    name = fields.get("index")
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise BadRequest(f"index must be a non-empty printable string of at most {MAX_NAME_LENGTH} characters")
    return name


def _whole(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest(f"{what} must be a whole number from {low} to {high}")
    return value


def _finite(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadRequest(f"{what} must be a finite number")
    return float(value)


def _vector(value: object, what: str, dimensions: int | None) -> list[float]:
    if not isinstance(value, list) or not 0 < len(value) <= MAX_DIMENSIONS:
        raise BadRequest(f"{what} must be a list of 1 to {MAX_DIMENSIONS} numbers")
    if dimensions is not None and len(value) != dimensions:
        raise BadRequest(f"{what} has {len(value)} elements, not numDimensions ({dimensions})")
    return [_finite(element, what) for element in value]


def _item(value: object, what: str, dimensions: int) -> Item:
    fields = _object(value, what, frozenset({"id", "vector", "metadata"}))
    item_id = fields.get("id")
    if not isinstance(item_id, str) or not item_id or len(item_id) > MAX_ID_LENGTH:
        raise BadRequest(f"{what}.id must be a non-empty string of at most {MAX_ID_LENGTH} characters")
    metadata = fields.get("metadata", {})
    if not isinstance(metadata, dict):
        raise BadRequest(f"{what}.metadata must be a JSON object")
    for name, entry in metadata.items():
        valid = type(entry) in (str, int, bool) or (type(entry) is float and math.isfinite(entry))
        valid = valid or (isinstance(entry, list) and all(isinstance(element, str) for element in entry))
        if not valid:
            raise BadRequest(f"{what}.metadata[{name!r}] must be a string, number, boolean or list of strings")
    return Item(item_id, _vector(fields.get("vector"), f"{what}.vector", dimensions), dict(metadata))

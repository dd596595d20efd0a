"""The emulator's exact vector search against a brute-force reference written here, in plain Python (math.fsum,
struct for 32-bit rounding, no numpy): scores per metric, threshold directions, filters, ties by id, and the
float32 ranking's rounding-error band, on fixed cases and on hypothesis-generated indexes."""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from momento_web_emulator.vector_filters import InvalidFilter, compile_filter
from momento_web_emulator.vector_search import Hit, Item, Metric, VectorIndex

from momento_web._messages import vectorindex as pb

# --- the reference ------------------------------------------------------------------------------------------------


def f32(value: float) -> float:
    """``value`` rounded to the nearest 32-bit float."""
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def reference_score(metric: Metric, query: Sequence[float], vector: Sequence[float]) -> float:
    if metric is Metric.INNER_PRODUCT:
        return math.fsum(a * b for a, b in zip(query, vector, strict=True))
    if metric is Metric.EUCLIDEAN:
        return math.fsum((a - b) ** 2 for a, b in zip(query, vector, strict=True))
    query_norm = math.sqrt(math.fsum(a * a for a in query))
    vector_norm = math.sqrt(math.fsum(b * b for b in vector))
    if query_norm == 0 or vector_norm == 0:
        return 0.0
    return max(
        -1.0, min(1.0, math.fsum(a * b for a, b in zip(query, vector, strict=True)) / (query_norm * vector_norm))
    )


# A filter as the test sees it: ("eq", field, value) | ("gt"|"ge"|"lt"|"le", field, number) | ("has", field, text)
# | ("ids", [ids]) | ("and"|"or", a, b) | ("not", a). Numbers that are floats stand for float_value bounds.
Filter = tuple[Any, ...]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def reference_matches(tree: Filter, item_id: str, metadata: dict[str, Any]) -> bool:
    op = tree[0]
    if op == "and":
        return reference_matches(tree[1], item_id, metadata) and reference_matches(tree[2], item_id, metadata)
    if op == "or":
        return reference_matches(tree[1], item_id, metadata) or reference_matches(tree[2], item_id, metadata)
    if op == "not":
        return not reference_matches(tree[1], item_id, metadata)
    if op == "ids":
        return item_id in tree[1]
    field, bound = tree[1], tree[2]
    if field not in metadata:
        return False
    value = metadata[field]
    if op == "has":
        return isinstance(value, tuple) and bound in value
    if isinstance(bound, bool | str):
        return type(value) is type(bound) and value == bound
    if not _is_number(value):
        return False
    if isinstance(bound, float):  # a float bound travels as a 32-bit float; the metadata is rounded likewise
        bound, value = f32(bound), f32(value)
    compare = {"eq": value == bound, "gt": value > bound, "ge": value >= bound, "lt": value < bound}
    return bool(compare.get(op, value <= bound))


_RANGES: dict[str, tuple[str, Any]] = {
    "gt": ("greater_than_expression", pb._GreaterThanExpression),
    "ge": ("greater_than_or_equal_expression", pb._GreaterThanOrEqualExpression),
    "lt": ("less_than_expression", pb._LessThanExpression),
    "le": ("less_than_or_equal_expression", pb._LessThanOrEqualExpression),
}


def to_proto(tree: Filter) -> pb._FilterExpression:
    op = tree[0]
    if op == "and":
        both = pb._AndExpression(first_expression=to_proto(tree[1]), second_expression=to_proto(tree[2]))
        return pb._FilterExpression(and_expression=both)
    if op == "or":
        either = pb._OrExpression(first_expression=to_proto(tree[1]), second_expression=to_proto(tree[2]))
        return pb._FilterExpression(or_expression=either)
    if op == "not":
        return pb._FilterExpression(not_expression=pb._NotExpression(expression_to_negate=to_proto(tree[1])))
    if op == "ids":
        return pb._FilterExpression(id_in_set_expression=pb._IdInSetExpression(ids=list(tree[1])))
    field, bound = tree[1], tree[2]
    if op == "has":
        contains = pb._ListContainsExpression(field=field, string_value=bound)
        return pb._FilterExpression(list_contains_expression=contains)
    value: dict[str, Any]
    if isinstance(bound, bool):
        value = {"boolean_value": bound}
    elif isinstance(bound, str):
        value = {"string_value": bound}
    elif isinstance(bound, int):
        value = {"integer_value": bound}
    else:
        value = {"float_value": bound}
    if op == "eq":
        return pb._FilterExpression(equals_expression=pb._EqualsExpression(field=field, **value))
    member, cls = _RANGES[op]
    expression: dict[str, Any] = {member: cls(field=field, **value)}
    return pb._FilterExpression(**expression)


@dataclass(frozen=True)
class Case:
    metric: Metric
    items: list[tuple[str, list[float], dict[str, Any]]]
    query: list[float]
    top_k: int
    threshold: float | None
    tree: Filter | None


def reference_search(case: Case) -> list[tuple[str, float]]:
    """``(id, float32 score)`` best first, ties by id: the definition the emulator must meet."""
    scored = [
        (item_id, f32(reference_score(case.metric, case.query, vector)))
        for item_id, vector, metadata in case.items
        if case.tree is None or reference_matches(case.tree, item_id, metadata)
    ]
    higher = case.metric is not Metric.EUCLIDEAN
    if case.threshold is not None:
        threshold = case.threshold
        scored = [(i, s) for i, s in scored if (s > threshold if higher else s < threshold)]
    scored.sort(key=lambda hit: (-hit[1] if higher else hit[1], hit[0]))
    return scored[: case.top_k]


def run(case: Case) -> list[Hit]:
    index = VectorIndex("i", len(case.query), case.metric)
    index.upsert(Item(item_id, np.asarray(vector, np.float32), metadata) for item_id, vector, metadata in case.items)
    predicate = compile_filter(to_proto(case.tree)) if case.tree is not None else None
    return index.search(np.asarray(case.query, np.float32), case.top_k, case.threshold, predicate)


# --- fixed cases ----------------------------------------------------------------------------------------------------

Items = list[tuple[str, list[float], dict[str, Any]]]
SQUARE: Items = [("test_item_1", [1.0, 1.0], {}), ("test_item_2", [-1.0, 1.0], {}), ("test_item_3", [-1.0, -1.0], {})]


@pytest.mark.parametrize(
    ("metric", "query", "scores"),
    [
        (Metric.COSINE, [2.0, 2.0], [1.0, 0.0, -1.0]),
        (Metric.INNER_PRODUCT, [2.0, 2.0], [4.0, 0.0, -4.0]),
        (Metric.EUCLIDEAN, [2.0, 2.0], [2.0, 10.0, 18.0]),
        (Metric.EUCLIDEAN, [1.0, 1.0], [0.0, 4.0, 8.0]),
    ],
)
def test_each_metric_scores_as_momento_did(metric: Metric, query: list[float], scores: list[float]) -> None:
    hits = run(Case(metric, SQUARE, query, 3, None, None))
    assert [(hit.id, hit.score) for hit in hits] == list(
        zip(["test_item_1", "test_item_2", "test_item_3"], scores, strict=True)
    )


@pytest.mark.parametrize(
    ("metric", "thresholds"),
    [
        # Momento's own cases: the first keeps the best hit only, the second keeps all, the third none. A score
        # equal to the threshold is dropped (cosine 1.0, inner product 4.0 and 0.0).
        (Metric.COSINE, [0.5, -1.01, 1.0]),
        (Metric.INNER_PRODUCT, [0.0, -4.01, 4.0]),
        (Metric.EUCLIDEAN, [3.0, 20.0, -0.01]),
    ],
)
def test_thresholds_keep_better_scores_strictly(metric: Metric, thresholds: list[float]) -> None:
    best, everything, nothing = (
        [hit.id for hit in run(Case(metric, SQUARE, [2.0, 2.0], 3, f32(t), None))] for t in thresholds
    )
    assert best == ["test_item_1"]
    assert everything == ["test_item_1", "test_item_2", "test_item_3"]
    assert nothing == []


def test_euclidean_threshold_equal_to_a_score_drops_it() -> None:
    assert [hit.id for hit in run(Case(Metric.EUCLIDEAN, SQUARE, [2.0, 2.0], 3, 10.0, None))] == ["test_item_1"]


@pytest.mark.parametrize("metric", list(Metric))
def test_equal_scores_are_ordered_by_id(metric: Metric) -> None:
    items: Items = [(name, [3.0, 4.0], {}) for name in ("b", "c", "a", "ab", "B")]
    assert [hit.id for hit in run(Case(metric, items, [1.0, 0.0], 10, None, None))] == ["B", "a", "ab", "b", "c"]


def test_a_zero_vector_has_cosine_zero_with_anything() -> None:
    items: Items = [("zero", [0.0, 0.0], {}), ("one", [1.0, 0.0], {})]
    assert [(h.id, h.score) for h in run(Case(Metric.COSINE, items, [1.0, 0.0], 2, None, None))] == [
        ("one", 1.0),
        ("zero", 0.0),
    ]
    assert [h.score for h in run(Case(Metric.COSINE, items, [0.0, 0.0], 2, None, None))] == [0.0, 0.0]


@pytest.mark.parametrize("metric", [Metric.INNER_PRODUCT, Metric.EUCLIDEAN, Metric.COSINE])
def test_cancellation_in_the_float32_ranking_is_repaired_by_the_exact_rescoring(metric: Metric) -> None:
    # q . big = 1 exactly, but a float32 sum in most orders loses the 1 against 1e8 and says 0 (or -1e8 + 1e8).
    big = [1e8, 1.0, -1e8]
    items: Items = [("big", big, {}), ("small", [0.5, 0.0, 0.0], {})]
    query = [1.0, 1.0, 1.0]
    case = Case(metric, items, query, 1, None, None)
    assert [(hit.id, hit.score) for hit in run(case)] == reference_search(case)


def test_a_filter_that_rejects_the_best_rows_widens_its_window_until_k_match() -> None:
    items = [(f"{n:05d}", [float(n), 0.0], {"keep": n < 7}) for n in range(3000)]
    case = Case(Metric.INNER_PRODUCT, items, [1.0, 0.0], 5, None, ("eq", "keep", True))
    assert [hit.id for hit in run(case)] == ["00006", "00005", "00004", "00003", "00002"]


@pytest.mark.parametrize("metric", list(Metric))
def test_a_top_k_larger_than_a_rescoring_chunk_is_the_reference(metric: Metric) -> None:
    items: Items = [(f"{n:05d}", [float(n % 97 - 48), float(n % 13 - 6)], {}) for n in range(10_000)]
    case = Case(metric, items, [3.0, -1.0], 9_999, None, None)
    assert [(hit.id, hit.score) for hit in run(case)] == reference_search(case)


def test_upsert_replaces_and_delete_moves_the_last_row_into_the_hole() -> None:
    index = VectorIndex("i", 2, Metric.INNER_PRODUCT)
    index.upsert(
        Item(name, np.asarray(v, np.float32), {"n": i})
        for i, (name, v) in enumerate([("a", [1, 0]), ("b", [2, 0]), ("c", [3, 0])])
    )
    index.upsert([Item("a", np.asarray([5, 0], np.float32), {"n": 9})])
    assert index.delete(["b", "missing"]) == 1
    assert len(index) == 2
    assert [(item.id, item.vector.tolist(), item.metadata) for item in index.items()] == [
        ("a", [5.0, 0.0], {"n": 9}),
        ("c", [3.0, 0.0], {"n": 2}),
    ]
    assert [(hit.id, hit.score) for hit in index.search(np.asarray([1, 0], np.float32), 5)] == [("a", 5.0), ("c", 3.0)]


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        (("eq", "s", "x"), ["str"]),
        (("eq", "i", 5), ["int", "whole double"]),  # an integer bound compares with numbers, never with True
        (("eq", "b", True), ["bool"]),
        (("eq", "d", 9.99), ["double"]),  # the 32-bit bound matches the double it was written as
        (("gt", "i", 4), ["int", "whole double"]),
        (("ge", "i", 6), []),
        (("lt", "d", 10.0), ["double"]),
        (("le", "i", 5.0), ["int", "whole double"]),
        (("has", "l", "y"), ["list"]),
        (("ids", ["int", "nope"]), ["int"]),
        (("not", ("eq", "s", "x")), ["bool", "double", "int", "list", "whole double"]),  # missing field: not matched
        (("and", ("gt", "i", 0), ("lt", "i", 9)), ["int", "whole double"]),
        (("or", ("eq", "s", "x"), ("eq", "b", True)), ["bool", "str"]),
    ],
)
def test_filters_compare_only_values_of_their_kind(tree: Filter, expected: list[str]) -> None:
    items: Items = [
        ("str", [1.0], {"s": "x", "i": "5"}),
        ("int", [1.0], {"i": 5}),
        ("whole double", [1.0], {"i": 5.0}),
        ("bool", [1.0], {"i": True, "b": True, "s": ["x"]}),
        ("double", [1.0], {"d": 9.99}),
        ("list", [1.0], {"l": ("x", "y"), "s": "y"}),
    ]
    found = sorted(hit.id for hit in run(Case(Metric.INNER_PRODUCT, items, [1.0], 10, None, tree)))
    assert found == sorted(expected)
    reference = sorted(item_id for item_id, _, metadata in items if reference_matches(tree, item_id, metadata))
    assert found == reference


@pytest.mark.parametrize(
    "expression",
    [
        pb._FilterExpression(),
        pb._FilterExpression(and_expression=pb._AndExpression(first_expression=pb._FilterExpression())),
        pb._FilterExpression(not_expression=pb._NotExpression()),
        pb._FilterExpression(equals_expression=pb._EqualsExpression(field="a")),
        pb._FilterExpression(less_than_expression=pb._LessThanExpression(field="a")),
        pb._FilterExpression(list_contains_expression=pb._ListContainsExpression(field="a")),
    ],
)
def test_malformed_filters_are_refused(expression: pb._FilterExpression) -> None:
    with pytest.raises(InvalidFilter, match="invalid parameter: filter"):
        compile_filter(expression)


def test_filters_nested_too_deep_are_refused() -> None:
    expression = pb._FilterExpression(id_in_set_expression=pb._IdInSetExpression(ids=["a"]))
    for _ in range(100):
        expression = pb._FilterExpression(not_expression=pb._NotExpression(expression_to_negate=expression))
    with pytest.raises(InvalidFilter, match="nest deeper"):
        compile_filter(expression)


# --- properties -------------------------------------------------------------------------------------------------------

IDS = st.text(alphabet="abcAB_0", min_size=1, max_size=3)
METADATA = st.fixed_dictionaries(
    {},
    optional={
        "n": st.one_of(st.integers(-3, 3), st.sampled_from([-1.5, 0.0, 0.1, 2.0, 2.5])),
        "s": st.sampled_from(["x", "y"]),
        "b": st.booleans(),
        "l": st.lists(st.sampled_from(["x", "y", "z"]), max_size=3).map(tuple),
    },
)
NUMBER_BOUNDS = st.one_of(st.integers(-3, 3), st.sampled_from([-1.5, 0.0, 0.1, 2.0, 2.5]))
LEAVES = st.one_of(
    st.tuples(st.sampled_from(["eq", "gt", "ge", "lt", "le"]), st.just("n"), NUMBER_BOUNDS),
    st.tuples(st.just("eq"), st.just("s"), st.sampled_from(["x", "y"])),
    st.tuples(st.just("eq"), st.just("b"), st.booleans()),
    st.tuples(st.just("has"), st.just("l"), st.sampled_from(["x", "y"])),
    st.tuples(st.just("ids"), st.frozensets(IDS, max_size=4)),
)
FILTERS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.tuples(st.sampled_from(["and", "or"]), inner, inner), st.tuples(st.just("not"), inner)),
    max_leaves=5,
)


@st.composite
def cases(draw: st.DrawFn, *, integral: bool) -> Case:
    metric = draw(st.sampled_from(list(Metric)))
    dimensions = draw(st.integers(1, 6))
    element = st.integers(-3, 3).map(float) if integral else st.floats(-100, 100, allow_nan=False, width=32).map(float)
    vector = st.lists(element, min_size=dimensions, max_size=dimensions)
    # A small pool of vectors, so that equal scores (ties) are common.
    pool = draw(st.lists(vector, min_size=1, max_size=5))
    ids = draw(st.lists(IDS, unique=True, max_size=25))
    items = [(item_id, draw(st.sampled_from(pool)), draw(METADATA)) for item_id in ids]
    query = draw(st.one_of(st.sampled_from(pool), vector))
    threshold = draw(st.none() | st.floats(-50, 50, allow_nan=False, width=32).map(float))
    tree = draw(st.none() | FILTERS)
    return Case(metric, items, query, draw(st.integers(1, 30)), threshold, tree)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(integral=True))
def test_search_on_integer_vectors_is_the_reference_exactly(case: Case) -> None:
    # Small integers keep every product and sum exact for inner product and Euclidean distance, so the emulator
    # must return exactly the reference's hits, scores and order, ties included.
    if case.metric is Metric.COSINE:
        _check_against_reference(case)
        return
    assert [(hit.id, hit.score) for hit in run(case)] == reference_search(case)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(integral=False))
def test_search_on_float_vectors_agrees_with_the_reference(case: Case) -> None:
    _check_against_reference(case)


def _check_against_reference(case: Case) -> None:
    """Scores within float rounding of the reference; the hits a valid top-k of the items that pass (items whose
    score is within rounding of another's, or of the threshold, may go either way); order by score, then id."""
    hits = run(case)
    higher = case.metric is not Metric.EUCLIDEAN
    exact = {
        item_id: reference_score(case.metric, case.query, vector)
        for item_id, vector, metadata in case.items
        if case.tree is None or reference_matches(case.tree, item_id, metadata)
    }
    tolerance = 1e-5 * (1 + max((abs(s) for s in exact.values()), default=0))

    def better(a: float, b: float) -> bool:
        return a > b + tolerance if higher else a < b - tolerance

    for hit in hits:
        assert hit.id in exact
        assert hit.score == pytest.approx(exact[hit.id], rel=1e-5, abs=1e-5)
    assert [hit.id for hit in hits] == [
        hit.id for hit in sorted(hits, key=lambda h: (-h.score if higher else h.score, h.id))
    ]
    if case.threshold is None:
        surely = maybe = set(exact)
    else:
        surely = {i for i, s in exact.items() if better(s, case.threshold)}
        maybe = {i for i, s in exact.items() if not better(case.threshold, s)}
    returned = {hit.id for hit in hits}
    assert returned <= maybe
    assert min(case.top_k, len(surely)) <= len(hits) <= min(case.top_k, len(maybe))
    if len(hits) < case.top_k:
        assert surely <= returned
    for missing in maybe - returned:
        for hit in hits:
            assert not better(exact[missing], exact[hit.id]), (missing, hit.id)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("upsert"), IDS, st.integers(-5, 5), METADATA),
            st.tuples(st.just("delete"), st.lists(IDS, max_size=3)),
        ),
        max_size=40,
    )
)
def test_any_sequence_of_upserts_and_deletes_leaves_the_index_the_model_says(operations: list[Any]) -> None:
    index = VectorIndex("i", 2, Metric.EUCLIDEAN)
    model: dict[str, tuple[list[float], dict[str, Any]]] = {}
    for operation in operations:
        if operation[0] == "upsert":
            _, item_id, x, metadata = operation
            index.upsert([Item(item_id, np.asarray([x, -x], np.float32), metadata)])
            model[item_id] = ([float(x), float(-x)], metadata)
        else:
            assert index.delete(operation[1]) == len({i for i in operation[1] if i in model})
            for item_id in operation[1]:
                model.pop(item_id, None)
        assert len(index) == len(model)
    assert [(item.id, item.vector.tolist(), item.metadata) for item in index.items()] == [
        (item_id, vector, metadata) for item_id, (vector, metadata) in sorted(model.items())
    ]
    case = Case(Metric.EUCLIDEAN, [(i, v, m) for i, (v, m) in model.items()], [1.0, 0.0], 50, None, None)
    assert [(hit.id, hit.score) for hit in index.search(np.asarray(case.query, np.float32), 50)] == reference_search(
        case
    )

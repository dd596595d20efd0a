"""web/search's DOM-free modules on CPython: the vectorizer (deterministic, normalised, prefix-aware), the collection,
and the request bodies, checked against the vending machine's own parsers and default policy, so page and server
agree on the JSON; and the top results the page test expects, by exact cosine similarity."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
from momento_web_vending.indexes import IndexPolicy, parse_search, parse_upsert

from momento_web.requests.vector_index import Field, SimilarityMetric
from momento_web.requests.vector_index import filters as F
from tests.conftest import ROOT

MODULES = ("vectorizer", "documents", "query")  # in import order: each imports the ones before by plain name


@pytest.fixture(scope="module")
def app() -> Iterator[dict[str, ModuleType]]:
    """The page's modules, imported under the plain names PyScript gives them, then taken out of sys.modules."""
    loaded: dict[str, ModuleType] = {}
    try:
        for name in MODULES:
            spec = importlib.util.spec_from_file_location(name, ROOT / "web" / "search" / f"{name}.py")
            assert spec is not None
            assert spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            loaded[name] = module
        yield loaded
    finally:
        for name in MODULES:
            sys.modules.pop(name, None)


def test_fnv1a_is_the_standard_32_bit_hash(app: dict[str, ModuleType]) -> None:
    fnv1a = app["vectorizer"].fnv1a
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_words_are_lowercased_stemmed_and_stop_words_dropped(app: dict[str, ModuleType]) -> None:
    v = app["vectorizer"]
    assert v.words("The Galaxies, and the LANDED planets of Mars!") == ["galaxy", "land", "planet", "mars"]
    assert [v.stem(w) for w in ["glass", "virus", "analysis", "bus", "running", "boxes"]] == [
        "glass", "virus", "analysis", "bus", "runn", "box",
    ]  # fmt: skip
    assert v.words("x-rays 1969") == ["x", "rays", "1969"]


def test_features_are_word_prefixes_of_unit_weight_and_word_pairs(app: dict[str, ModuleType]) -> None:
    features = app["vectorizer"].features("solar wind")
    prefixes = {name: weight for name, weight in features.items() if name.startswith("w:sol")}
    assert set(prefixes) == {"w:sol", "w:sola", "w:solar"}
    assert math.isclose(math.fsum(w * w for w in prefixes.values()), 1.0)
    assert features["p:solar wind"] == 0.5
    assert app["vectorizer"].features("ox") == {"w:ox": 1.0}  # shorter than a prefix: the word itself


def test_vectors_are_deterministic_unit_vectors_of_256_dimensions(app: dict[str, ModuleType]) -> None:
    v = app["vectorizer"]
    vector = v.vectorize("Hubble Space Telescope")
    assert len(vector) == v.DIMENSIONS == 256
    assert math.isclose(math.fsum(x * x for x in vector), 1.0)
    assert vector == v.vectorize("hubble  SPACE telescope")
    assert v.vectorize("the and of") == [0.0] * 256  # nothing but stop words: no direction at all
    assert v.cosine(vector, [0.0] * 256) == 0.0
    # Stable across processes and machines: a few coordinates of a known text, pinned.
    nonzero = [(i, round(x, 6)) for i, x in enumerate(v.vectorize("moon")) if x]
    assert len(nonzero) == 2
    assert math.isclose(math.fsum(x * x for _, x in nonzero), 1.0, rel_tol=1e-5)


def test_closer_texts_score_higher_and_half_typed_words_already_match(app: dict[str, ModuleType]) -> None:
    v = app["vectorizer"]
    telescope = v.vectorize("a telescope in orbit photographs galaxies")
    assert v.cosine(v.vectorize("space telescope"), telescope) > v.cosine(v.vectorize("cooking noodles"), telescope)
    assert v.cosine(v.vectorize("telesc"), telescope) > 0.3
    assert v.cosine(v.vectorize("solar wind"), v.vectorize("solar wind")) == pytest.approx(1.0)
    assert v.cosine(v.vectorize("solar wind"), v.vectorize("wind solar")) < 1.0  # word order counts, a little


def test_the_collection_is_well_formed(app: dict[str, ModuleType]) -> None:
    documents = app["documents"]
    docs = documents.DOCUMENTS
    assert 40 <= len(docs) <= 80
    assert len({d.id for d in docs}) == len(docs)
    assert tuple(sorted({d.category for d in docs})) == documents.CATEGORIES
    assert all(sum(d.category == c for d in docs) >= 5 for c in documents.CATEGORIES)
    for doc in docs:
        assert doc.title
        assert doc.text.endswith(".")
        assert doc.tags
        assert 1000 <= doc.year <= 2030
        assert doc.metadata() == {
            "title": doc.title, "text": doc.text, "category": doc.category, "year": doc.year, "tags": list(doc.tags),
        }  # fmt: skip


def test_the_upsert_body_is_what_the_vending_machine_accepts_under_the_demo_policy(
    app: dict[str, ModuleType],
) -> None:
    docs = app["documents"].DOCUMENTS
    body = app["query"].upsert_body("demo-search", docs)
    wire = json.dumps(body)
    assert len(wire) < 1 << 20  # the vending machine's body limit
    parsed = parse_upsert(json.loads(wire))
    IndexPolicy(names=("demo-search",), writes=True).check_upsert(parsed)  # build.sh serve's demo policy
    assert (parsed.index, parsed.num_dimensions, parsed.metric) == (
        "demo-search",
        256,
        SimilarityMetric.COSINE_SIMILARITY,
    )
    first = parsed.items[0]
    assert first.id == docs[0].id
    assert first.metadata == docs[0].metadata()
    assert type(first.metadata["year"]) is int  # a JSON integer stays an integer: year filters compare numbers
    assert first.vector == pytest.approx(app["vectorizer"].vectorize(docs[0].searchable()), abs=1e-6)
    for item in parsed.items:
        item.to_proto()  # the SDK's own checks of ids, vectors and metadata


def test_filters_become_the_sdk_expressions_they_are_shown_as(app: dict[str, ModuleType]) -> None:
    q = app["query"]
    cases = [
        (q.Filters(), None, "None"),
        (q.Filters(category="space"), Field("category") == "space", "Field('category') == 'space'"),
        (
            q.Filters("space", 2000, 2020),
            F.And(F.And(Field("category") == "space", Field("year") >= 2000), Field("year") <= 2020),
            "(Field('category') == 'space') & (Field('year') >= 2000) & (Field('year') <= 2020)",
        ),
        (q.Filters(year_to=1900), F.LessThanOrEqual("year", 1900), "Field('year') <= 1900"),
    ]
    for filters, expression, python in cases:
        body = q.search_body("demo-search", "moon", filters)
        parsed = parse_search(json.loads(json.dumps(body)))
        assert parsed.filter == expression
        assert filters.as_python() == python
        assert (parsed.top_k, parsed.query_vector) == (q.TOP_K, q.rounded(app["vectorizer"].vectorize("moon")))
    assert q.search_body("demo-search", "the of and", q.Filters()) is None
    assert q.search_body("demo-search", "   ", q.Filters()) is None


def test_year_controls_parse_or_say_which_control_is_wrong(app: dict[str, ModuleType]) -> None:
    parse_year = app["query"].parse_year
    assert parse_year(" 1969 ", "From") == 1969
    assert parse_year("", "From") is None
    with pytest.raises(ValueError, match=r"^To must be a year, e\.g\. 1969 \(got '19x'\)$"):
        parse_year("19x", "To")


@pytest.mark.parametrize(
    ("text", "category", "year_from", "expected"),
    [
        ("moon landing", None, None, "apollo-11"),
        ("vaccine smallpox", None, None, "smallpox-vaccine"),
        ("freezing fish", None, None, "frozen-food"),
        ("telesc", None, None, "hubble"),
        ("telescope", "space", 2000, "webb"),
        ("vaccine", None, None, "polio-vaccine"),
        ("gravity waves", None, None, "gravitational-waves"),
    ],
)
def test_the_page_tests_expected_top_results_by_exact_cosine(
    app: dict[str, ModuleType], text: str, category: str | None, year_from: int | None, expected: str
) -> None:
    v, q = app["vectorizer"], app["query"]
    query = q.rounded(v.vectorize(text))
    scored = sorted(
        (-v.cosine(query, q.rounded(v.vectorize(d.searchable()))), d.id)
        for d in app["documents"].DOCUMENTS
        if (category is None or d.category == category) and (year_from is None or d.year >= year_from)
    )
    assert scored[0][1] == expected
    assert scored[1][0] - scored[0][0] > 0.02  # a clear winner, not a rounding accident

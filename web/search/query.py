"""What the page sends the vending machine's vector routes, built from the collection and the filter controls.

No DOM and no fetch here, so this module also runs on CPython (its tests do). Filters are the JSON form the
vending machine turns into the SDK's filter expressions (``{"equals": {...}}``, ``{"and": [...]}``, …); each also
reads as the SDK's Python (``Field("category") == "space"``) so the page can show what it asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from documents import Document
from vectorizer import DIMENSIONS, vectorize

METRIC = "cosine"
TOP_K = 8
DIGITS = 6  # vectors travel as JSON: six decimals are plenty for cosine scores and halve the upload


@dataclass(frozen=True)
class Filters:
    """The filter controls: a category (None: any) and an inclusive year range (None: open)."""

    category: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def parts(self) -> list[tuple[dict[str, Any], str]]:
        """Each condition as (JSON filter, the SDK's Python for it)."""
        conditions = [
            ("equals", "category", "==", self.category),
            ("greaterThanOrEqual", "year", ">=", self.year_from),
            ("lessThanOrEqual", "year", "<=", self.year_to),
        ]
        return [
            ({operator: {"field": field, "value": value}}, f"Field({field!r}) {python} {value!r}")
            for operator, field, python, value in conditions
            if value is not None
        ]

    def as_json(self) -> dict[str, Any] | None:
        """The filter to send; None when no control narrows the search."""
        parts = [json for json, _ in self.parts()]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"and": parts}

    def as_python(self) -> str:
        """The same filter as the SDK's Python, e.g. ``(Field('category') == 'space') & (Field('year') >= 2000)``."""
        texts = [text for _, text in self.parts()]
        if len(texts) <= 1:
            return texts[0] if texts else "None"
        return " & ".join(f"({text})" for text in texts)


def parse_year(text: str, what: str) -> int | None:
    """A year control's text: blank is None; anything but a whole number raises ValueError saying which control."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{what} must be a year, e.g. 1969 (got {text!r})") from None


def rounded(vector: list[float]) -> list[float]:
    return [round(x, DIGITS) for x in vector]


def upsert_body(index: str, documents: tuple[Document, ...] | list[Document]) -> dict[str, Any]:
    """``POST /vector/upsert``: every document's vector (made here, in the page) with its metadata."""
    items = [
        {"id": document.id, "vector": rounded(vectorize(document.searchable())), "metadata": document.metadata()}
        for document in documents
    ]
    return {"index": index, "numDimensions": DIMENSIONS, "metric": METRIC, "items": items}


def search_body(index: str, text: str, filters: Filters, top_k: int = TOP_K) -> dict[str, Any] | None:
    """``POST /vector/search`` for what is typed; None when it has no words to search for."""
    vector = vectorize(text)
    if not any(vector):
        return None
    body: dict[str, Any] = {"index": index, "queryVector": rounded(vector), "topK": top_k}
    expression = filters.as_json()
    if expression is not None:
        body["filter"] = expression
    return body

"""The search page: vectorize the collection here, have it upserted into the index, then search as the person types."""

from __future__ import annotations

import asyncio
import time
import traceback
from typing import Any

from page import by_id, element, on, set_status, value_of

try:
    from documents import CATEGORIES, DOCUMENTS
    from gateway import GatewayError, call
    from query import METRIC, Filters, parse_year, search_body, upsert_body
    from vectorizer import DIMENSIONS
except Exception as exc:  # a broken build shows on the page, not only in the console
    set_status(f"failed to load the search: {exc!r}", "failed")
    raise

DEBOUNCE_S = 0.2  # a pause in typing this long sends the search

_pending: asyncio.Task[None] | None = None
_latest = 0  # the newest search; answers to older ones arrive late and are dropped
_indexed = False
_building: asyncio.Task[None] | None = None  # the first indexing, started with the page


def index_state(state: str, text: str) -> None:
    pill = by_id("index-state")
    pill.dataset.state = state
    pill.textContent = {"building": "building…", "ready": "index ready", "failed": "no index"}[state]
    by_id("index-detail").textContent = text


def show_error(element_id: str, text: str) -> None:
    box = by_id(element_id)
    box.textContent = text
    box.hidden = not text


# --- the index ----------------------------------------------------------------------------------------------


async def build_index() -> None:
    """Vectorize every document in the page and have the vending machine upsert them (it creates the index)."""
    global _indexed
    _indexed = False
    index = value_of("index")
    by_id("rebuild").disabled = True
    show_error("index-error", "")
    try:
        index_state("building", f"vectorizing {len(DOCUMENTS)} documents…")
        started = time.monotonic()
        body = upsert_body(index, DOCUMENTS)
        vectorized = time.monotonic()
        index_state("building", f"upserting {len(DOCUMENTS)} documents into {index}…")
        answer = await call(value_of("vending"), "upsert", body)
        upserted = time.monotonic()
    except GatewayError as exc:
        index_state("failed", "the collection could not be indexed")
        show_error("index-error", str(exc))
        return
    except Exception as exc:  # a bug or an unexpected answer: say so rather than building forever
        traceback.print_exc()
        index_state("failed", "the collection could not be indexed")
        show_error("index-error", f"indexing failed: {exc!r}")
        return
    finally:
        by_id("rebuild").disabled = False
    _indexed = True
    index_state(
        "ready",
        f"{answer.get('itemCount')} documents in {index} ({DIMENSIONS} dimensions, {METRIC}); vectorized in "
        f"{(vectorized - started) * 1000:.0f} ms, upserted in {(upserted - vectorized) * 1000:.0f} ms",
    )
    schedule()


# --- searching ----------------------------------------------------------------------------------------------


def current_filters() -> Filters:
    """The filter controls; raises ValueError naming a control that does not hold a year."""
    category = value_of("category") or None
    return Filters(category, parse_year(value_of("year-from"), "From"), parse_year(value_of("year-to"), "To"))


def schedule() -> None:
    """Search for what is typed once typing pauses; a newer keystroke replaces a search not yet sent."""
    global _pending, _latest
    _latest += 1
    if _pending is not None and not _pending.done():
        _pending.cancel()
    _pending = asyncio.ensure_future(_search_after_pause(_latest))


async def _search_after_pause(number: int) -> None:
    await asyncio.sleep(DEBOUNCE_S)
    await search(number)


async def search(number: int) -> None:
    show_error("search-error", "")
    try:
        filters = current_filters()
    except ValueError as exc:
        show_error("search-error", str(exc))
        return
    by_id("filter-code").textContent = f"filter = {filters.as_python()}"
    if not _indexed:
        return
    body = search_body(value_of("index"), value_of("query"), filters)
    if body is None:
        show_results([], "type to search: results follow as you type")
        return
    started = time.monotonic()
    try:
        answer = await call(value_of("vending"), "search", body)
    except GatewayError as exc:
        if number == _latest:
            show_error("search-error", str(exc))
        return
    if number != _latest:  # the person typed on meanwhile: a newer answer is coming
        return
    hits = list(answer.get("hits", []))
    elapsed = (time.monotonic() - started) * 1000
    summary = f"{len(hits)} result(s) in {elapsed:.0f} ms" if hits else "no document matches these filters"
    show_results(hits, summary)


def show_results(hits: list[dict[str, Any]], summary: str) -> None:
    by_id("summary").textContent = summary
    results = by_id("results")
    results.replaceChildren()
    for hit in hits:
        metadata = dict(hit.get("metadata", {}))
        line = element("li", None, "result", data_id=str(hit.get("id")))
        head = element("div", None, "result-head")
        head.append(element("h3", str(metadata.get("title", hit.get("id")))))
        head.append(element("span", f"{float(hit.get('score', 0.0)):.3f}", "score", title="cosine similarity"))
        facts = element("p", None, "facts")
        facts.append(element("span", str(metadata.get("category", "")), "category"))
        facts.append(element("span", str(metadata.get("year", "")), "year"))
        facts.append(element("span", ", ".join(metadata.get("tags", [])), "tags"))
        line.append(head, facts, element("p", str(metadata.get("text", "")), "text"))
        results.append(line)


@on("input", "#query")
def on_query(event: Any) -> None:
    schedule()


@on("input", "#category, #year-from, #year-to")
def on_filter(event: Any) -> None:
    schedule()


@on("click", "#rebuild")
async def on_rebuild(event: Any) -> None:
    await build_index()


def start() -> None:
    category = by_id("category")
    category.append(element("option", "any category", value=""))
    for name in CATEGORIES:
        category.append(element("option", name, value=name))
    by_id("collection").textContent = f"{len(DOCUMENTS)} documents in {len(CATEGORIES)} categories"
    set_status("ready", "ready")
    global _building
    _building = asyncio.ensure_future(build_index())


start()

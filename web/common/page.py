"""Small DOM helpers shared by the web apps (PyScript's ``document``; no framework)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from pyscript import document, when, window

HandlerT = TypeVar("HandlerT", bound=Callable[..., Any])


def on(event_type: str, selector: str) -> Callable[[HandlerT], HandlerT]:
    """PyScript's ``@when(event_type, selector)``, typed (plain or ``async`` handlers)."""
    return cast(Callable[[HandlerT], HandlerT], when(event_type, selector))


def by_id(element_id: str) -> Any:
    return document.getElementById(element_id)


def value_of(element_id: str) -> str:
    return str(by_id(element_id).value).strip()


def element(tag: str, text: str | None = None, cls: str | None = None, **attributes: str) -> Any:
    """A new element; ``text`` is set as text (never parsed as HTML)."""
    node = document.createElement(tag)
    if text is not None:
        node.textContent = text
    if cls:
        node.className = cls
    for name, value in attributes.items():
        node.setAttribute(name.replace("_", "-"), value)
    return node


def set_status(text: str, kind: str) -> None:
    """The page's load status line (``#status``): loading, ready or failed."""
    status = by_id("status")
    status.textContent = text
    status.className = f"status {kind}"


def show_definitions(list_id: str, rows: list[tuple[str, str]]) -> None:
    """Fill a ``<dl>`` with (term, description) rows."""
    listing = by_id(list_id)
    listing.replaceChildren()
    for term, description in rows:
        listing.append(element("dt", term), element("dd", description))


def clock(seconds: float | None = None) -> str:
    """A UNIX time (default: now) as the browser's local wall-clock time, e.g. ``14:03:07``."""
    date = window.Date.new() if seconds is None else window.Date.new(seconds * 1000)
    return str(date.toLocaleTimeString())

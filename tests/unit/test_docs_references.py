"""Everything the code cites is in the repository: no source file points at documents outside it, and every
``docs/...md`` path (with its ``#anchor`` or ``quirk N``) that a source file names exists.

Sources are the tracked files (``git ls-files``) ending in .py, .mjs, .js, .sh, .html, .toml or .md, except the
protocol docs themselves (``docs/protocol/``), whose own relative links are checked separately.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PROTOCOL_DOCS = DOCS / "protocol"
SOURCE_SUFFIXES = frozenset({".py", ".mjs", ".js", ".sh", ".html", ".toml", ".md"})

# The external spec's file names, with whatever path precedes them (kept when the path leads into docs/).
_SPEC_DOCUMENT = re.compile(r"[\w./-]*\b(?:api|wire|emulator|protos|toolchain|module-tree)\.md")
_SPEC_DIRECTORY = re.compile(r"shared/spec|\.\./shared")
_DOCS_PATH = re.compile(r"\bdocs/[\w./-]*?\.md(?:#([\w-]+))?")
_QUIRK = re.compile(r"sdk-quirks\.md(?:#quirk-|, quirks? )(\d+)")
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#([\w-]+))?\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def _tracked_sources() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout  # noqa: S607  git from PATH, as a developer runs it
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    sources = []
    for name in listed.decode("utf-8").split("\0"):
        path = ROOT / name
        if (
            path.suffix in SOURCE_SUFFIXES
            and not path.is_relative_to(PROTOCOL_DOCS)
            and path != Path(__file__).resolve()
            and path.is_file()  # listed but deleted in the working tree
        ):
            sources.append(path)
    return sources


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _inside_docs(token: str, source: Path) -> bool:
    """The path ``token`` names an existing file under docs/, read from the repo root or from ``source``."""
    for base in (ROOT, source.parent):
        target = (base / token).resolve()
        if target.is_relative_to(DOCS) and target.is_file():
            return True
    return False


def outside_references(text: str, source: Path) -> list[str]:
    """``line: citation`` for each reference to the external spec documents in ``text``."""
    found = [
        f"{_line(text, match.start())}: {match.group()}"
        for match in _SPEC_DOCUMENT.finditer(text)
        if not _inside_docs(match.group(), source)
    ]
    found += [f"{_line(text, match.start())}: {match.group()}" for match in _SPEC_DIRECTORY.finditer(text)]
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@cache
def _anchors(doc: Path) -> frozenset[str]:
    return frozenset(slug(heading) for heading in _HEADING.findall(_text(doc)))


def broken_docs_references(text: str) -> list[str]:
    """``line: citation`` for each ``docs/...md`` path, anchor or quirk number in ``text`` that does not exist."""
    broken = []
    for match in _DOCS_PATH.finditer(text):
        path = ROOT / match.group().split("#", 1)[0]
        anchor = match.group(1)
        if not path.is_file() or (anchor is not None and anchor not in _anchors(path)):
            broken.append(f"{_line(text, match.start())}: {match.group()}")
    quirks = PROTOCOL_DOCS / "sdk-quirks.md"
    for match in _QUIRK.finditer(text):
        if not quirks.is_file() or f"quirk-{match.group(1)}" not in _anchors(quirks):
            broken.append(f"{_line(text, match.start())}: {match.group()}")
    return broken


def test_no_source_cites_documents_outside_the_repository() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _tracked_sources()
        if (found := outside_references(_text(path), path))
    }
    assert not offenders, f"cite docs/protocol/ instead: {offenders}"


def test_every_docs_path_a_source_names_exists() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in _tracked_sources()
        if (found := broken_docs_references(_text(path)))
    }
    assert not offenders, f"no such doc, heading or quirk: {offenders}"


def test_links_between_docs_resolve() -> None:
    docs = sorted(DOCS.rglob("*.md"))
    assert PROTOCOL_DOCS / "sdk-quirks.md" in docs
    broken = []
    for doc in docs:
        text = _text(doc)
        for match in _MARKDOWN_LINK.finditer(text):
            target = (doc.parent / match.group(1)).resolve()
            anchor = match.group(2)
            if not target.is_file() or (anchor is not None and anchor not in _anchors(target)):
                broken.append(f"{doc.relative_to(ROOT)}:{_line(text, match.start())}: {match.group()}")
        for match in re.finditer(r"\]\(#([\w-]+)\)", text):
            if match.group(1) not in _anchors(doc):
                broken.append(f"{doc.relative_to(ROOT)}:{_line(text, match.start())}: {match.group()}")
    assert not broken, broken


# --- the checks themselves catch what they are meant to ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "(api.md §C2, quirk 13)",
        "as wire.md §4 says",
        "see emulator.md §8.1",
        "protos.md §1",
        "per toolchain.md",
        "module-tree.md lists them",
        "from /work/shared/spec/wire.md",
        "vectors from shared/spec",
        "../shared/spec/api.md",
        "docs/protocol/api.md",  # a path into docs/ that does not exist is still outside
    ],
)
def test_outside_references_are_found(text: str) -> None:
    assert outside_references(text, ROOT / "src" / "module.py")


@pytest.mark.parametrize(
    "text",
    [
        "(docs/protocol/emulator.md, design choices)",
        "see docs/protocol/grpc-web.md#text-mode-base64-with-padding-in-the-middle",
        "an api key, the wire format, the emulator",
    ],
)
def test_references_into_docs_are_accepted(text: str) -> None:
    assert outside_references(text, ROOT / "src" / "module.py") == []
    assert broken_docs_references(text) == []


def test_docs_relative_paths_count_as_inside() -> None:
    assert outside_references("[x](protocol/emulator.md)", DOCS / "README.md") == []


@pytest.mark.parametrize(
    "text",
    [
        "docs/protocol/no-such-doc.md",
        "docs/protocol/topics.md#no-such-heading",
        "(docs/protocol/sdk-quirks.md, quirk 999)",
        "docs/protocol/sdk-quirks.md#quirk-999",
    ],
)
def test_broken_docs_references_are_found(text: str) -> None:
    assert broken_docs_references(text)


def test_slug_follows_github() -> None:
    assert slug("Scope → message") == "scope--message"
    assert slug("The `err` metadata") == "the-err-metadata"
    assert slug("This SDK's subscription") == "this-sdks-subscription"
    assert slug("Quirk 13") == "quirk-13"

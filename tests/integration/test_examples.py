"""momento's documented examples (``tests/examples/``) run on CPython against ``momento_web``, with nothing changed
but ``momento`` -> ``momento_web`` in their imports, against a real emulator (a strict ``--auth`` one for the
examples that mint tokens). ``tests/peer/test_examples_official_momento.py`` runs the very same files, untouched,
with the official ``momento``."""

from __future__ import annotations

import asyncio
import inspect
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.examples._suite import (
    changed_lines,
    example_environment,
    example_paths,
    is_async,
    is_import_rewrite,
    needs_api_key,
    to_momento_web,
)

EXAMPLES = example_paths()


def test_there_are_examples_of_each_kind() -> None:
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    assert len(EXAMPLES) >= 10
    assert any(is_async(source) for source in sources)
    assert any(not is_async(source) for source in sources)
    assert any(needs_api_key(source) for source in sources)


def test_the_rewrite_touches_import_lines_only() -> None:
    original = 'from momento import CacheClient\nx = "momento"\nimport momento.responses\nfrom momento_web import y\n'
    rewritten = to_momento_web(original)
    assert rewritten == 'from momento_web import CacheClient\nx = "momento"\nimport momento_web.responses\n' + (
        "from momento_web import y\n"
    )
    assert changed_lines(original, rewritten) == [
        ("from momento import CacheClient", "from momento_web import CacheClient"),
        ("import momento.responses", "import momento_web.responses"),
    ]
    assert not is_import_rewrite('x = "momento"', 'x = "momento_web"')


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_runs_on_momento_web(
    path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = path.read_text(encoding="utf-8")
    rewritten = to_momento_web(source)
    changes = changed_lines(source, rewritten)
    assert changes, "the example imports nothing from momento"
    assert [pair for pair in changes if not is_import_rewrite(*pair)] == []
    assert to_momento_web(rewritten) == rewritten  # no momento import is left

    monkeypatch.delenv("MOMENTO_API_KEY", raising=False)
    for name, value in example_environment(source, request).items():
        monkeypatch.setenv(name, value)

    namespace: dict[str, Any] = {"__name__": f"examples.{path.stem}"}
    exec(compile(rewritten, str(path), "exec"), namespace)  # noqa: S102 - our own example files
    main = namespace["main"]
    assert inspect.iscoroutinefunction(main) == is_async(source)
    if inspect.iscoroutinefunction(main):
        asyncio.run(main())
    else:
        main()
    # The official SDK never entered this process: everything ran on momento_web.
    assert "momento" not in sys.modules

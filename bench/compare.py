"""Before/after of two runs: ``python -m bench.compare BEFORE.json AFTER.json``.

Runs on different days (or under different load) differ in absolute figures, so the comparison is of the ratios
each run measured between its own interleaved clients: ours ÷ official and ours ÷ floor.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.report import RATIO_HEADS, latency_rows, ratios, throughput_rows

KEY_ROWS = (
    "get 100 B p50",
    "get 100 B p90",
    "get 10 KiB p50",
    "get 1 MiB p50",
    "set 100 B p50",
    "get 100 B x1 in flight",
    "get 100 B x8 in flight",
    "get 100 B x64 in flight",
    "set 100 B x64 in flight",
    "get 10 KiB x64 in flight",
)


def _rows(result: Mapping[str, Any]) -> dict[str, Mapping[str, float]]:
    return dict(latency_rows(result["latency"]) + throughput_rows(result["throughput"]))


def _cell(before: float, after: float) -> str:
    if not (math.isfinite(before) and math.isfinite(after)):
        return "-"
    return f"{before:.2f} → {after:.2f}"


def compare(before: Mapping[str, Any], after: Mapping[str, Any], rows: Sequence[str] = KEY_ROWS) -> str:
    old, new = _rows(before), _rows(after)
    lines = [
        "| Ratio (before → after) | " + " | ".join(RATIO_HEADS) + " |",
        "|---|" + "---|" * len(RATIO_HEADS),
    ]
    for label in rows:
        if label in old and label in new:
            cells = [_cell(b, a) for b, a in zip(ratios(old[label]), ratios(new[label]), strict=True)]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    sys.stdout.write(compare(before, after))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

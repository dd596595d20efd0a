"""The run's figures as a Markdown table and a JSON document, each of ours as a ratio to the official SDK and the floor.

Latency ratios are ours ÷ theirs (below 1 = we are faster); throughput ratios are ours ÷ theirs too (above 1 = we
are faster). The floor for ``ours-text`` is ``floor-text`` and for ``ours-binary`` ``floor-binary``: the same bytes
on the wire.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bench.stats import ratio

OURS = ("ours-text", "ours-binary")
FLOOR_OF = {"ours-text": "floor-text", "ours-binary": "floor-binary"}
COLUMNS = ("ours-text", "ours-binary", "official", "floor-text", "floor-binary")
RATIO_HEADS = ("text÷official", "binary÷official", "text÷floor", "binary÷floor")
# The synchronous client (JSPI) against the async one on the same wire format, and against the official SDK.
SYNC = "ours-sync"
SYNC_COLUMNS = (SYNC, "ours-text", "official")
SYNC_RATIO_HEADS = ("sync÷text", "sync÷official")


def size_label(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):g} MiB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):g} KiB"
    return f"{size} B"


def _num(value: float, digits: int = 2) -> str:
    if not math.isfinite(value):
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def ratios(values: Mapping[str, float]) -> list[float]:
    nan = math.nan
    return [
        ratio(values.get("ours-text", nan), values.get("official", nan)),
        ratio(values.get("ours-binary", nan), values.get("official", nan)),
        ratio(values.get("ours-text", nan), values.get("floor-text", nan)),
        ratio(values.get("ours-binary", nan), values.get("floor-binary", nan)),
    ]


def sync_ratios(values: Mapping[str, float]) -> list[float]:
    nan = math.nan
    sync = values.get(SYNC, nan)
    return [ratio(sync, values.get("ours-text", nan)), ratio(sync, values.get("official", nan))]


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _comparison(title: str, unit: str, rows: Sequence[tuple[str, Mapping[str, float]]]) -> list[str]:
    head = [f"{title} ({unit})", *COLUMNS, *RATIO_HEADS]
    body = [
        [label, *(_num(values.get(c, math.nan)) for c in COLUMNS), *(_num(r) for r in ratios(values))]
        for label, values in rows
    ]
    return _table(head, body)


def latency_rows(latency: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, float]]]:
    grouped: dict[tuple[str, int, str], dict[str, float]] = {}
    for entry in latency:
        for pct in ("p50", "p90", "p99"):
            grouped.setdefault((entry["op"], entry["size"], pct), {})[entry["client"]] = entry[pct]
    return [(f"{op} {size_label(size)} {pct}", values) for (op, size, pct), values in grouped.items()]


def throughput_rows(throughput: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, float]]]:
    grouped: dict[tuple[str, int, int], dict[str, float]] = {}
    for entry in throughput:
        grouped.setdefault((entry["op"], entry["size"], entry["concurrency"]), {})[entry["client"]] = entry["ops_per_s"]
    return [(f"{op} {size_label(size)} x{conc} in flight", v) for (op, size, conc), v in grouped.items()]


TOPIC_METRICS = (("p50 (ms)", "p50"), ("p90 (ms)", "p90"), ("p99 (ms)", "p99"), ("msgs/s", "msgs_per_s"))
COLD_STAGES = (("load", "load_ms"), ("import", "import_ms"), ("create", "create_ms"), ("first call", "first_call_ms"))


def topic_rows(topics: Mapping[str, Any]) -> list[tuple[str, dict[str, float]]]:
    rows = topics.get("rows", [])
    return [(label, {r["client"]: r[key] for r in rows}) for label, key in TOPIC_METRICS]


# The cold starts of ours the main table shows: the SDK loaded by pyodide.loadPackage (run.COLD_LOADS).
MAIN_LOAD = "package"
LOAD_PHASES = (
    ("fetch_ms", "lock lookup, download and integrity check"),
    ("unpack_ms", "unpacking the wheel into site-packages"),
    ("dynlibs_ms", "scan for dynamic libraries (imports tarfile)"),
    ("invalidate_caches_ms", "importlib.invalidate_caches() (imports importlib.metadata)"),
)


def cold_rows(cold: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, float]]]:
    stages = (*COLD_STAGES, ("total", "total_ms"))
    main = [c for c in cold if c.get("load", "") in ("", MAIN_LOAD)]
    return [(label, {c["client"]: c[key] for c in main}) for label, key in stages]


def ratio_tables(result: Mapping[str, Any]) -> dict[str, dict[str, dict[str, float | None]]]:
    """Every ratio the Markdown shows, for the JSON document: table → row → ratio head → value (None if n/a)."""
    tables = {
        "latency": latency_rows(result["latency"]),
        "throughput": throughput_rows(result["throughput"]),
        "topics": topic_rows(result["topics"]),
        "cold_start": cold_rows(result["cold_start"]),
    }
    out = {
        name: {
            label: {head: r if math.isfinite(r) else None for head, r in zip(RATIO_HEADS, ratios(values), strict=True)}
            for label, values in rows
        }
        for name, rows in tables.items()
    }
    out["sync_latency"] = {
        label: {
            head: r if math.isfinite(r) else None for head, r in zip(SYNC_RATIO_HEADS, sync_ratios(values), strict=True)
        }
        for label, values in tables["latency"]
        if SYNC in values
    }
    return out


def markdown(result: Mapping[str, Any]) -> str:
    meta = result["meta"]
    out = [
        f"## momento-web benchmark ({meta['mode']}, {meta['rounds']} interleaved rounds per workload)",
        "",
        f"Chromium {meta['chromium']}, Pyodide {meta['pyodide']}, {meta['cpus']} CPUs, "
        f"crossOriginIsolated={meta['cross_origin_isolated']}, emulator {meta['emulator']}.",
        "Ratios: ours ÷ theirs. Latency: < 1 is faster. Throughput: > 1 is faster.",
        "",
    ]
    out += _comparison("Sequential latency", "ms", latency_rows(result["latency"]))
    out.append("")
    out += _sync(latency_rows(result["latency"]))
    for entry in result["latency"]:
        if "unsupported" in entry:
            label = f"{entry['op']} {size_label(entry['size'])}"
            out += [f"{entry['client']} cannot {label}: `{entry['unsupported']}`", ""]
    out += _comparison("Throughput", "ops/s", throughput_rows(result["throughput"]))
    busy = [e for e in result["throughput"] if e["client"].startswith("floor") and e["concurrency"] == 64]
    if busy:
        out.append("")
        out.append(
            "Emulator CPU while the floor ran 64 in flight: "
            + ", ".join(f"{e['client']} {size_label(e['size'])} {e['op']} {e['emulator_cpu']:.0%}" for e in busy)
            + " of one core (Chromium holds at most 6 HTTP/1.1 connections per origin: 64 in flight means 6 on "
            "the wire and the rest queued in the browser)."
        )
    out.append("")
    out += _topics(result["topics"])
    out.append("")
    out += _cold(result["cold_start"])
    out.append("")
    if result["downloads"]:
        out += _downloads(result["downloads"])
        out.append("")
    out += _targets(result["targets"])
    return "\n".join(out) + "\n"


def _sync(rows: Sequence[tuple[str, Mapping[str, float]]]) -> list[str]:
    """The synchronous client's sequential latency beside the async one's (text mode both) and the official SDK's."""
    rows = [(label, values) for label, values in rows if SYNC in values]
    if not rows:
        return []
    head = ["Sequential latency, sync (ms)", *SYNC_COLUMNS, *SYNC_RATIO_HEADS]
    body = [
        [label, *(_num(values.get(c, math.nan)) for c in SYNC_COLUMNS), *(_num(r) for r in sync_ratios(values))]
        for label, values in rows
    ]
    note = (
        "ours-sync: the synchronous `CacheClient`, text mode, each call waiting by JSPI (`pyodide.ffi.run_sync`) "
        "in the same interleaved run; sync÷text < 1 means the blocking call answers sooner than the awaited one."
    )
    return [*_table(head, body), "", note, ""]


def _topics(topics: Mapping[str, Any]) -> list[str]:
    if "skipped" in topics:
        return [f"Topics: skipped ({topics['skipped']})."]
    if not topics.get("rows"):
        return []
    return [
        *_comparison("Topics publish → receive", "one subscriber", topic_rows(topics)),
        "",
        "The topic floor is binary only (floor-binary: a hand-written Subscribe stream and Publish over fetch). "
        "msgs/s: a burst published with several in flight, until the subscriber has it all; > 1 is faster there.",
    ]


def _cold(cold: Sequence[Mapping[str, Any]]) -> list[str]:
    if not cold:
        return []
    return [
        *_comparison("Cold start", "median ms", cold_rows(cold)),
        "",
        "ours: from Pyodide ready; load = loadPackage('momento-web') (download + unpack wheels), import = "
        "`from momento_web import …`. official: load = fetching the esbuild bundle, import = evaluating it. "
        "floor: no code to load.",
        "",
        *_cold_loads(cold),
    ]


def _cold_loads(cold: Sequence[Mapping[str, Any]]) -> list[str]:
    """Ours by way of loading (loadPackage or the wheel on sys.path), each against the official SDK's total."""
    official = next((c["total_ms"] for c in cold if c["client"] == "official"), math.nan)
    rows = [c for c in cold if c["client"] in OURS and c.get("load")]
    if not rows:
        return []
    head = [
        "Cold start of ours (median ms)",
        *(label for label, _ in COLD_STAGES),
        "total",
        "total÷official",
        "Pyodide's start before it",
    ]
    body = [
        [
            f"{c['client']}, {c['load']}",
            *(_num(c[key]) for _, key in COLD_STAGES),
            _num(c["total_ms"]),
            _num(ratio(c["total_ms"], official)),
            _num(c.get("pyodide_ms", math.nan)),
        ]
        for c in rows
    ]
    out = [*_table(head, body), ""]
    out.append(
        "Pyodide's start (loadPyodide, before the clock above starts) is the page's, not the SDK's; it is shown "
        "because the standard-library bytecode we serve (scripts/compile_stdlib.py) shortens it."
    )
    out.append("")
    phases = [c for c in rows if "load_phases" in c]
    if phases:
        out.append("loadPackage, where its time went (median ms): ")
        for c in phases:
            parts = [f"{what} {_num(c['load_phases'][key])}" for key, what in LOAD_PHASES if key in c["load_phases"]]
            out.append(f"* {c['client']}: " + "; ".join(parts))
        out += [
            "",
            "zip: the page fetches the same wheel, writes it to Pyodide's file system and appends it to `sys.path`: "
            "Python imports the SDK from the zip (zipimport).",
        ]
    return out


def _downloads(downloads: Mapping[str, Any]) -> list[str]:
    head = ["Download beyond Pyodide", "bytes", "gzip -9"]
    body = [[f["path"], f"{f['bytes']:,}", f"{f['gzip_bytes']:,}"] for f in downloads["ours"]]
    body.append(["**ours total**", f"**{downloads['ours_bytes']:,}**", f"{downloads['ours_gzip_bytes']:,}"])
    official = downloads["official"]
    body.append([f"official bundle {official['path']}", f"{official['bytes']:,}", f"{official['gzip_bytes']:,}"])
    plain = ratio(downloads["ours_bytes"], official["bytes"])
    gzipped = ratio(downloads["ours_gzip_bytes"], official["gzip_bytes"])
    body.append(["ours ÷ official", _num(plain), _num(gzipped)])
    body.append(["(Pyodide itself, for scale)", f"{downloads['pyodide_bytes']:,}", "-"])
    return _table(head, body)


def _targets(targets: Sequence[Mapping[str, Any]]) -> list[str]:
    head = ["Target (reported, not asserted)", "value", "goal", "met"]
    body = [[t["name"], _num(t["value"]), t["goal"], "yes" if t["met"] else "**no**"] for t in targets]
    return _table(head, body)


def profiles(profile: Mapping[str, Any]) -> str:
    """The profile section: stage spans and cProfile's top functions per wire format."""
    out = []
    for client, prof in profile.items():
        out.append(f"\n### Profile of a get (100 B), {client}: {prof['per_get_ms']:.3f} ms per get with the hook\n")
        out += [f"- {stage}: {ms:.3f} ms" for stage, ms in prof["stages_ms"].items()]
        out += ["", "```", prof["cprofile_tottime"].strip(), "```"]
    return "\n".join(out) + "\n"

"""Run the benchmark: ``python -m bench.run [--smoke]`` from the repository root, after ``./build.sh``.

One emulator process, one headless Chromium for the warm workloads. The driver writes a schedule in which every
workload runs ``rounds`` times with the clients in rotated order (A B C, B C A, …), so that drift of the machine
spreads over all of them; the page runs it and posts each result back. Cold starts run in fresh Chromium processes,
again interleaved. Chromium runs without a DevTools connection: see ``bench/page/harness.mjs``.

The run prints a Markdown table and writes it with a JSON document to ``bench/results/``. Figures are reported,
never asserted: the exit status is non-zero only when the instrument itself breaks (a client errors, the page
fails, a time limit passes).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import os
import queue
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from bench import report
from bench.servers import (
    BENCH,
    BUNDLE,
    PYODIDE_DIR,
    ROOT,
    BenchError,
    Browser,
    Emulator,
    Mailbox,
    chromium,
    chromium_version,
    emulator,
    ensure_bundle,
    pyodide_ready,
    static_server,
)
from bench.stats import median, percentile, ratio

LOG = logging.getLogger("bench")
T = TypeVar("T")

CLIENTS = ("ours-text", "ours-binary", "official", "floor-text", "floor-binary")
# ours-sync (the synchronous CacheClient, waiting by JSPI) waits for each call: sequential workloads only.
SEQUENTIAL_CLIENTS = ("ours-text", "ours-binary", "ours-sync", "official", "floor-text", "floor-binary")
COLD_CLIENTS = ("ours-text", "ours-binary", "official", "floor-binary")
# How a cold start of ours loads the SDK (harness.mjs): "package" is pyodide.loadPackage("momento-web"), split into
# its phases; "zip" fetches the same wheel and puts it on sys.path. The first is what the main table shows.
COLD_LOADS = ("package", "zip")
# The parts of a run, for --only.
PARTS = ("sequential", "throughput", "topics", "profile", "cold")
TOPIC_CLIENTS = ("ours-text", "ours-binary", "official", "floor-binary")  # the topic floor is binary only
KIB, MIB = 1 << 10, 1 << 20
SIZES = (100, 10 * KIB, MIB)
# What loadPyodide() itself fetches: the "Pyodide itself" that the extra-download figure leaves out.
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
IDLE_LIMIT_S = 180  # no report from the page for this long: it hangs


@dataclass(frozen=True)
class Plan:
    mode: str
    rounds: int
    warmup: int
    sequential: tuple[tuple[str, int, int], ...]  # (op, size, operations per batch)
    throughput: tuple[tuple[str, int, int, int], ...]  # (op, size, in flight, operations per batch)
    topics: dict[str, int] = field(default_factory=dict)
    cold_rounds: int = 1
    profile_gets: int = 20
    time_limit_s: int = 600


def _throughput(shapes: Sequence[tuple[str, int]], n: int) -> tuple[tuple[str, int, int, int], ...]:
    return tuple((op, size, conc, max(n, 2 * conc)) for op, size in shapes for conc in (1, 8, 64))


FULL = Plan(
    mode="full",
    rounds=4,
    warmup=10,
    sequential=tuple((op, size, 10 if size == MIB else 100) for op in ("get", "set") for size in SIZES),
    throughput=_throughput((("get", 100), ("set", 100), ("get", 10 * KIB)), 400),
    topics={"n": 50, "warmup": 5, "burst": 200, "concurrency": 8, "size": 100},
    cold_rounds=5,  # fresh browsers vary by tens of ms: five samples per cold start
    profile_gets=300,
    time_limit_s=1800,
)
SMOKE = Plan(
    mode="smoke",
    rounds=2,
    warmup=3,
    sequential=tuple((op, size, 2 if size == MIB else 15) for op in ("get", "set") for size in SIZES),
    throughput=_throughput((("get", 100),), 64),
    topics={"n": 5, "warmup": 1, "burst": 20, "concurrency": 4, "size": 100},
    cold_rounds=1,
    profile_gets=20,
    time_limit_s=240,
)


def rotated(items: Sequence[T], round_no: int) -> list[T]:
    k = round_no % len(items)
    return [*items[k:], *items[:k]]


def schedule(plan: Plan, parts: Sequence[str] = PARTS) -> list[dict[str, Any]]:
    """Every warm step in the order the page runs them: per workload, ``rounds`` rotations of the clients."""
    steps: list[dict[str, Any]] = []
    plan = replace(
        plan,
        sequential=plan.sequential if "sequential" in parts else (),
        throughput=plan.throughput if "throughput" in parts else (),
    )

    def add(kind: str, client: str, workload: dict[str, Any]) -> None:
        steps.append({"id": len(steps), "kind": kind, "client": client, "workload": workload})

    for op, size, n in plan.sequential:
        w = {"kind": "sequential", "op": op, "size": size, "n": n, "warmup": plan.warmup, "concurrency": 1}
        for r in range(plan.rounds):
            for client in rotated(SEQUENTIAL_CLIENTS, r):
                add("run", client, w)
    for op, size, conc, n in plan.throughput:
        w = {"kind": "throughput", "op": op, "size": size, "n": n, "warmup": conc, "concurrency": conc}
        for r in range(plan.rounds):
            for client in rotated(CLIENTS, r):
                add("run", client, w)
    for r in range(plan.rounds if "topics" in parts else 0):
        for client in rotated(TOPIC_CLIENTS, r):
            add("topics", client, plan.topics)
    for client in ("ours-text", "ours-binary") if "profile" in parts else ():
        add("profile", client, {"size": 100, "n": plan.profile_gets})
    return steps


class Conversation:
    """Reads the page's reports, failing on errors, silence and the overall deadline."""

    def __init__(self, mailbox: Mailbox, browser: Browser, deadline: float, emu: Emulator, what: str) -> None:
        self.mailbox, self.browser, self.deadline, self.emu = mailbox, browser, deadline, emu
        self.what = what  # the page's task, for the error messages
        self.last = "nothing yet"

    def next(self) -> dict[str, Any]:
        idle_until = time.monotonic() + IDLE_LIMIT_S
        while True:
            try:
                report_ = self.mailbox.reports.get(timeout=0.5)
            except queue.Empty:
                now = time.monotonic()
                if self.browser.process.poll() is not None:
                    code = self.browser.process.returncode
                    raise BenchError(f"Chromium exited ({code}) before the page finished{self._logs()}") from None
                if now > self.deadline:
                    raise BenchError(f"time limit reached{self._logs()}") from None
                if now > idle_until:
                    raise BenchError(
                        f"no report from the page for {IDLE_LIMIT_S} s ({self.what}; last report: {self.last})"
                        f"{self._logs()}"
                    ) from None
                continue
            self.last = json.dumps(report_)[:200]
            if report_["type"] == "error":
                raise BenchError(f"the page failed: {report_['error']}{self._logs()}")
            if report_["type"] == "progress":  # the page is alive: it says where it is
                idle_until = time.monotonic() + IDLE_LIMIT_S
                continue
            return report_

    def _logs(self) -> str:
        return f"\n--- Chromium (page console) ---\n{self.browser.output()}\n--- emulator ---\n{self.emu.output()}"


def run_warm(site: str, mailbox: Mailbox, emu: Emulator, plan: Plan, deadline: float) -> dict[str, Any]:
    steps = {s["id"]: s for s in mailbox_plan(mailbox)["steps"]}
    cpu_at_start: dict[int, float] = {}
    cpu_used: dict[int, float] = {}

    def sample_cpu(report_: dict[str, Any]) -> None:  # on the server thread, while the page waits for the answer
        if report_["type"] == "start":
            cpu_at_start[report_["id"]] = emu.cpu_seconds()
        elif report_["type"] == "result" and report_["id"] in cpu_at_start:
            cpu_used[report_["id"]] = emu.cpu_seconds() - cpu_at_start[report_["id"]]

    mailbox.on_report.append(sample_cpu)
    results: dict[int, dict[str, Any]] = {}
    with chromium(f"{site}/bench/index.html?mode=warm") as browser:
        talk = Conversation(mailbox, browser, deadline, emu, "warm steps")
        info = talk.next()
        if info["type"] != "info":
            raise BenchError(f"expected the page's info first, got {info}")
        info = info["info"]
        LOG.info("page ready: Pyodide %s loaded in %.0f ms", info["pyodide_version"], info["pyodide_ready_ms"])
        last_label = ""
        while (message := talk.next())["type"] != "done":
            if message["type"] != "result":
                continue
            step = steps[message["id"]]
            results[step["id"]] = message["result"]
            label = f"{step['kind']} {json.dumps(step['workload'])}"
            if label != last_label:
                LOG.info("%s", label)
                last_label = label
    mailbox.on_report.remove(sample_cpu)
    return aggregate(steps, results, cpu_used) | {"info": info}


def mailbox_plan(mailbox: Mailbox) -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(mailbox.plan)
    return plan


def aggregate(
    steps: dict[int, dict[str, Any]], results: dict[int, dict[str, Any]], cpu_used: dict[int, float]
) -> dict[str, Any]:
    latency: dict[tuple[str, int, str], list[float]] = {}
    unsupported: dict[tuple[str, int, str], str] = {}
    throughput: dict[tuple[str, int, int, str], list[float]] = {}  # ops, elapsed ms, emulator cpu s
    topics: dict[str, list[Any]] = {}
    skipped: str | None = None
    profile: dict[str, Any] = {}
    for step_id, step in steps.items():
        result, w, client = results[step_id], step["workload"], step["client"]
        if step["kind"] == "run" and w["kind"] == "sequential":
            key = (w["op"], w["size"], client)
            if "unsupported" in result:
                unsupported[key] = result["unsupported"]
            latency.setdefault(key, []).extend(result.get("latencies_ms", []))
        elif step["kind"] == "run":
            totals = throughput.setdefault((w["op"], w["size"], w["concurrency"], client), [0.0, 0.0, 0.0])
            totals[0] += result["ops"]
            totals[1] += result["elapsed_ms"]
            totals[2] += cpu_used.get(step_id, math.nan)
        elif step["kind"] == "topics":
            if "skipped" in result:
                skipped = result["skipped"]
                continue
            totals_ = topics.setdefault(client, [[], 0.0, 0.0])
            totals_[0].extend(result["latencies_ms"])
            totals_[1] += result["ops"]
            totals_[2] += result["elapsed_ms"]
        elif step["kind"] == "profile":
            profile[client] = result
    out: dict[str, Any] = {"latency": [], "throughput": [], "profile": profile, "topics": {"rows": []}}
    for (op, size, client), values in latency.items():
        entry: dict[str, Any] = {"op": op, "size": size, "client": client, "n": len(values)}
        entry |= {f"p{q}": percentile(values, q) for q in (50, 90, 99)}
        if (op, size, client) in unsupported:
            entry["unsupported"] = unsupported[(op, size, client)]
        out["latency"].append(entry)
    for (op, size, conc, client), (ops, ms, cpu) in throughput.items():
        out["throughput"].append(
            {
                "op": op,
                "size": size,
                "concurrency": conc,
                "client": client,
                "ops_per_s": ops / ms * 1000,
                # Emulator CPU over the batches (warm-up included, so an upper bound), as a share of one core.
                "emulator_cpu": cpu / (ms / 1000),
            }
        )
    if skipped is not None:
        print(f"bench: topics workload skipped: {skipped}", file=sys.stderr)
        out["topics"] = {"skipped": skipped}
    elif topics:
        rows = []
        for client, (values, ops, ms) in topics.items():
            stats = {f"p{q}": percentile(values, q) for q in (50, 90, 99)}
            rows.append({"client": client, **stats, "msgs_per_s": ops / ms * 1000})
        out["topics"] = {"rows": rows}
    return out


def run_cold(site: str, mailbox: Mailbox, emu: Emulator, plan: Plan, deadline: float) -> list[dict[str, Any]]:
    """Cold starts, each in a fresh Chromium, interleaved: ours once per way of loading it, the others once."""
    samples = [(c, load) for c in COLD_CLIENTS for load in (COLD_LOADS if c.startswith("ours") else ("",))]
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {sample: [] for sample in samples}
    for r in range(plan.cold_rounds):
        for client, load in rotated(samples, r):
            query = f"mode=cold&client={client}" + (f"&load={load}" if load else "")
            with chromium(f"{site}/bench/index.html?{query}") as browser:
                what = f"cold start of {client} {load}, round {r}"
                message = Conversation(mailbox, browser, deadline, emu, what).next()
            if message["type"] != "cold" or message["client"] != client:
                raise BenchError(f"expected a cold start of {client}, got {message}")
            runs[(client, load)].append(message["result"])
    LOG.info("cold start done")
    keys = ("pyodide_ms", "load_ms", "import_ms", "create_ms", "first_call_ms", "total_ms")
    out = []
    for (client, load), rs in runs.items():
        entry = {"client": client, "load": load, **{k: median([run[k] for run in rs]) for k in keys}}
        phases = [run["load_phases"] for run in rs if "load_phases" in run]
        if phases:
            entry["load_phases"] = {k: median([p[k] for p in phases]) for k in phases[0]}
        out.append(entry | {"runs": len(rs), "downloads": rs[-1]["downloads"]})
    return out


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def _stdlib_bytecode_bytes(stdlib: Path) -> int:
    """What scripts/compile_stdlib.py added to Pyodide's standard library zip: its .pyc members as stored, with
    their local and central directory headers (already deflated: gzip gains nothing on them)."""
    with zipfile.ZipFile(stdlib) as archive:
        added = [info for info in archive.infolist() if info.filename.endswith(".pyc")]
    return sum(info.compress_size + 30 + 46 + 2 * len(info.filename.encode()) for info in added)


def downloads(cold: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ours_cold = next(c for c in cold if c["client"] == "ours-text" and c["load"] == COLD_LOADS[0])
    ours: list[dict[str, Any]] = []
    for entry in ours_cold["downloads"]:
        path = PYODIDE_DIR / Path(entry["path"]).name
        if entry["path"].startswith("/pyodide/") and path.is_file():
            size = entry["bytes"] or path.stat().st_size
            ours.append({"path": path.name, "bytes": size, "gzip_bytes": _gzip_size(path)})
    stdlib_bytecode = _stdlib_bytecode_bytes(PYODIDE_DIR / "python_stdlib.zip")
    if stdlib_bytecode:  # ours, though it travels inside Pyodide's own file
        ours.append(
            {"path": "python_stdlib.zip: bytecode added", "bytes": stdlib_bytecode, "gzip_bytes": stdlib_bytecode}
        )
    if not any(f["path"].startswith("momento_web-") for f in ours):
        raise BenchError(f"the cold start did not download the momento-web wheel: {ours_cold['downloads']}")
    return {
        "ours": ours,
        "ours_bytes": sum(f["bytes"] for f in ours),
        "ours_gzip_bytes": sum(f["gzip_bytes"] for f in ours),
        "official": {"path": BUNDLE.name, "bytes": BUNDLE.stat().st_size, "gzip_bytes": _gzip_size(BUNDLE)},
        "pyodide_bytes": sum((PYODIDE_DIR / name).stat().st_size for name in PYODIDE_CORE),
    }


def _pick(rows: Sequence[dict[str, Any]], client: str, metric: str, **match: Any) -> float:
    for row in rows:
        if row["client"] == client and all(row[k] == v for k, v in match.items()):
            return float(row[metric])
    return math.nan


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 16's goals, in both wire formats: every one a ratio within this run but the cold start's own time."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, goal: str, met: bool) -> None:
        out.append({"name": name, "value": value, "goal": goal, "met": met})

    tp, lat = result["throughput"], result["latency"]
    get100 = {"op": "get", "size": 100}
    official_cold = next((c["total_ms"] for c in result["cold_start"] if c["client"] == "official"), math.nan)
    for mode in ("text", "binary"):
        ours = f"ours-{mode}"
        value = ratio(_pick(lat, ours, "p50", **get100), _pick(lat, "official", "p50", **get100))
        add(f"get 100 B p50, {mode} ÷ official", value, "≤ 1.0", value <= 1.0)
        value = ratio(_pick(lat, ours, "p50", **get100), _pick(lat, f"floor-{mode}", "p50", **get100))
        add(f"get 100 B p50, {mode} ÷ floor-{mode}", value, "≤ 1.2", value <= 1.2)
        for conc in (8, 64):
            shape = get100 | {"concurrency": conc}
            value = ratio(_pick(tp, ours, "ops_per_s", **shape), _pick(tp, "official", "ops_per_s", **shape))
            add(f"get 100 B x{conc} in flight, {mode} ÷ official", value, "≥ 1.1", value >= 1.1)
        for entry in (c for c in result["cold_start"] if c["client"] == ours):
            total, load = entry["total_ms"], entry["load"]
            value = ratio(total, official_cold)
            add(f"cold start total ({load}), {mode} ÷ official", value, "≤ 1.0", value <= 1.0)
            add(f"cold start from Pyodide ready ({load}), {mode} (ms)", total, "≤ 150", total <= 150)
    if result.get("downloads"):
        extra = result["downloads"]["ours_bytes"] / 1e6
        add("extra download (MB)", extra, "≤ 1.5", extra <= 1.5)
    return out


def _git(*args: str) -> str:
    # git from PATH, as the developer running the bench would call it.
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout  # noqa: S607


def _git_rev() -> str:
    try:
        rev, dirty = _git("rev-parse", "--short", "HEAD"), _git("status", "--porcelain")
    except OSError:
        return "unknown"
    return rev.strip() + ("+dirty" if dirty.strip() else "")


def _served_wheel() -> str:
    """The URL path of the SDK wheel the assembled site serves (the one its lock names)."""
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    return "/pyodide/" + str(lock["packages"]["momento-web"]["file_name"])


def run(plan: Plan, parts: Sequence[str] = PARTS) -> dict[str, Any]:
    pyodide_ready()
    ensure_bundle()
    started, load_at_start = time.time(), os.getloadavg()
    deadline = time.monotonic() + plan.time_limit_s
    cold: list[dict[str, Any]] = []
    with emulator() as emu:
        cache = f"bench-{uuid.uuid4().hex[:8]}"
        steps = schedule(plan, parts)
        clients = SEQUENTIAL_CLIENTS  # every client the page creates
        plan_json = {"url": emu.url, "cache": cache, "sizes": SIZES, "clients": clients, "steps": steps}
        mailbox = Mailbox(plan_json | {"wheel": _served_wheel()})
        with static_server(mailbox) as site:
            # Always: the warm page also creates the cache and the keys every cold start reads.
            warm = run_warm(site, mailbox, emu, plan, deadline)
            if "cold" in parts:
                cold = run_cold(site, mailbox, emu, plan, deadline)
    result: dict[str, Any] = {
        "meta": {
            "mode": plan.mode,
            "rounds": plan.rounds,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "seconds": round(time.time() - started, 1),
            "git": _git_rev(),
            "chromium": chromium_version(),
            "pyodide": warm["info"]["pyodide_version"],
            "pyodide_ready_ms": warm["info"]["pyodide_ready_ms"],
            "cross_origin_isolated": warm["info"]["crossOriginIsolated"],
            "cpus": os.cpu_count(),
            # Other work on the machine shows here; ratios from interleaved runs are the robust figures.
            "load_average": {"start": load_at_start, "end": os.getloadavg()},
            "emulator": "python -m momento_web_emulator (hypercorn, HTTP/1.1)",
            "plan": asdict(plan),
            "parts": list(parts),
        },
        "latency": warm["latency"],
        "throughput": warm["throughput"],
        "topics": warm["topics"],
        "profile": warm["profile"],
        "cold_start": cold,
    }
    result["downloads"] = downloads(cold) if cold else {}
    result["targets"] = targets(result)
    result["ratios"] = report.ratio_tables(result)
    return result


def write(result: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"{result['meta']['mode']}-{time.strftime('%Y%m%d-%H%M%S')}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(report.markdown(result) + report.profiles(result["profile"]), encoding="utf-8")
    return json_path, md_path


def _parts(text: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        raise argparse.ArgumentTypeError(f"expected some of {', '.join(PARTS)}, got {text!r}")
    return parts


def _sizes(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(size) for size in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes in bytes such as 100,10240, got {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="short run that proves the instrument works (CI)")
    parser.add_argument("--out", type=Path, default=BENCH / "results", help="results directory (default: %(default)s)")
    parser.add_argument(
        "--only", type=_parts, default=PARTS, metavar="PART[,PART]", help=f"run only these parts of {', '.join(PARTS)}"
    )
    parser.add_argument("--rounds", type=int, help="interleaved rounds per warm workload (default: the mode's)")
    parser.add_argument(
        "--sizes", type=_sizes, metavar="BYTES[,BYTES]", help="only the latency and throughput workloads of these sizes"
    )
    parser.add_argument("--cold-rounds", type=int, help="fresh-browser samples per cold start (default: the mode's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="bench %(relativeCreated)6.0f ms: %(message)s")
    plan = SMOKE if args.smoke else FULL
    plan = replace(plan, rounds=args.rounds or plan.rounds, cold_rounds=args.cold_rounds or plan.cold_rounds)
    if args.sizes:
        plan = replace(
            plan,
            sequential=tuple(w for w in plan.sequential if w[1] in args.sizes),
            throughput=tuple(w for w in plan.throughput if w[1] in args.sizes),
        )
    if args.rounds or args.cold_rounds:  # more samples take longer
        plan = replace(plan, time_limit_s=plan.time_limit_s * max(args.rounds or 1, args.cold_rounds or 1))
    try:
        result = run(plan, args.only)
    except (BenchError, subprocess.CalledProcessError) as exc:
        LOG.error("the benchmark itself failed: %s", exc)
        return 1
    json_path, md_path = write(result, args.out)
    sys.stdout.write(report.markdown(result))
    LOG.info("wrote %s and %s (%.0f s)", md_path, json_path, result["meta"]["seconds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

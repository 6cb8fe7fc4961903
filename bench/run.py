"""Run every benchmark and print one table: stage, metric, N, ours, reference, ratio, target, peak.

    python -m bench.run [--smoke] [--stages ingest,build,index,query,pdf,serve,realworld,hostile,site,...]
                        [--sizes 100,1000,10000] [--repeats 3]

Each stage runs at each N in its own process (bench.stages), so a crash stays in its row and
the process's peak memory is the stage's. A full run writes build/bench/results.json, the
plots in bench/results/ and the results section of BENCHMARKS.md; re-running some stages
replaces only their rows. --smoke (small N, one repeat, a 3-second load test) writes to
build/bench/smoke/ only; it checks that the harness runs, not how fast. Exit 1 if a stage
crashed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench import plots, report
from bench.common import BENCH_DIR, REPO, Result, run_measured

STAGES = (
    "ingest", "build", "index", "query", "pdf", "serve", "realworld", "hostile", "recall", "bundle", "site",
)  # fmt: skip
# the adapter (bench.stages.<worker>_stage) that measures each stage; index and query share one
WORKER = {
    "ingest": "ingest",
    "build": "build",
    "index": "search",
    "query": "search",
    "pdf": "pdf",
    "serve": "serve",
    "realworld": "realworld",
    "hostile": "hostile",
    "recall": "recall",
    "bundle": "bundle",
    "site": "site",
}
# N per adapter; 0 is the demo archive (for realworld: the whole real-world corpus of tests/corpus).
# Ingest and PDF are slow per document, so they stop at 200.
# Recall's N is a generated corpus in seven languages (200 queries per language at 1,400).
FULL_SIZES = {
    "ingest": (50, 200),
    "build": (100, 1000),
    "search": (100, 1000, 10000, 100000),
    "pdf": (0, 50, 200),
    "serve": (0,),
    "realworld": (0,),
    "hostile": (0, 10000),
    "recall": (0, 1400),
    "bundle": (0, 1000),
    "site": (0,),
}
SMOKE_SIZES = {
    "ingest": (20,),
    "build": (20,),
    "search": (100,),
    "pdf": (10,),
    "serve": (0,),
    "realworld": (20,),
    "hostile": (0,),
    "recall": (70,),
    "bundle": (0,),
    "site": (0,),
}
# Adapters whose N are fixed archives (the demo, the served 10,000, the corpus): --sizes does not apply.
FIXED_SIZES = {"serve", "hostile", "realworld", "site"}
# one run of the slowest measurements: minutes each, and their own figures are medians or totals
SINGLE_RUN = {"pdf", "serve", "realworld", "hostile", "recall", "bundle", "site"}
SINGLE_RUN_FROM_N = {"search": 100000}  # 10,000 documents: three runs of a few minutes each
TIMEOUT = {"smoke": 900.0, "full": 3600.0}
# 100,000 documents: crossings indexes for tens of minutes, then the two references (see BENCHMARKS.md)
LARGE_TIMEOUT = {100_000: 4 * 3600.0}
RESULTS_DIR = REPO / "bench" / "results"


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="small N, one repeat: does the harness run?")
    parser.add_argument(
        "--stages", default=",".join(STAGES), help="comma-separated, from: " + ", ".join(STAGES)
    )
    parser.add_argument("--sizes", help="comma-separated N for every stage but serve (default: per stage)")
    parser.add_argument("--repeats", type=int, help="runs per figure, median kept (default 3; smoke 1)")
    parser.add_argument(
        "--report-only", action="store_true", help="measure nothing: redo plots and BENCHMARKS.md"
    )
    args = parser.parse_args(argv)
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(args.stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(sorted(unknown))}; choose from {', '.join(STAGES)}")
    args.sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else None
    args.repeats = args.repeats or (1 if args.smoke else 3)
    return args


def plan(args: argparse.Namespace) -> list[tuple[str, int, int]]:
    """(adapter, N, repeats) for every measurement to make, in order."""
    sizes = SMOKE_SIZES if args.smoke else FULL_SIZES
    workers = list(dict.fromkeys(WORKER[s] for s in args.stages))
    out = []
    for worker in workers:
        ns = sizes[worker] if args.sizes is None or worker in FIXED_SIZES else tuple(args.sizes)
        for n in ns:
            single = worker in SINGLE_RUN or n >= SINGLE_RUN_FROM_N.get(worker, sys.maxsize)
            out.append((worker, n, 1 if single else args.repeats))
    return out


def measure(worker: str, n: int, repeats: int, smoke: bool, out: Path) -> tuple[list[Result], bool]:
    """Run one adapter in its own process; its rows (peak memory filled in) and whether it crashed."""
    target = out / f"{worker}-n{n}.json"
    target.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "bench.stages",
        worker,
        "--n",
        str(n),
        "--repeats",
        str(repeats),
        "--out",
        str(target),
    ]
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    try:
        run = run_measured(cmd + (["--smoke"] if smoke else []), cwd=REPO, env=env,
                           timeout=_timeout(n, smoke))  # fmt: skip
    except RuntimeError as exc:
        print(f"[bench] {worker} N={n} CRASHED:\n{exc}", file=sys.stderr)
        last = str(exc).strip().splitlines()[-1][:200]
        return [Result.not_measured(worker, "(every metric)", n, f"the stage crashed: {last}")], True
    rows = report.load_rows(target)
    rows = [r if r.load is not None or r.missing else replace(r, load=run.load) for r in rows]
    return [_with_peak(r, run.peak_mb) if _costs(r) else r for r in rows], False


def _timeout(n: int, smoke: bool) -> float:
    """Seconds one adapter process may take at N documents."""
    if smoke:
        return TIMEOUT["smoke"]
    return max([TIMEOUT["full"]] + [seconds for size, seconds in LARGE_TIMEOUT.items() if n >= size])


def _costs(row: Result) -> bool:
    """Whether *row* measures work whose memory the adapter process's peak stands for."""
    return row.peak_mb is None and not row.missing and row.unit in {"s", "ms", "docs/s", "req/s"}


def _with_peak(row: Result, peak_mb: float) -> Result:
    """*row* with the adapter process's peak memory."""
    return replace(row, peak_mb=peak_mb)


def keep(row: Result, stages: list[str]) -> bool:
    """Whether an adapter's row belongs to the stages asked for (weight rows go with build/serve)."""
    return (
        row.stage in stages
        or row.stage == "weight"
        or row.missing.startswith("not measured: the stage crashed")
    )


def merged(previous: Path, fresh: list[Result], rerun: set[tuple[str, int]]) -> list[Result]:
    """The previous full run's rows of the (stage, N) not re-run, then the fresh rows."""
    if not previous.is_file():
        return fresh
    old = report.load_rows(previous, lambda r: not _rerun(r, rerun))
    return old + fresh


# Stages that ignore --sizes: one run gives every row they have (the real-world corpus's file
# count, the demo and the 10,000-document archive of serve and hostile, the demo site).
WHOLE = {"realworld", "serve", "hostile", "site"}


def _rerun(row: Result, rerun: set[tuple[str, int]]) -> bool:
    """Whether *row* belongs to a (stage, N) measured again in this run."""
    owner = _owner(row)
    if owner in WHOLE:
        return any(worker == owner for worker, _ in rerun)
    return (owner, 0 if "demo" in row.metric else row.n) in rerun


def _owner(row: Result) -> str:
    """The adapter that produced *row*."""
    if row.stage in WORKER:
        return WORKER[row.stage]
    if row.stage == "weight":
        return _weight_owner(row)
    return row.stage  # a crashed adapter's row carries the adapter's name


def _weight_owner(row: Result) -> str:
    """Which adapter produced a weight row (serve: the demo's per-language indexes)."""
    return "serve" if "demo" in row.metric else "build"


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, save the results (and, on a full run, plots and BENCHMARKS.md)."""
    args = parse(argv)
    out = BENCH_DIR / ("smoke" if args.smoke else "")
    out.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        return rerender(out, args.smoke)
    started, when = time.perf_counter(), datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = report.machine()
    rows: list[Result] = []
    crashed = False
    for worker, n, repeats in plan(args):
        label = n or ("corpus" if worker == "realworld" else "demo")
        print(f"[bench] {worker} N={label} repeats={repeats} ...", file=sys.stderr, flush=True)
        begun = time.perf_counter()
        found, failed = measure(worker, n, repeats, args.smoke, out)
        crashed |= failed
        rows += [r for r in found if keep(r, args.stages)]
        print(f"[bench] {worker} N={label} done in {time.perf_counter() - begun:.0f} s", file=sys.stderr)
    rerun = {(worker, n) for worker, n, _ in plan(args)}
    results = out / "results.json"
    # a run of every stage at the default sizes starts the results and their history afresh
    complete = set(args.stages) == set(STAGES) and args.sizes is None
    if not (args.smoke or complete or results.is_file()):
        # a fresh checkout: the other stages' figures are those BENCHMARKS.md holds
        report.seed_from_benchmarks_md(results, out / "runs.json")
    fresh = args.smoke or complete or not results.is_file()
    if not fresh:
        rows = merged(results, rows, rerun)
    report.save_rows(rows, results)
    print(report.table(rows))
    print()
    print(report.targets_table(rows))
    written = plots.plot_all(rows, out / "plots" if args.smoke else RESULTS_DIR)
    print("\nplots: " + ", ".join(str(p.relative_to(REPO)) for p in written), file=sys.stderr)
    if not args.smoke:
        command = "python -m bench.run" + (" " + " ".join(argv or sys.argv[1:])).rstrip()
        minutes = (time.perf_counter() - started) / 60
        runs = report.record_run(out / "runs.json", command, when, minutes, fresh)
        report.rewrite_benchmarks_md(report.section(rows, info, runs))
        print(f"wrote {report.BENCHMARKS_MD.relative_to(REPO)}", file=sys.stderr)
    return 1 if crashed else 0


def rerender(out: Path, smoke: bool) -> int:
    """Print the table and redo the plots (and, for a full run, BENCHMARKS.md) from saved results."""
    rows = report.load_rows(out / "results.json")
    print(report.table(rows) + "\n\n" + report.targets_table(rows))
    plots.plot_all(rows, out / "plots" if smoke else RESULTS_DIR)
    if not smoke:
        runs = json.loads((out / "runs.json").read_text("utf-8"))
        report.rewrite_benchmarks_md(report.section(rows, report.machine(), runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

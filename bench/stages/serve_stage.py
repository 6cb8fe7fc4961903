"""Serve: requests/s and latency of `crossings serve` on the demo archive, via the serve benchmark.

The demo archive is copied under build/bench/run/serve/demo/, built in every language and
indexed. The load itself comes from bench.serve.bench_serve (127.0.0.1 only, bounded in
time). The same build gives the per-language size of Sphinx's static searchindex.js: what a
reader's browser downloads to search without the service.
"""

from __future__ import annotations

import inspect
import statistics
from pathlib import Path
from typing import Any

from bench.common import CROSSINGS, Result, run_measured
from bench.references.static_index import searchindex_bytes
from bench.stages import helper
from bench.stages.paths import demo_copy, demo_documents, stage_dir

KB = 1024


def prepare_demo() -> tuple[Path, float]:
    """A fresh demo copy, its documents ingested if the repository has none yet (they are made by
    `make archive`), built (HTML, every language) and indexed; the peak memory of the build."""
    archive = demo_copy(stage_dir("serve", 0) / "archive")
    if not any((archive / "source" / "documents").glob("*.md")):  # a checkout where `make archive` never ran
        run_measured([*CROSSINGS, "ingest", "--archive", str(archive)])
    build = run_measured([*CROSSINGS, "build", "html", "--lang", "all", "--archive", str(archive)])
    run_measured([*CROSSINGS, "index", "--archive", str(archive)])
    return archive, build.peak_mb


def payload_rows(archive: Path, docs: int) -> list[Result]:
    """Size of the static searchindex.js per language of the demo site."""
    sizes = searchindex_bytes(archive / "build" / "public" / "html")
    return [
        Result("weight", f"static searchindex.js, demo, {lang or 'root'}", docs, size / KB, None, "KB")
        for lang, size in sizes.items()
    ]


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows: static search payload per language, then the load test's figures."""
    archive, _ = prepare_demo()
    docs = demo_documents(archive)
    rows = payload_rows(archive, docs)
    serve, missing = helper("bench.serve.bench_serve", "serve", "search requests/s", docs)
    if serve is None:
        return rows + missing
    return rows + load_rows(serve, archive, docs, smoke)


SERVE_REPEATS = 3  # each load run, median kept (one in a smoke run)
DEMO_DISTINCT = 3000  # distinct requests drawn from the demo's English corpus


def load_rows(serve: Any, archive: Path, docs: int, smoke: bool) -> list[Result]:
    """Requests/s, p95, errors and memory at 32 clients: 1 and 2 workers, then 2 without the
    answer cache; outside a smoke run, also the 10,000-document index at 16 clients. Each run
    walks thousands of distinct requests drawn from the served corpus (bench.serve.queries) and
    is repeated (medians)."""
    from bench.serve.queries import distinct_paths

    seconds = 3.0 if smoke else 30.0
    repeats = 1 if smoke else SERVE_REPEATS
    paths = distinct_paths(archive / "build" / "public" / "corpus" / "en.jsonl", DEMO_DISTINCT)
    run = getattr(serve, "run", None)
    if run is None:
        why = "bench/serve/bench_serve.py has no run(); its functions: " + ", ".join(
            name for name, _ in inspect.getmembers(serve, inspect.isfunction)
        )
        return [Result.not_measured("serve", "search requests/s", docs, why)]
    rows = []
    for workers, cache in ((1, None), (2, None), (2, 0)):
        options = {} if cache is None else {"cache": cache}
        figures = [
            run(archive, workers=workers, clients=32, seconds=seconds, paths=paths, **options)
            for _ in range(repeats)
        ]
        plural = "s" if workers > 1 else ""
        label = f"{workers} worker{plural}, 32 clients, demo" + (", no answer cache" if cache == 0 else "")
        # the targets hold for searches that are all different: the run without the answer cache
        rows += _rows(figures, label, docs, target=100.0 if workers == 2 and cache == 0 else None)
    if not smoke:
        rows += large_rows(seconds, repeats)
    return rows


def large_rows(seconds: float, repeats: int, n: int = 10_000) -> list[Result]:
    """The 10,000-document index served to 16 clients by 2 search processes, answer cache off."""
    from bench.serve.large import run_large

    figures = [run_large(n, clients=16, workers=2, seconds=seconds, cache=0) for _ in range(repeats)]
    return _rows(figures, "2 workers, 16 clients, no answer cache", n, target=100.0, memory=300.0)


def _rows(
    runs: list[dict[str, Any]],
    label: str,
    docs: int,
    target: float | None,
    rate: float | None = 300.0,
    memory: float | None = None,
) -> list[Result]:
    """Requests/s, p95, errors and memory of repeated load runs (medians; errors and statuses
    summed, the highest load); *target*: the p95 to stay under (ms), and then *rate* the
    requests/s to reach and no errors; *memory*: the most the server's processes may take
    together (MB, PSS: the mapped index counted once)."""
    errors = float(sum(f["errors"] for f in runs))
    p95 = statistics.median(float(f["p95_ms"]) for f in runs)
    peak = statistics.median(float(f["peak_mb"]) for f in runs)
    # only answers with status 200 count: an overloaded server that sheds load answers fast, with errors
    per_s = statistics.median((float(f["requests"]) - f["errors"]) / float(f["seconds"]) for f in runs)
    pss = statistics.median(float(f["pss_mb"]) for f in runs)
    rss = statistics.median(float(f["rss_mb"]) for f in runs)
    load = round(max(float(f["load"]) for f in runs), 2)
    totals: dict[str, int] = {}
    for f in runs:
        for code, count in f.get("statuses", {}).items():
            totals[code] = totals.get(code, 0) + count
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(totals.items()))
    wanted_rate = f">= {rate:g} req/s" if target is not None and rate is not None else ""
    label += f", {runs[0]['distinct']:,} distinct requests"
    return [
        Result("serve", f"successful requests/s, {label}", docs, per_s, None, "req/s", wanted_rate, peak,
               met=per_s >= rate if wanted_rate and rate is not None else None, load=load),
        Result("serve", f"p95 latency, {label}", docs, p95, None, "ms",
               f"< {target:g} ms" if target is not None else "", peak,
               met=p95 < target if target is not None else None, load=load),
        Result("serve", f"errors, {label} (statuses {statuses})", docs, errors, None, "count",
               "0" if target is not None else "", met=errors == 0 if target is not None else None, load=load),
        Result("serve", f"server memory, PSS of its processes summed (shared pages once), {label}", docs,
               pss, rss, "MB", f"<= {memory:g} MB" if memory is not None else "", reference_name="RSS summed",
               met=pss <= memory if memory is not None else None, load=load),
    ]  # fmt: skip

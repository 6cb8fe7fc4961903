"""Index and query: crossings (Whoosh) against SQLite FTS5 on the same section records.

Runs bench.search.bench_search.run (full index, one-document update, index size, about 210
mixed queries with facets and snippets through one long-lived searcher; FTS5 in the same
process on the same records and queries) *repeats* times and keeps the median of each figure.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.common import Result
from bench.stages import helper
from bench.stages.paths import stage_dir

# the helper's metric label (its start) -> (stage, our metric, target, how to check the target)
METRICS: dict[str, tuple[str, str, str, Any]] = {
    "full index": (
        "index",
        "full index",
        "<= 60 s at 10,000 docs",
        lambda n, v: v <= 60 if n >= 10000 else None,
    ),
    "one-document update": ("index", "one-document update", "<= 2 s", lambda n, v: v <= 2),
    "index size": ("index", "index size", "", lambda n, v: None),
    "query median": ("query", "query median, facets + snippets", "", lambda n, v: None),
    "query p95": (
        "query",
        "query p95, facets + snippets",
        "<= 50 ms at 10,000 docs",
        lambda n, v: v <= 50 if n >= 10000 else None,
    ),
}


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows for the index and query stages, medians over *repeats* runs."""
    search, missing = helper("bench.search.bench_search", "index", "full index", n)
    if search is None:
        return missing
    runs = [search.run(n, stage_dir("search", n)) for _ in range(repeats)]  # type: ignore[attr-defined]
    rows = []
    for label, (stage, metric, target, check) in METRICS.items():
        found = [[r for r in run if r[0].startswith(label)] for run in runs]
        if not all(found):
            rows.append(Result.not_measured(stage, metric, n, f"bench_search reports no {label!r}"))
            continue
        ours = statistics.median(f[0][1] for f in found)
        refs = [f[0][2] for f in found if f[0][2] is not None]
        reference = statistics.median(refs) if refs else None
        rows.append(Result(stage, metric, n, ours, reference, found[0][0][3], target, met=check(n, ours)))
    return rows

"""Index and query: crossings (Whoosh) against SQLite FTS5 on the same section records.

The records and the ~210 mixed queries (terms in three scripts, phrases, filters, fuzzy,
prefix, boolean) are the search benchmark's (bench.search.bench_search); crossings indexes
them with build_index and answers them through one long-lived searcher, as `crossings serve`
does, each with the first page, snippets and facets. The reference is bench.references.fts5
on the same records and queries, in the same process. Medians over *repeats* runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import Result, percentile
from bench.references import fts5
from bench.stages import helper
from bench.stages.paths import stage_dir

CHANGED = "doc-00007"
Check = Callable[[int, float], bool | None]


def _none(n: int, value: float) -> bool | None:
    """No target on this figure."""
    return None


# figure -> (stage, metric, unit, target, check)
FIGURES: dict[str, tuple[str, str, str, str, Check]] = {
    "full": ("index", "full index", "s", "<= 60 s at 10,000 docs",
             lambda n, v: v <= 60 if n >= 10000 else None),
    "update": ("index", "one-document update", "s", "<= 2 s", lambda n, v: v <= 2),
    "size": ("index", "index size", "MB", "", _none),
    "median": ("query", "query median, facets + snippets", "ms", "", _none),
    "p95": ("query", "query p95, facets + snippets", "ms", "<= 50 ms at 10,000 docs",
            lambda n, v: v <= 50 if n >= 10000 else None),
}  # fmt: skip


def _write(corpus: Path, recs: list[dict[str, Any]]) -> None:
    """The records as the build's corpus file (JSON lines)."""
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")


def once(sb: Any, n: int, out: Path) -> dict[str, tuple[float, float]]:
    """One run: figure -> (ours, FTS5)."""
    from crossings.search.api import search
    from crossings.search.indexing.index import LiveSearcher, build_index

    out.mkdir(parents=True, exist_ok=True)
    recs, corpus, ix, db_path = sb.records(n), out / "corpus.jsonl", out / "index", out / "fts.db"
    _write(corpus, recs)
    shutil.rmtree(ix, ignore_errors=True)
    full = build_index(corpus, ix, incremental=False)
    fts_full = fts5.build(recs, db_path)
    changed = [
        dict(r, text=r["text"] + " updated benchmark sentence") if r["id"] == CHANGED else r for r in recs
    ]
    _write(corpus, changed)
    update = build_index(corpus, ix)
    fts_update = fts5.update(db_path, changed, CHANGED)
    queries = sb.queries(recs)
    live = LiveSearcher(ix)
    searcher = live.get()
    for q in queries[:5]:  # warm caches as a running server has them
        search(ix, q.request, searcher=searcher)
    ours = [sb.timed(lambda q=q: search(ix, q.request, searcher=searcher)) for q in queries]
    live.close()
    db = sqlite3.connect(db_path)
    reference = [sb.timed(lambda q=q: fts5.answer(db, q)) for q in queries]
    db.close()
    return {
        "full": (full.seconds, fts_full),
        "update": (update.seconds, fts_update),
        "size": (sb.size_mb(ix / full.generation), sb.size_mb(db_path)),
        "median": (statistics.median(ours), statistics.median(reference)),
        "p95": (percentile(ours, 95), percentile(reference, 95)),
    }


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows for the index and query stages."""
    sb, missing = helper("bench.search.bench_search", "index", "full index", n)
    if sb is None:
        return missing
    runs = [once(sb, n, stage_dir("search", n)) for _ in range(repeats)]
    rows = []
    for key, (stage, metric, unit, target, check) in FIGURES.items():
        ours = statistics.median(run[key][0] for run in runs)
        reference = statistics.median(run[key][1] for run in runs)
        rows.append(Result(stage, metric, n, ours, reference, unit, target, met=check(n, ours)))
    return rows

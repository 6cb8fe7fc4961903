"""Index and query: crossings (Whoosh) against SQLite FTS5 and tantivy on the same section records.

The records and the ~230 mixed queries (terms in three scripts, phrases, filters, fuzzy,
prefix, boolean) are the search benchmark's (bench.search.bench_search). The corpus is written
once per N as JSON lines, one generated document at a time (100,000 documents never sit in
memory), beside a copy in which one document is changed. Each engine then runs in its own
process (bench.search.engines: full index, one-document update, every query with its first
page, snippets and facets), so that its peak memory (RSS from wait4, PSS sampled each second)
is its own. Medians over *repeats* runs; the load average is recorded with each row.

Agreement: for each kind of query and each reference, how many queries it answers as crossings
does, i.e. with the same number of matching documents; the label adds the share of crossings'
first ten documents the reference also returns in its first ten (the engines rank differently).
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench.common import Result, percentile, run_measured
from bench.search.engines import CHANGED
from bench.stages.paths import stage_dir
from crossings.search.request.limits import TIME_BUDGET

REFERENCES = {"fts5": "SQLite FTS5", "tantivy": "tantivy"}
SMOKE_ENGINES = ("crossings", "fts5", "tantivy")
QUERY_SAMPLE_DOCS = 2000  # queries are drawn from the first documents' records (all of them up to this N)
Check = Callable[[int, float], bool | None]


def _none(n: int, value: float) -> bool | None:
    """No target on this figure."""
    return None


# figure -> (stage, metric, unit, target, check)
FIGURES: dict[str, tuple[str, str, str, str, Check]] = {
    "full": ("index", "full index", "s", "<= 20 s at 10,000 docs",
             lambda n, v: v <= 20 if n == 10000 else None),
    "update": ("index", "one-document update", "s", "<= 0.3 s at 10,000 docs",
               lambda n, v: v <= 0.3 if n == 10000 else None),
    "size": ("index", "index size", "MB", "", _none),
    "median": ("query", "query median, facets + snippets", "ms", "", _none),
    "p95": ("query", "query p95, facets + snippets", "ms", "<= 10 ms at 10,000 docs",
            lambda n, v: v <= 10 if n == 10000 else None),
    "over": ("query", "queries over the service's 2 s budget (a reader gets a timeout)", "queries", "",
             _none),
    "rss": ("index", "peak memory (RSS, largest process), index + update + queries", "MB", "", _none),
    "pss": ("index", "peak memory (PSS, its processes summed), index + update + queries", "MB", "", _none),
}  # fmt: skip


def write_corpus(n: int, out: Path) -> tuple[Path, Path]:
    """The corpus of N documents and its copy with CHANGED edited, written one record at a time."""
    from bench.search.bench_search import iter_records

    out.mkdir(parents=True, exist_ok=True)
    corpus, changed = out / "corpus.jsonl", out / "corpus-changed.jsonl"
    with corpus.open("w", encoding="utf-8") as first, changed.open("w", encoding="utf-8") as second:
        for r in iter_records(n):
            first.write(json.dumps(r, ensure_ascii=False) + "\n")
            if r["id"] == CHANGED:
                r = dict(r, text=r["text"] + " updated benchmark sentence")
            second.write(json.dumps(r, ensure_ascii=False) + "\n")
    return corpus, changed


def write_queries(n: int, out: Path) -> Path:
    """The query set for N documents, as the engine processes read it."""
    from bench.search.bench_search import queries, records

    qs = queries(records(min(n, QUERY_SAMPLE_DOCS)))
    path = out / "queries.json"
    path.write_text(json.dumps([q.to_json() for q in qs], ensure_ascii=False), "utf-8")
    return path


def prepare(n: int, out: Path) -> tuple[Path, Path, Path]:
    """Corpus, changed corpus and queries of N documents, written by another process: a process
    started from this one inherits its resident size as the floor of its peak (Linux keeps the
    high-water mark across exec), so this one stays small."""
    from bench.common import REPO

    out.mkdir(parents=True, exist_ok=True)
    paths = out / "corpus.jsonl", out / "corpus-changed.jsonl", out / "queries.json"
    key, key_file = corpus_key(n), out / "corpus-key.txt"
    if all(p.is_file() for p in paths) and key_file.is_file() and key_file.read_text("utf-8") == key:
        return paths  # written by the same generator: 100,000 documents take minutes to generate
    key_file.unlink(missing_ok=True)
    run_measured([sys.executable, "-m", "bench.stages.search_stage", str(n), str(out)], cwd=REPO)
    key_file.write_text(key, "utf-8")
    return paths


def corpus_key(n: int) -> str:
    """A hash of N and of the code that generates the records and the queries."""
    import hashlib

    from bench.common import REPO

    digest = hashlib.sha256(f"n={n}\n".encode())
    for source in ("bench/corpus.py", "bench/search/bench_search.py"):
        digest.update((REPO / source).read_bytes())
    return digest.hexdigest()


def run_engine(engine: str, out: Path, corpus: Path, changed: Path, queries: Path) -> dict[str, Any]:
    """One engine in its own process: its result file, with its peak memory and the load."""
    from bench.common import REPO

    result = out / f"{engine}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.search.engines", engine, "--work", str(out / f"work-{engine}"),
           "--corpus", str(corpus), "--changed", str(changed), "--queries", str(queries),
           "--out", str(result)]  # fmt: skip
    try:
        run = run_measured(cmd, cwd=REPO, sample_memory=True)
    except RuntimeError as exc:  # the other engines are still measured; its rows say why it is not
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return {"engine": engine, "failed": lines[-1][:300] if lines else "no output"}
    data: dict[str, Any] = json.loads(result.read_text("utf-8"))
    data.update(rss_mb=run.peak_mb, pss_mb=run.peak_pss_mb, load=run.load)
    return data


def run_all(
    n: int, out: Path, repeats: int, engines: tuple[str, ...] = SMOKE_ENGINES
) -> tuple[list[dict[str, dict[str, Any]]], list[Any]]:
    """Every engine *repeats* times on the corpus of N documents: per run, engine -> result."""
    from bench.search.bench_search import Query

    corpus, changed, queries = prepare(n, out)
    qs = [Query.from_json(q) for q in json.loads(queries.read_text("utf-8"))]
    runs = []
    for _ in range(repeats):
        runs.append({engine: run_engine(engine, out, corpus, changed, queries) for engine in engines})
    return runs, qs


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The figures of one engine's run, by FIGURES key (NaN for an engine that failed)."""
    if "failed" in result:
        return dict.fromkeys(FIGURES, math.nan)
    times = result["times_ms"]
    return {
        "full": result["full_s"],
        "update": result["update_s"],
        "size": result["size_mb"],
        "median": statistics.median(times),
        "p95": percentile(times, 95),
        "over": float(sum(1 for t in times if t > TIME_BUDGET * 1000)),
        "rss": result["rss_mb"],
        "pss": result["pss_mb"] if result["pss_mb"] is not None else float("nan"),
    }


def rows(n: int, runs: list[dict[str, dict[str, Any]]], qs: list[Any]) -> list[Result]:
    """Rows of the index and query stages: crossings against each reference, then agreement.
    An engine that failed leaves its figures empty (NaN) and gets a row saying why."""
    out = [
        Result.not_measured("index", f"{engine} (every figure)", n, f"it failed: {run[engine]['failed']}")
        for run in runs
        for engine in run
        if "failed" in run[engine]
    ]
    for key, (stage, metric, unit, target, check) in FIGURES.items():
        ours = _median(figures(run["crossings"])[key] for run in runs)
        peak = _top(run["crossings"].get("rss_mb") for run in runs) if unit != "MB" else None
        for engine in [e for e in REFERENCES if e in runs[0]]:
            reference = _median(figures(run[engine])[key] for run in runs)
            loads = [run[name].get("load") for run in runs for name in ("crossings", engine)]
            top = _top(loads)
            load = round(top, 2) if top is not None else None
            if engine == "fts5":
                met = check(n, ours) if not math.isnan(ours) else None
                out.append(Result(stage, metric, n, ours, reference, unit, target, peak,
                                  met=met, load=load))  # fmt: skip
            else:
                name = REFERENCES[engine]
                out.append(Result(stage, f"{metric} (ref: {name})", n, ours, reference, unit,
                                  peak_mb=peak, reference_name=name, load=load))  # fmt: skip
    return out + agreement_rows(n, runs[0], qs)


def _median(values: Iterable[float]) -> float:
    """The median of the repeats' figures; NaN when an engine failed in one of them."""
    found = list(values)
    return math.nan if any(math.isnan(v) for v in found) else statistics.median(found)


def _top(values: Iterable[float | None]) -> float | None:
    """The largest of the figures given (None when there is none)."""
    found = [v for v in values if v is not None]
    return max(found) if found else None


def agreement(ours: list[Any], theirs: list[Any]) -> tuple[bool, float | None]:
    """Whether two answers match the same number of documents, and the share of our first ten
    documents in theirs (None when we return none)."""
    (total, top), (their_total, their_top) = ours, theirs
    shared = len(set(top) & set(their_top)) / len(top) if top else None
    return total == their_total, shared


def agreement_rows(n: int, run: dict[str, dict[str, Any]], qs: list[Any]) -> list[Result]:
    """Per kind of query and reference: queries answered with the same document count."""
    out = []
    kinds = list(dict.fromkeys(q.kind for q in qs))
    if "failed" in run["crossings"]:
        return []
    for engine in [e for e in REFERENCES if e in run and "failed" not in run[e]]:
        for kind in kinds:
            idx = [i for i, q in enumerate(qs) if q.kind == kind]
            pairs = [agreement(run["crossings"]["answers"][i], run[engine]["answers"][i]) for i in idx]
            same = sum(1 for equal, _ in pairs if equal)
            shares = [share for _, share in pairs if share is not None]
            top = f"{100 * statistics.mean(shares):.0f}%" if shares else "none returned"
            metric = (f"answers agreeing with {REFERENCES[engine]}, {kind}: same document count "
                      f"(first ten shared: {top})")  # fmt: skip
            load = max(run["crossings"]["load"], run[engine]["load"])
            out.append(Result("query", metric, n, float(same), float(len(idx)), "queries",
                              reference_name="queries", load=round(load, 2)))  # fmt: skip
    return out


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Rows for the index and query stages."""
    runs, qs = run_all(n, stage_dir("search", n), repeats)
    return rows(n, runs, qs)


if __name__ == "__main__":  # the corpus and queries of N documents, into a folder (see prepare)
    write_corpus(int(sys.argv[1]), Path(sys.argv[2]))
    write_queries(int(sys.argv[1]), Path(sys.argv[2]))

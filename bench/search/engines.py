"""One search engine measured in its own process: full index, one-document update, the queries.

    python -m bench.search.engines crossings|fts5|tantivy --work DIR --corpus C --changed C2
        --queries Q --out RESULT.json

The same steps for every engine (crossings' Whoosh index, bench.references.fts5,
bench.references.tantivy_ref), so that their figures compare: index *corpus* (JSON lines, the
records read one at a time), time it; replace the sections of CHANGED by those *changed* holds,
time it; answer five queries to warm up, then time every query of *queries* (each with its first
page of ten documents, snippets and facets); the index size. The result file holds the figures
and each query's answer (documents matched, the ids of the first ten) for the agreement counts.
One process per engine, so that its peak memory is its own (bench.stages.search_stage).
"""

from __future__ import annotations

import abc
import argparse
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.references import fts5
from bench.search.bench_search import Query, filters_of, size_mb

CHANGED = "doc-00007"
ENGINES = ("crossings", "fts5", "tantivy")
WARM = 5
MEASURED_BUDGET = 600.0  # seconds a benchmark query may take (the service stops its searches at 2 s)
Answer = tuple[int, list[str]]


def changed_records(corpus: Path, doc_id: str = CHANGED) -> list[dict[str, Any]]:
    """The records of one document in a corpus file."""
    return [r for r in fts5.read_records(corpus) if r["id"] == doc_id]


class Engine(abc.ABC):
    """What every engine does: build, update, answer, report its size (an engine lacking one
    cannot be made, so a benchmark never stops half-way on it)."""

    @abc.abstractmethod
    def build(self, corpus: Path) -> float:
        """Index *corpus* from nothing; the seconds it took."""

    @abc.abstractmethod
    def update(self, changed: Path) -> float:
        """Apply the corpus *changed* (one document edited); the seconds it took."""

    @abc.abstractmethod
    def answer(self, query: Query) -> Answer:
        """One query's answer: matching documents, first page, facets."""

    @abc.abstractmethod
    def size_mb(self) -> float:
        """The index's size on disk."""

    def close(self) -> None:  # noqa: B027 - engines holding nothing open need not override it
        """Release what the engine holds open."""


class Crossings(Engine):
    """crossings: build_index (full, then incremental) and search() through one long-lived searcher."""

    def __init__(self, work: Path) -> None:
        self.index = work / "index"
        self.live: Any = None
        self.searcher: Any = None

    def build(self, corpus: Path) -> float:
        import shutil

        from crossings.search.indexing.index import build_index

        shutil.rmtree(self.index, ignore_errors=True)
        return build_index(corpus, self.index, incremental=False).seconds

    def update(self, changed: Path) -> float:
        from crossings.search.indexing.index import LiveSearcher, build_index

        report = build_index(changed, self.index)
        if report.updated + report.added == 0:
            raise RuntimeError(f"{changed}: the update changed no section of {CHANGED}: {report}")
        self.live = LiveSearcher(self.index)
        self.searcher = self.live.get()
        return report.seconds

    def answer(self, query: Query) -> Answer:
        from crossings.search.api import search
        from crossings.search.request.budget import Budget

        # timed to the end, not stopped at the service's budget: a query past it is counted
        # (bench.stages.search_stage, "over the budget"), a timeout would lose every figure
        budget = Budget.starting_now(MEASURED_BUDGET)
        found = search(self.index, query.request, searcher=self.searcher, budget=budget)
        return int(found["total"]), [hit["id"] for hit in found["hits"]]

    def size_mb(self) -> float:
        from crossings.search.indexing.index import current_generation

        return size_mb(self.index / str(current_generation(self.index)))

    def close(self) -> None:
        if self.live is not None:
            self.live.close()


class Fts5(Engine):
    """bench.references.fts5."""

    def __init__(self, work: Path) -> None:
        self.path = work / "fts.db"
        self.db: sqlite3.Connection | None = None

    def build(self, corpus: Path) -> float:
        return fts5.build(fts5.read_records(corpus), self.path)

    def update(self, changed: Path) -> float:
        seconds = fts5.update(self.path, changed_records(changed), CHANGED)
        self.db = sqlite3.connect(self.path)
        return seconds

    def answer(self, query: Query) -> Answer:
        assert self.db is not None
        return fts5.answer(self.db, query.expr, filters_of(query.request))

    def size_mb(self) -> float:
        return size_mb(self.path)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


class Tantivy(Engine):
    """bench.references.tantivy_ref."""

    def __init__(self, work: Path) -> None:
        from bench.references.tantivy_ref import TantivyReference

        self.ref = TantivyReference(work / "tantivy")

    def build(self, corpus: Path) -> float:
        return self.ref.build(fts5.read_records(corpus))

    def update(self, changed: Path) -> float:
        return self.ref.update(changed_records(changed), CHANGED)

    def answer(self, query: Query) -> Answer:
        return self.ref.answer(query.expr, filters_of(query.request))

    def size_mb(self) -> float:
        return self.ref.size_mb()


MAKERS: dict[str, Callable[[Path], Engine]] = {"crossings": Crossings, "fts5": Fts5, "tantivy": Tantivy}


def run(engine: str, work: Path, corpus: Path, changed: Path, queries: list[Query]) -> dict[str, Any]:
    """Every figure of one engine, and its answers."""
    work.mkdir(parents=True, exist_ok=True)
    made = MAKERS[engine](work)
    try:
        full = made.build(corpus)
        update = made.update(changed)
        for query in queries[:WARM]:  # warm caches as a running server has them
            made.answer(query)
        times, answers = [], []
        for query in queries:
            started = time.perf_counter()
            answers.append(made.answer(query))
            times.append((time.perf_counter() - started) * 1000)
        size = made.size_mb()
    finally:
        made.close()
    return {"engine": engine, "full_s": full, "update_s": update, "size_mb": size, "times_ms": times,
            "answers": answers}  # fmt: skip


def main() -> None:
    """Run one engine and write its result file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("--work", type=Path, required=True, help="folder for the engine's index")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--changed", type=Path, required=True, help="the corpus with CHANGED edited")
    parser.add_argument("--queries", type=Path, required=True, help="JSON list of Query.to_json()")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    queries = [Query.from_json(q) for q in json.loads(args.queries.read_text("utf-8"))]
    result = run(args.engine, args.work, args.corpus, args.changed, queries)
    args.out.write_text(json.dumps(result, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""Recall: the search against a grep baseline (bench.search.recall), per language, on the demo
archive's corpus (N = 0: English, Chinese in both scripts, Thai) and on a generated corpus of N
documents in the seven languages (at least 200 queries per language)."""

from __future__ import annotations

import json
from typing import Any

from bench.common import CROSSINGS, Result, run_measured
from bench.stages import helper
from bench.stages.paths import demo_copy, stage_dir

MIN_RECALL = 98.0  # percent
PER_LANGUAGE = {"smoke": 20, "full": 200}


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Recall and precision@10 per language of one corpus."""
    recall, missing = helper("bench.search.recall", "recall", "recall", n)
    if recall is None:
        return missing
    from crossings.search.indexing.index import LiveSearcher, build_index

    folder = stage_dir("recall", n)
    if n == 0:
        archive = demo_copy(folder / "archive")
        for command in (["ingest"], ["build", "html", "--lang", "en"]):
            run_measured([*CROSSINGS, *command, "--archive", str(archive)])
        corpus = archive / "build" / "public" / "corpus" / "en.jsonl"
        recs = [json.loads(line) for line in corpus.read_text("utf-8").splitlines() if line.strip()]
    else:
        from bench.search.multilingual import records

        recs = records(n)
        corpus = folder / "corpus.jsonl"
        corpus.parent.mkdir(parents=True, exist_ok=True)
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    index = folder / "index"
    build_index(corpus, index, incremental=False)
    live = LiveSearcher(index)
    per_language = PER_LANGUAGE["smoke" if smoke else "full"]
    figures = recall.measure(index, recs, recall.queries(recs, per_language), live.get())
    live.close()
    return rows(figures, n, len({r["id"] for r in recs}))


def rows(figures: dict[str, Any], n: int, docs: int) -> list[Result]:
    """Two rows per language, in percent: recall (target 98) and precision@10."""
    corpus = "demo" if n == 0 else "generated"
    out = []
    for language, numbers in figures.items():
        label = f"{language}, {corpus}, {numbers.queries} queries, {numbers.expected:,} expected documents"
        out += [
            Result("recall", f"recall, {label}", docs, 100 * numbers.recall, None, "%",
                   f">= {MIN_RECALL:g} %", met=100 * numbers.recall >= MIN_RECALL),
            Result("recall", f"precision@10, {language}, {corpus}", docs, 100 * numbers.precision_at_10, None,
                   "%"),
        ]  # fmt: skip
    return out

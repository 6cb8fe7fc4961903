"""The offline bundle: agreement of its search with the service's, per query language, and the
bytes loaded before the first result. N = 0: the demo archive, bundled by `crossings bundle` in
Thai and in Traditional Chinese (100 queries per language); N > 0: a generated corpus of N
documents in seven languages, its offline index made as the bundle makes it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from bench.common import CROSSINGS, Result, run_measured
from bench.stages import helper
from bench.stages.paths import demo_copy, stage_dir

MIN_AGREEMENT = 95.0  # percent of the service's documents
MAX_FIRST_LOAD = 300 * 1024  # bytes before the first result, demo archive
PER_LANGUAGE = {"smoke": 20, "full": 100}
SITE_LANGUAGES = ("th", "zh-hant")


def measure(n: int, repeats: int, smoke: bool) -> list[Result]:
    """Agreement rows per site and query language, and the first-load bytes."""
    agreement, missing = helper("bench.bundle.agreement", "bundle", "agreement", n)
    if missing:
        return missing
    assert agreement is not None
    from crossings.search.text.config import load_settings

    folder = stage_dir("bundle", n)
    per_language = PER_LANGUAGE["smoke" if smoke else "full"]
    if n:
        return _generated(agreement, n, folder, per_language)
    archive = demo_copy(folder / "archive")
    run_measured([*CROSSINGS, "ingest", "--archive", str(archive)])
    for lang in SITE_LANGUAGES:
        run_measured([*CROSSINGS, "build", "html", "--lang", lang, "--archive", str(archive)])
    run_measured([*CROSSINGS, "index", "--lang", "all", "--archive", str(archive)])
    settings = load_settings(archive / "search")
    rows: list[Result] = []
    for lang in SITE_LANGUAGES:
        command = [*CROSSINGS, "bundle", "--lang", lang, "--json", "--archive", str(archive)]
        report = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        first = report["languages"][0]["search_page_bytes"]
        metric = f"bytes before the first result, {lang} bundle, demo"
        budget = f"<= {MAX_FIRST_LOAD // 1024} KB"
        rows.append(
            Result("bundle", metric, 0, first / 1024, None, "KB", budget, met=first <= MAX_FIRST_LOAD)
        )
        rows.append(Result("bundle", f"zip size, {lang} bundle, demo", 0, report["bytes"] / 1024, None, "KB"))
        corpus = archive / "build" / "public" / "corpus" / f"{lang}.jsonl"
        index = archive / "build" / "public" / "search" / lang
        figures = agreement.measure(corpus, index, lang, settings, per_language, folder / "work")
        rows += _rows(figures, f"{lang} bundle, demo", 0)
    return rows


def _generated(agreement: Any, n: int, folder: Path, per_language: int) -> list[Result]:
    """Agreement and index size over a generated corpus of *n* documents."""
    from bench.search.multilingual import records
    from crossings.bundle.index import build_offline_index
    from crossings.search.indexing.index import build_index

    recs = records(n)
    corpus = folder / "corpus.jsonl"
    corpus.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    build_index(corpus, folder / "index", incremental=False)
    size = len(build_offline_index(recs, "en", None).script().encode("utf-8"))
    figures = agreement.measure(corpus, folder / "index", "en", None, per_language, folder / "work")
    return [
        Result("bundle", f"offline search index, generated, {n:,} documents", n, size / 1024, None, "KB"),
        *_rows(figures, "generated", n),
    ]


def _rows(figures: dict[str, Any], where: str, n: int) -> list[Result]:
    """One row per query language: the share of the service's documents found offline."""
    rows = []
    for language, numbers in figures.items():
        metric = f"agreement, {language}, {where}, {numbers.queries} queries, {numbers.service:,} documents"
        share = 100 * numbers.share
        rows.append(
            Result(
                "bundle", metric, n, share, None, "%", f">= {MIN_AGREEMENT:g} %", met=share >= MIN_AGREEMENT
            )
        )
    return rows

"""The search benchmark's references (SQLite FTS5, tantivy) answer the questions crossings answers.

FTS5's trigram tokenizer found nothing for a two-character Chinese or Thai term; both references
now index text cut by the project's own tokenizer (bench.references.segmented). Real engines on
50 generated documents, no mocks.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench import report
from bench.corpus import TH_COMMON, TH_PHRASES, ZH_COMMON, ZH_PHRASES
from bench.references import fts5
from bench.references.segmented import query_parts, segment
from bench.references.tantivy_ref import TantivyReference
from bench.search.bench_search import Query, filters_of, queries, records
from bench.stages import search_stage
from crossings.search.api import search
from crossings.search.indexing.index import build_index
from crossings.search.request.search_request import SearchRequest

N = 50
NO_FILTERS = {"country": (), "theme": (), "type": (), "years": None}


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """crossings, FTS5 and tantivy indexes of the same 50 generated documents."""
    folder = tmp_path_factory.mktemp("refs")
    recs = records(N)
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    build_index(corpus, folder / "index", incremental=False)
    fts5.build(fts5.read_records(corpus), folder / "fts.db")
    tantivy = TantivyReference(folder / "tantivy")
    tantivy.build(fts5.read_records(corpus))
    db = sqlite3.connect(folder / "fts.db")
    yield {"recs": recs, "index": folder / "index", "fts": db, "tantivy": tantivy}
    db.close()


def two_character_words(recs: list[dict[str, Any]]) -> list[str]:
    """Two-character Chinese and Thai vocabulary words that the corpus's text holds."""
    text = "".join(r["text"] for r in recs if r["language"] != "en")
    words = [w for w in [*ZH_PHRASES, *ZH_COMMON, *TH_PHRASES, *TH_COMMON] if len(w) == 2 and w in text]
    return list(dict.fromkeys(words))


def test_the_corpus_has_two_character_chinese_and_thai_words(engines: dict[str, Any]) -> None:
    words = two_character_words(engines["recs"])
    assert sum(1 for w in words if w in " ".join(ZH_PHRASES + ZH_COMMON)) >= 5, words
    assert sum(1 for w in words if w in " ".join(TH_PHRASES + TH_COMMON)) >= 3, words


def test_references_find_the_documents_crossings_finds_for_two_character_terms(
    engines: dict[str, Any],
) -> None:
    checked = 0
    for word in two_character_words(engines["recs"]):
        found = search(engines["index"], SearchRequest(word, limit=50))
        ours = (found["total"], {hit["id"] for hit in found["hits"]})
        expr = ["words", [word]]
        fts_total, fts_top = fts5.answer(engines["fts"], expr, NO_FILTERS)
        tantivy_total, tantivy_top = engines["tantivy"].answer(expr, NO_FILTERS, page=50)
        assert ours[0] > 0, f"crossings finds nothing for {word!r}"
        assert (fts_total, set(fts_top)) == ours, f"FTS5 on {word!r}"
        assert (tantivy_total, set(tantivy_top)) == ours, f"tantivy on {word!r}"
        checked += 1
    assert checked >= 8


def test_a_long_thai_word_is_found_by_tantivy(engines: dict[str, Any]) -> None:
    word = "หนังสือเดินทาง"  # 14 characters, 42 bytes: tantivy's usual 40-byte limit dropped it
    found = search(engines["index"], SearchRequest(word, limit=50))
    answer = engines["tantivy"].answer(["words", [word]], NO_FILTERS, page=50)
    assert found["total"] > 0
    assert (answer[0], set(answer[1])) == (found["total"], {hit["id"] for hit in found["hits"]})


def test_segmented_text_and_query_parts_use_the_project_tokenizer() -> None:
    assert segment("警察掃蕩") == "警察 察掃 掃蕩"
    assert segment("plain English, untouched.") == "plain English, untouched."
    assert query_parts(["性工作者"]) == ["性工", "工作", "作者"]
    assert query_parts(["family", "and"]) == ["family"]  # the project's stop words are dropped


def test_a_filter_narrows_both_references_as_it_narrows_crossings(engines: dict[str, Any]) -> None:
    # "benchmark" is in every title; TH is a country of some documents only
    request = SearchRequest.from_params({"q": "benchmark", "country": "TH"})
    query = Query("filtered", request, ["words", ["benchmark"]])
    found = search(engines["index"], SearchRequest(request.q, request.filters, limit=50))
    ours = (found["total"], {hit["id"] for hit in found["hits"]})
    unfiltered = search(engines["index"], SearchRequest("benchmark", limit=50))["total"]
    assert 0 < ours[0] < unfiltered
    fts_total, fts_top = fts5.answer(engines["fts"], query.expr, filters_of(request))
    tantivy_total, tantivy_top = engines["tantivy"].answer(query.expr, filters_of(request), page=50)
    assert (fts_total, set(fts_top)) == ours
    assert (tantivy_total, set(tantivy_top)) == ours


def test_one_document_update_replaces_its_sections_in_both_references(
    engines: dict[str, Any], tmp_path: Path
) -> None:
    doc = engines["recs"][0]["id"]
    changed = [dict(r, text=r["text"] + " zzquokka") for r in engines["recs"] if r["id"] == doc]
    db_path = tmp_path / "fts.db"
    fts5.build(iter(engines["recs"]), db_path)
    fts5.update(db_path, changed, doc)
    db = sqlite3.connect(db_path)
    try:
        assert fts5.answer(db, ["words", ["zzquokka"]], NO_FILTERS) == (1, [doc])
        sections = db.execute("SELECT count(*) FROM sec JOIN doc USING (doc) WHERE id = ?", [doc]).fetchone()
        assert sections[0] == len(changed)
    finally:
        db.close()
    tantivy = TantivyReference(tmp_path / "tantivy")
    tantivy.build(iter(engines["recs"]))
    before = tantivy.answer(["words", ["benchmark"]], NO_FILTERS)
    tantivy.update(changed, doc)
    assert tantivy.answer(["words", ["zzquokka"]], NO_FILTERS) == (1, [doc])
    assert tantivy.answer(["words", ["benchmark"]], NO_FILTERS)[0] == before[0]  # replaced, not added twice


def test_agreement_counts_equal_document_counts_and_shares_of_the_first_ten() -> None:
    assert search_stage.agreement((3, ["a", "b", "c"]), (3, ["c", "b", "x"])) == (True, 2 / 3)
    assert search_stage.agreement((4, ["a"]), (5, ["a"])) == (False, 1.0)
    assert search_stage.agreement((0, []), (0, [])) == (True, None)
    qs = [Query("term", SearchRequest("a"), ["words", ["a"]]) for _ in range(3)]
    run = {
        "crossings": {"answers": [(2, ["a", "b"]), (1, ["c"]), (0, [])], "load": 1.0},
        "fts5": {"answers": [(2, ["b", "a"]), (2, ["c", "d"]), (0, [])], "load": 2.0},
        "tantivy": {"answers": [(1, ["a"]), (1, ["x"]), (0, [])], "load": 0.5},
    }
    rows = search_stage.agreement_rows(N, run, qs)
    assert [(r.ours, r.reference) for r in rows] == [(2.0, 3.0), (2.0, 3.0)]
    assert "SQLite FTS5, term: same document count (first ten shared: 100%)" in rows[0].metric
    assert "tantivy, term: same document count (first ten shared: 25%)" in rows[1].metric
    assert rows[0].load == 2.0


@pytest.mark.slow
def test_the_search_stage_runs_every_engine_and_they_agree(tmp_path: Path) -> None:
    runs, qs = search_stage.run_all(N, tmp_path, repeats=1)
    assert set(runs[0]) == {"crossings", "fts5", "tantivy"}
    assert len(qs) == len(queries(records(N)))
    rows = search_stage.rows(N, runs, qs)
    agreeing = [r for r in rows if r.metric.startswith("answers agreeing")]
    assert len(agreeing) == 2 * len({q.kind for q in qs})
    for row in agreeing:
        if ", term-zh:" in row.metric or ", term-th:" in row.metric:
            assert row.ours == row.reference, row.metric
    assert sum(r.ours for r in agreeing) >= 0.9 * sum(r.reference or 0 for r in agreeing)
    sizes = {r.metric: r for r in rows if r.metric.startswith("index size")}
    assert all(r.ours > 0 and (r.reference or 0) > 0 for r in sizes.values())
    for engine in ("crossings", "fts5", "tantivy"):
        assert runs[0][engine]["rss_mb"] > 0 and runs[0][engine]["load"] is not None


def test_an_engine_that_failed_leaves_its_figures_empty_and_says_why() -> None:
    qs = [Query("term", SearchRequest("a"), ["words", ["a"]])]
    done = {"full_s": 1.0, "update_s": 0.1, "size_mb": 2.0, "times_ms": [1.0, 2.0], "answers": [(1, ["a"])],
            "rss_mb": 50.0, "pss_mb": 40.0, "load": 1.5}  # fmt: skip
    runs = [{"crossings": {"engine": "crossings", "failed": "an index worker process failed"},
             "fts5": done, "tantivy": done}]  # fmt: skip
    rows = search_stage.rows(100_000, runs, qs)
    failed = [r for r in rows if r.missing]
    assert len(failed) == 1 and "an index worker process failed" in failed[0].missing
    full = next(r for r in rows if r.metric == "full index")
    assert math.isnan(full.ours) and full.reference == 1.0 and full.met is None
    assert not [r for r in rows if r.metric.startswith("answers agreeing")]
    printed = report.table(rows)
    assert "| index | full index | 100,000 |  | 1 |" in printed
    again = [row for line in printed.splitlines() if (row := report.parse_row(line))]
    assert report.table(again) == printed

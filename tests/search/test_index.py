"""Building, updating and swapping index generations; deletion through long-lived searchers."""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from crossings.search.api import search
from crossings.search.indexing.errors import CorpusError, IndexBusy, IndexMissing, IndexOutdated
from crossings.search.indexing.index import LiveSearcher, build_index, current_generation, open_index
from crossings.search.indexing.records import read_corpus
from crossings.search.request.search_request import SearchRequest

from .conftest import CORPUS, record, write_corpus


def total(index_dir: Path, q: str, searcher: object = None) -> int:
    """How many sections match *q*."""
    return int(search(index_dir, SearchRequest(q), searcher=searcher)["total"])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the test corpus."""
    return write_corpus(tmp_path / "corpus" / "en.jsonl", CORPUS)


def test_first_run_is_a_full_build(corpus: Path, tmp_path: Path) -> None:
    report = build_index(corpus, tmp_path / "ix")
    assert report.full and report.documents == len(CORPUS) == report.added
    assert current_generation(tmp_path / "ix") == report.generation == "gen-000001"
    assert (tmp_path / "ix" / "CURRENT").read_text().strip() == "gen-000001"


def test_second_run_without_changes_touches_nothing(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    toc_before = sorted(p.name for p in (tmp_path / "ix" / "gen-000001").iterdir())
    report = build_index(corpus, tmp_path / "ix")
    assert not report.full
    assert (report.added, report.updated, report.deleted, report.unchanged) == (0, 0, 0, len(CORPUS))
    assert sorted(p.name for p in (tmp_path / "ix" / "gen-000001").iterdir()) == toc_before


def test_incremental_run_updates_adds_and_deletes_only_what_changed(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    records = [dict(r) for r in CORPUS if r["id"] != "law-paper"]
    records[0]["text"] = "Rewritten lead about tuberculosis."
    records.append(record("new-doc", "A brand new statement on outreach.", type="statement"))
    write_corpus(corpus, records)
    report = build_index(corpus, tmp_path / "ix")
    assert not report.full and report.generation == "gen-000001"
    assert (report.added, report.updated, report.deleted) == (1, 1, 1)
    assert report.unchanged == len(CORPUS) - 2
    assert report.changed_ids == ["law-paper", "new-doc", "thailand-report"]
    assert report.documents == len(CORPUS)
    assert total(tmp_path / "ix", "tuberculosis") == 1
    assert total(tmp_path / "ix", "trafficking") == 0
    assert total(tmp_path / "ix", "outreach") == 2
    assert total(tmp_path / "ix", "northern") == 0


def test_deleted_document_stops_matching_through_a_long_lived_searcher(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    ix = open_index(tmp_path / "ix")
    searcher = ix.searcher()
    assert total(tmp_path / "ix", "trafficking", searcher) == 1
    # The document becomes restricted: the next public build leaves it out of the corpus.
    write_corpus(corpus, [r for r in CORPUS if r["id"] != "law-paper"])
    build_index(corpus, tmp_path / "ix")
    searcher = searcher.refresh()
    assert total(tmp_path / "ix", "trafficking", searcher) == 0
    assert total(tmp_path / "ix", "theme:labour-rights", searcher) == 0
    answer = search(tmp_path / "ix", SearchRequest(""), searcher=searcher)
    assert "JP" not in answer["facets"]["country"]
    assert searcher.doc_count() == len(CORPUS) - 1
    searcher.close()
    ix.close()


def test_live_searcher_follows_updates_and_generation_swaps(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    live = LiveSearcher(tmp_path / "ix")
    old = live.get()
    assert total(tmp_path / "ix", "trafficking", old) == 1
    write_corpus(corpus, [r for r in CORPUS if r["id"] != "law-paper"])
    build_index(corpus, tmp_path / "ix")
    assert total(tmp_path / "ix", "trafficking", live.get()) == 0
    assert live.generation == "gen-000001"
    # A full rebuild writes a new generation; the live searcher switches to it as a whole.
    write_corpus(corpus, [*CORPUS, record("extra", "Trafficking again.")])
    report = build_index(corpus, tmp_path / "ix", incremental=False)
    assert report.full and report.generation == "gen-000002"
    assert total(tmp_path / "ix", "trafficking", live.get()) == 2
    assert live.generation == "gen-000002"
    live.close()


def test_full_rebuild_keeps_a_running_searcher_on_its_generation(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    searcher = open_index(tmp_path / "ix").searcher()
    for _ in range(3):  # gen-000002..4; older ones are pruned at once, even while a searcher has one open
        build_index(corpus, tmp_path / "ix", incremental=False)
    assert sorted(p.name for p in (tmp_path / "ix").glob("gen-*")) == ["gen-000004"]
    assert total(tmp_path / "ix", "trafficking", searcher) == 1
    searcher.close()


def test_a_bad_record_is_left_out_and_named_the_rest_indexed(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    corpus.write_text(corpus.read_text() + "{not json\n")
    for incremental in (True, False):
        report = build_index(corpus, tmp_path / "ix", incremental=incremental)
        assert len(report.skipped) == 1 and "en.jsonl:8: not a JSON record" in report.skipped[0]
        assert total(tmp_path / "ix", "trafficking") == 1


def test_a_second_writer_is_told_an_index_run_is_in_progress(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    with (tmp_path / "ix" / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(IndexBusy, match="another `crossings index` run"):
            build_index(corpus, tmp_path / "ix")


def test_missing_corpus_and_missing_index_say_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="crossings build html"):
        build_index(tmp_path / "nope.jsonl", tmp_path / "ix")
    with pytest.raises(IndexMissing, match="crossings index"):
        search(tmp_path / "ix", SearchRequest("x"))


def test_schema_change_forces_a_full_rebuild(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    report = build_index(corpus, tmp_path / "ix", settings_key="stopwords changed")
    assert report.full and report.generation == "gen-000002"


def test_an_index_naming_classes_that_moved_must_be_built_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh stores the schema pickled, naming the module of each field and analyzer class: an
    index written before a class moved (as crossings' analyzers did into search/text/) is refused
    with what to run, in a CLI search and in a long-lived searcher alike, and the next index run
    writes it afresh."""
    (tmp_path / "moved_away.py").write_text(
        "from whoosh.analysis import RegexTokenizer\n\nclass OldTokenizer(RegexTokenizer):\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from moved_away import OldTokenizer  # type: ignore[import-not-found]
    from whoosh.analysis import LowercaseFilter

    build_index(corpus, tmp_path / "ix", analyzer=OldTokenizer() | LowercaseFilter())
    monkeypatch.delitem(sys.modules, "moved_away")
    (tmp_path / "moved_away.py").unlink()
    with pytest.raises(
        IndexOutdated, match=r"older crossings .*No module named 'moved_away'.*crossings index --full"
    ):
        search(tmp_path / "ix", SearchRequest("police"))
    live = LiveSearcher(tmp_path / "ix")
    with pytest.raises(IndexMissing, match="crossings index --full"):
        live.get()
    report = build_index(corpus, tmp_path / "ix")
    assert report.full and report.generation == "gen-000002"
    assert total(tmp_path / "ix", "police") > 0
    assert total(tmp_path / "ix", "police", live.get()) > 0
    live.close()


def test_repeated_anchors_keep_both_sections(tmp_path: Path) -> None:
    records = [record("doc", "first part", section="Notes"), record("doc", "second part", section="Notes")]
    report = build_index(write_corpus(tmp_path / "c.jsonl", records), tmp_path / "ix")
    assert report.documents == 2


def test_records_without_required_fields_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = {"id": "ok", "url": "ok.html", "title": "Fine", "text": "kept text"}
    path.write_text(
        json.dumps({"id": "x", "url": "x.html", "title": " ", "text": "t"}) + "\n" + json.dumps(good) + "\n"
    )
    report = build_index(path, tmp_path / "ix")
    assert report.skipped == [
        f"{path}:1: the section of document 'x' has no title (an empty heading?); it was left out of the "
        "index: give the heading its text in source/documents/ and rebuild the site"
    ]
    assert report.documents == 1
    with pytest.raises(CorpusError, match=r"c\.jsonl:1: the section of document 'x' has no title"):
        read_corpus(path)


def test_whoosh_version_is_pinned() -> None:
    import whoosh

    assert whoosh.versionstring() == "2.7.4"
    assert whoosh_index.EmptyIndexError is not None


def test_an_index_emptied_by_updates_finds_what_is_added_later(corpus: Path, tmp_path: Path) -> None:
    build_index(corpus, tmp_path / "ix")
    write_corpus(corpus, [])  # every document withdrawn
    assert build_index(corpus, tmp_path / "ix").documents == 0
    write_corpus(corpus, [record("new-doc", "A statement on the night market.", type="statement")])
    build_index(corpus, tmp_path / "ix")
    assert total(tmp_path / "ix", "market") == 1  # no empty segment left to shadow the new one


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_language_with_no_document_yet_answers_empty(tmp_path: Path, sort: str) -> None:
    # A language whose documents are all restricted or not yet written has an empty index;
    # opening it warms the per-reader caches, which must not need columns an empty index lacks.
    corpus = write_corpus(tmp_path / "corpus" / "en.jsonl", [])
    build_index(corpus, tmp_path / "ix")
    live = LiveSearcher(tmp_path / "ix")
    result = search(tmp_path / "ix", SearchRequest("market", sort=sort), searcher=live.get())
    assert result["total"] == 0
    write_corpus(corpus, [record("new-doc", "A statement on the night market.", type="statement")])
    assert build_index(corpus, tmp_path / "ix").documents == 1
    assert search(tmp_path / "ix", SearchRequest("market", sort=sort), searcher=live.get())["total"] == 1
    live.close()

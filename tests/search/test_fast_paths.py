"""The query and index fast paths answer exactly as the plain Whoosh ways they replace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq

from crossings.search import index as index_module
from crossings.search.api import search
from crossings.search.index import build_index, open_index
from crossings.search.phrases import phrase_docs
from crossings.search.query import FlatPrefix, SearchRequest, expand_fuzzy, make_parser, parse_text
from crossings.search.rank import scored_leaves

from .conftest import CORPUS, write_corpus

WORDS = "migrants OR migrant OR migration OR migrate OR police OR health OR law OR workers"
FILTERS: list[dict[str, Any]] = [
    {"countries": ("TH",)},
    {"countries": ("hk", "JP")},
    {"themes": ("labour-rights",)},
    {"type": "country-report"},
    {"lang": "EN", "countries": ("SG",)},
    {"event": "bangkok-2001"},
    {"event": "other-event"},
    {"year_from": 2001, "year_to": 2002},
    {"year_to": 1999},
    {"year_from": 2002},
]


def answer(index_dir: Path, q: str, **options: Any) -> tuple[int, list[str], dict[str, Any]]:
    """Total, hit keys in order, and facets of one search."""
    found = search(index_dir, SearchRequest(q, limit=100, **options))
    return found["total"], [f"{h['id']}#{h['section']}" for h in found["hits"]], found["facets"]


@pytest.mark.parametrize("filters", FILTERS)
def test_filters_on_words_equal_words_within_the_filtered_set(
    index_dir: Path, filters: dict[str, Any]
) -> None:
    total, hits, _ = answer(index_dir, WORDS, **filters)
    _, everything, _ = answer(index_dir, WORDS)
    _, allowed, _ = answer(index_dir, "", **filters)
    assert hits == [h for h in everything if h in set(allowed)]
    assert total == len(hits)


def test_flat_prefix_matches_the_same_sections_as_whoosh_prefix(index_dir: Path) -> None:
    ix = open_index(index_dir)
    with ix.searcher() as s:
        for text in ("migra", "pol", "h", "zzz"):
            plain = set(s.docs_for_query(wq.Prefix("body", text)))
            assert set(s.docs_for_query(FlatPrefix("body", text))) == plain
    ix.close()


def test_fuzzy_and_suggestion_use_the_unstemmed_words(index_dir: Path) -> None:
    assert answer(index_dir, "deportaton~")[0] == answer(index_dir, "deportation")[0] > 0
    assert search(index_dir, SearchRequest("deportaton"))["suggestion"] == "deportation"
    parser = make_parser(open_index(index_dir).schema)
    assert isinstance(parser.parse("migra*"), wq.Or)  # the parser still gives plain Prefix leaves


@pytest.fixture
def segmented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The test corpus indexed into segments of about two sections each."""
    monkeypatch.setattr(index_module, "SEGMENT_RECORDS", 2)
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 0)
    corpus = write_corpus(tmp_path / "corpus" / "en.jsonl", CORPUS)
    build_index(corpus, tmp_path / "ix", incremental=False)
    return corpus, tmp_path / "ix"


def segment_names(index_dir: Path) -> set[str]:
    """The segments of the live generation."""
    ix = open_index(index_dir)
    names = {segment.segment_id() for segment in ix._segments()}
    ix.close()
    return names


@pytest.mark.parametrize("q", ["", WORDS, "police", '"police raids"', "migra*", "deportaton~", "nothing"])
def test_a_segmented_index_answers_like_one_segment(
    index_dir: Path, segmented: tuple[Path, Path], q: str
) -> None:
    assert len(segment_names(segmented[1])) > 3
    assert answer(segmented[1], q) == answer(index_dir, q)
    assert answer(segmented[1], q, countries=("TH",)) == answer(index_dir, q, countries=("TH",))


def holds_term(index_dir: Path, btext: bytes) -> bool:
    """Whether any segment's body field still lists *btext* (deleted documents included)."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        found = any(("body", btext) in reader for reader, _ in s.reader().leaf_readers())
    ix.close()
    return found


def test_an_update_rewrites_only_the_segments_it_deletes_from(segmented: tuple[Path, Path]) -> None:
    corpus, index_dir = segmented
    before = segment_names(index_dir)
    assert holds_term(index_dir, b"traffick")
    write_corpus(corpus, [r for r in CORPUS if r["id"] != "law-paper"])
    build_index(corpus, index_dir)
    after = segment_names(index_dir)
    assert len(before - after) == 1 and before & after  # one rewritten, the others kept
    ix = open_index(index_dir)
    assert not any(segment.has_deletions() for segment in ix._segments())  # purged, not only hidden
    ix.close()
    assert not holds_term(index_dir, b"traffick")
    assert answer(index_dir, "trafficking")[0] == 0


@pytest.mark.parametrize(
    "q",
    [
        "police",
        "migrants OR health",
        "police AND raids",
        "migrants NOT debt",
        "migra*",
        "deportaton~",
        '"police raids"',
        '"migrant workers" OR health',
        'police NOT "police raids"',
        '"sex workers" AND migra*',
    ],
)
def test_term_at_a_time_ranking_equals_whoosh_ranking(segmented: tuple[Path, Path], q: str) -> None:
    index_dir = segmented[1]
    ix = open_index(index_dir)
    with ix.searcher() as s:
        parsed = expand_fuzzy(parse_text(q, make_parser(s.schema)), s.reader())
        assert scored_leaves(parsed) is not None
        plain = [(round(hit.score, 4), hit["url"]) for hit in s.search(parsed, limit=100)]
    ix.close()
    found = search(index_dir, SearchRequest(q, limit=100))
    assert plain and plain == [(h["score"], h["url"]) for h in found["hits"]]


@pytest.mark.parametrize(
    ("text", "found"),
    [('"police raids"', True), ('"migrant workers"', True), ('"raids police"', False), ('"no such"', False)],
)
def test_phrase_sets_equal_whoosh_phrase_matches(
    segmented: tuple[Path, Path], text: str, found: bool
) -> None:
    ix = open_index(segmented[1])
    with ix.searcher() as s:
        parsed = parse_text(text, make_parser(s.schema))
        phrases = [leaf for leaf in parsed.leaves() if type(leaf) is wq.Phrase]
        assert phrases
        for q in phrases:
            assert phrase_docs(s.reader(), q) == set(s.docs_for_query(q))
        assert any(phrase_docs(s.reader(), q) for q in phrases) is found
    ix.close()


@pytest.mark.parametrize("q", ["police", "migrants OR health", '"migrant workers"', ""])
def test_date_order_equals_whoosh_sorting(segmented: tuple[Path, Path], q: str) -> None:
    index_dir = segmented[1]
    ix = open_index(index_dir)
    with ix.searcher() as s:
        parsed = expand_fuzzy(parse_text(q, make_parser(s.schema)), s.reader())
        plain = [
            (hit["date"], hit["url"]) for hit in s.search(parsed, limit=100, sortedby="date", reverse=True)
        ]
    ix.close()
    found = search(index_dir, SearchRequest(q, sort="date", limit=100))["hits"]
    assert plain and [d for d, _ in plain] == [h["date"] for h in found]
    assert {u for _, u in plain} == {h["url"] for h in found}

"""The query and index fast paths answer exactly as the plain Whoosh ways they replace."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import query as wq

from crossings.search.api import search
from crossings.search.engine.docsets import matching_docs
from crossings.search.engine.filters import allowed_docs, filter_masks
from crossings.search.engine.phrases import phrase_docs
from crossings.search.engine.queries import FlatPattern
from crossings.search.engine.rank import BYTE_LENGTHS, field_lengths, scored_leaves, section_scores
from crossings.search.indexing import index as index_module
from crossings.search.indexing.index import build_index, open_index
from crossings.search.language import patterns
from crossings.search.language.parse import make_parser, parse_text
from crossings.search.language.patterns import expand_pattern
from crossings.search.plan.prepare import prepare
from crossings.search.registry import Kind, facets
from crossings.search.request.budget import Budget
from crossings.search.request.search_request import SearchRequest
from crossings.search.results.documents import first_sorted
from crossings.search.text.analysis import analyze
from crossings.search.text.fold import fold_text

from .conftest import CORPUS, write_corpus

WORDS = "migrants OR migrant OR migration OR migrate OR police OR health OR law OR workers"
FILTERS: list[dict[str, Any]] = [
    {"country": ("TH",)},
    {"country": ("hk", "JP")},
    {"theme": ("labour-rights",)},
    {"type": "country-report"},
    {"lang": "EN", "country": ("SG",)},
    {"event": "bangkok-2001"},
    {"event": "other-event"},
    {"from": "2001", "to": "2002"},
    {"to": "1999"},
    {"from": "2002"},
]


def answer(index_dir: Path, q: str, **options: Any) -> tuple[int, list[str], dict[str, Any]]:
    """Total, hit keys (document and shown sections) in order, and facets of one search."""
    found = search(index_dir, SearchRequest.from_params({"q": q, "limit": "50", **options}))
    keys = [f"{h['id']}#{'|'.join(s['section'] for s in h['sections'])}" for h in found["hits"]]
    return found["total"], keys, found["facets"]


@pytest.mark.parametrize("filters", FILTERS)
def test_filters_on_words_equal_words_within_the_filtered_set(
    index_dir: Path, filters: dict[str, Any]
) -> None:
    total, hits, _ = answer(index_dir, WORDS, **filters)
    _, everything, _ = answer(index_dir, WORDS)
    _, allowed, _ = answer(index_dir, "", **filters)
    allowed_ids = {key.split("#")[0] for key in allowed}
    assert hits == [h for h in everything if h.split("#")[0] in allowed_ids]
    assert total == len(hits)


@pytest.mark.parametrize("pattern", ["migra*", "pol*", "h*", "zzz*", "*tion", "m?gr*", "*ers", "*"])
def test_a_pattern_matches_the_sections_with_a_word_it_globs(index_dir: Path, pattern: str) -> None:
    """Patterns match words as written (``*tion``, not the stem ``migrat``), then stand for those
    words' stems as any word does; the flat query and the set path agree with a regular
    expression over the stored text."""
    regex = re.compile(fnmatch.translate(pattern))
    ix = open_index(index_dir)
    with ix.searcher() as s:
        texts = [fields["body"] for fields in s.all_stored_fields()]
        globbed = {
            word for text in texts for word in re.findall(r"\w+", fold_text(text)) if regex.match(word)
        }
        stems = {stem for word in globbed for stem in analyze(word)}
        expected = {docnum for docnum, text in enumerate(texts) if stems & set(analyze(text, mode="index"))}
        flat = FlatPattern("body", pattern, expand_pattern(s.reader(), "body", pattern))
        assert set(s.docs_for_query(flat)) == expected
        assert set(np.flatnonzero(matching_docs(flat, s.reader())).tolist()) == expected
        if not pattern.startswith(("*", "m?")):  # a literal start: the same as Whoosh's prefix on stems
            assert set(s.docs_for_query(wq.Wildcard("body", pattern).normalize())) == expected
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
    assert answer(segmented[1], q, country=("TH",)) == answer(index_dir, q, country=("TH",))


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
        "police ANDNOT raids",
        "police ANDMAYBE raids",
        "police^3 OR health",
    ],
)
def test_term_at_a_time_scores_equal_whoosh_scores(segmented: tuple[Path, Path], q: str) -> None:
    index_dir = segmented[1]
    ix = open_index(index_dir)
    with ix.searcher() as s:
        parsed = prepare(parse_text(q, make_parser(s.schema)), s.reader())
        leaves = scored_leaves(parsed)
        assert leaves is not None
        plain = {hit.docnum: round(hit.score, 9) for hit in s.search(parsed, limit=None)}
        docs = matching_docs(parsed, s.reader())
        assert docs is not None and set(np.flatnonzero(docs).tolist()) == set(plain)
        scored = section_scores(s, leaves, docs, Budget.starting_now())
        assert scored is not None
        ours = {int(d): round(float(v), 9) for d, v in zip(*scored, strict=True)}
    ix.close()
    assert plain and ours == plain


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
        parsed = prepare(parse_text(q, make_parser(s.schema)), s.reader())
        plain = [
            (hit["date"], hit["id"]) for hit in s.search(parsed, limit=None, sortedby="date", reverse=True)
        ]
    ix.close()
    found = search(index_dir, SearchRequest(q, sort="date", limit=50))["hits"]
    by_id = sorted(set(plain), key=lambda pair: pair[1])  # ties: the document ids in order
    newest_first = sorted(by_id, key=lambda pair: pair[0], reverse=True)
    assert plain and [(h["date"], h["id"]) for h in found] == newest_first


def whoosh_filter(reader: Any, request: SearchRequest) -> Any:
    """*request*'s filters as a Whoosh query: an AND of each filter's values (or years) ORed."""
    parts = []
    for facet in facets():
        if facet.name not in request.filters:
            continue
        if facet.kind is Kind.YEARS:
            low, high = request.years(facet.name)
            years = [btext.decode() for btext in reader.lexicon(facet.field)]
            terms = [y for y in years if (low is None or int(y) >= low) and (high is None or int(y) <= high)]
        else:
            terms = [value.strip().lower() for value in request.values(facet.name)]
        parts.append(wq.Or([wq.Term(facet.field, term) for term in terms]))
    return wq.And(parts)


@pytest.mark.parametrize("filters", FILTERS)
def test_the_allowed_array_equals_whoosh_filter_queries(
    segmented: tuple[Path, Path], filters: dict[str, Any]
) -> None:
    """Filters read from the per-reader bit masks allow exactly what Whoosh's own term queries
    match, across segments; and what a reader keeps is masks (ints), not sets of documents."""
    ix = open_index(segmented[1])
    with ix.searcher() as s:
        request = SearchRequest.from_params({"q": "", **filters})
        allowed = allowed_docs(s.reader(), request)
        assert (
            allowed is not None and allowed.dtype == np.bool_ and len(allowed) == s.reader().doc_count_all()
        )
        assert set(np.flatnonzero(allowed).tolist()) == set(
            s.docs_for_query(whoosh_filter(s.reader(), request))
        )
        kept = filter_masks(s.reader())
        assert {type(bits) for values in kept.values() for bits in values.values()} == {int}
    ix.close()


@pytest.mark.parametrize("wanted", [0, 1, 7, 20, 150, 999, 1000, 1200])
def test_the_first_of_a_ranking_are_those_of_a_sort_of_every_match(wanted: int) -> None:
    """A page is ranked by sorting only the matches that can be on it: the same documents, in
    the same order, as sorting them all, ties on score and on matching sections included."""
    rng = np.random.default_rng(wanted)
    documents = np.arange(1000, dtype=np.int64)
    scores = -rng.integers(0, 30, 1000) / 7.0  # many ties
    matches = -rng.integers(1, 4, 1000)
    for keys in [(documents, matches, scores), (documents, rng.integers(0, 50, 1000))]:
        assert first_sorted(keys, wanted).tolist() == np.lexsort(keys)[:wanted].tolist()
    scores[[3, 500]] = np.nan  # never a BM25 score, but sorted all the same
    keys = (documents, matches, scores)
    assert first_sorted(keys, wanted).tolist() == np.lexsort(keys)[:wanted].tolist()


@pytest.mark.parametrize(
    "words", [[], [""], ["police"], ["a", "", "b", "ab", "ba"], ["migration", "migrant", "ant"]]
)
@pytest.mark.parametrize("pattern", ["*", "?", "a*", "*a", "?a*", "migra*", "*nt", "", "a*\n*b"])
def test_a_pattern_finds_the_words_a_line_by_line_match_finds(words: list[str], pattern: str) -> None:
    """Words are found by a search for the pattern's literal start after a newline: the same
    words, in the same order, as ``^pattern$`` line by line over the words one per line."""
    lines = re.compile("^" + patterns._translate(pattern) + "$", re.MULTILINE)
    expected = [match.group() for match in lines.finditer("\n".join(words))]
    found = patterns._word_regex(pattern).finditer("\n" + "\n".join(words))
    assert [match.group(1) for match in found] == expected


def test_field_lengths_are_kept_as_length_bytes_and_read_back_as_whoosh_s(index_dir: Path) -> None:
    with open_index(index_dir).reader() as reader:
        leaf = reader.leaf_readers()[0][0]
        for fieldname in ("title", "body"):
            kept = field_lengths(leaf, fieldname)
            assert kept.dtype == np.uint8  # a byte a document, not a float's eight
            expected = [leaf.doc_field_length(d, fieldname, 1) for d in range(leaf.doc_count_all())]
            assert BYTE_LENGTHS[kept].tolist() == expected


def test_lengths_that_are_no_length_byte_s_are_kept_as_they_are() -> None:
    class Reader:  # a segment whose lengths Whoosh's columns could not have given
        def doc_count_all(self) -> int:
            return 3

        def doc_field_length(self, docnum: int, fieldname: str, default: int) -> float:
            return [1, 7, 1000.5][docnum]

    kept = field_lengths(Reader(), "body")
    assert kept.dtype == np.float64 and kept.tolist() == [1, 7, 1000.5]

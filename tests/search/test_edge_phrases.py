"""A phrase with several words at a place (``EdgePhrase``) finds what Whoosh's phrases of every
choice of those words find together, reading the positions of only the words that can still
match: most words at the edge of a Thai word's phrase are in none of its candidates, or in
candidates an earlier word has matched already."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq

from crossings.search.engine import whoosh_internals
from crossings.search.engine.phrases import phrase_docs
from crossings.search.engine.postings import segments_holding
from crossings.search.engine.queries import EdgePhrase
from crossings.search.indexing import index as index_module
from crossings.search.indexing.index import build_index, open_index

from .conftest import record, write_corpus

EDGE = [f"zor{letter}" for letter in "abcdefgh"]  # the words one edge may stand for
TEXTS = [
    "zora target and zorb somewhere else, zora quillet",  # zora before target; zorb held, not
    "first zorb target then zora alone",  # zorb before target; zora held, not before it
    "zorc middle target and zord middle tail",  # a three-word phrase through the middle
    "target zora reversed and zore away from it",  # held, never in order
    "zorf zorg zorh target target",  # the last edge word before it; a repeated word
    "nothing of the edge words but the target",
    "zora middle tail and zorb then target",
]
SEGMENTS = 3


@pytest.fixture(scope="module")
def edge_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TEXTS, each as many documents, in SEGMENTS segments."""
    root = tmp_path_factory.mktemp("edge")
    records = [
        record(f"doc-{copy}-{number}", text, section=f"Part {copy}")
        for copy in range(6)
        for number, text in enumerate(TEXTS)
    ]
    corpus = write_corpus(root / "corpus.jsonl", records)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index_module, "SEGMENT_RECORDS", len(records) // SEGMENTS)
        patch.setattr(index_module, "SMALL_SEGMENT", 0)
        build_index(corpus, root / "index", incremental=False)
    return root / "index"


def whoosh_docs(searcher: Any, slots: list[tuple[str, ...]]) -> set[int]:
    """The documents Whoosh's own phrase matcher finds for some choice of one word per place."""
    found: set[int] = set()
    for words in itertools.product(*slots):
        found.update(searcher.docs_for_query(wq.Phrase("body", list(words))))
    return found


@pytest.mark.parametrize(
    "slots",
    [
        [tuple(EDGE), ("target",)],
        [("target",), tuple(EDGE)],
        [tuple(EDGE[:4]), ("middl",), ("target", "tail")],
        [("zora", "zorb"), ("then", "middl"), ("target", "tail")],
        [tuple(EDGE), ("target",), ("target",)],
        [("target",), ("target",)],
        [("noth", "zorz"), ("target",)],
    ],
)
def test_an_edge_phrase_finds_what_whoosh_phrases_find(
    edge_index: Path, slots: list[tuple[str, ...]]
) -> None:
    ix = open_index(edge_index)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) >= SEGMENTS
        words = [slot[0] for slot in slots]
        q = EdgePhrase("body", words, tuple(tuple(w.encode() for w in slot) for slot in slots))
        expected = whoosh_docs(s, slots)
        assert phrase_docs(s.reader(), q) == expected
        with whoosh_internals.fallback_only():  # one document at a time, through Whoosh's matchers
            assert phrase_docs(s.reader(), q) == expected
    ix.close()


def test_the_edge_words_of_matched_documents_are_not_read(edge_index: Path) -> None:
    """The edge's first word matches every candidate the documents of TEXTS[0] make: its other
    words, there too (zorb) or not (zorc...), are not read (a read per word and segment before)."""
    ix = open_index(edge_index)
    with ix.searcher() as s:
        q = EdgePhrase("body", ["zora", "quillet"], (tuple(w.encode() for w in EDGE), (b"quillet",)))
        whoosh_internals.reset_counters()
        found = phrase_docs(s.reader(), q)
        holding = segments_holding(s.reader(), "body", b"quillet")
        assert len(holding) >= SEGMENTS
        assert whoosh_internals.counters().value_reads == 2 * len(holding)  # quillet, then zora
        assert found == whoosh_docs(s, [tuple(EDGE), ("quillet",)]) and len(found) == 6
    ix.close()

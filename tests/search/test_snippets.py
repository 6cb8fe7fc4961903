"""Snippets from stored offsets and, for an index without them, from the text analysed again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Phrase, Term

from crossings.search.engine import whoosh_internals
from crossings.search.engine.postings import DECODED, term_postings
from crossings.search.engine.schema import text_analyzer
from crossings.search.indexing.index import open_index
from crossings.search.language.patterns import expand_pattern
from crossings.search.request.budget import Budget
from crossings.search.results.snippets import _stored, highlight, snippet, snippets

TEXT_BODY = "Outreach <b>workers</b> met the police. " + "Filler words. " * 30 + "Police at the end."
PHRASE_BODY = (
    "Police came at night. "
    + "Filler words. " * 20
    + "Then the police raids began in Bangkok. "
    + "Filler words. " * 20
    + "The raids stopped; police stayed. 移民性工作者的權利, 工作很多。"
)


def marks(html: str) -> list[str]:
    """The texts inside <mark> of a snippet, read with a real HTML parser."""
    return [mark.get_text() for mark in BeautifulSoup(html, "html.parser").find_all("mark")]


def one_document(tmp_path: Path, chars: bool, body: str) -> Any:
    """A one-document index of *body* (character offsets stored or not)."""
    schema = Schema(key=ID(stored=True), body=TEXT(analyzer=text_analyzer(), stored=True, chars=chars))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(key="a", body=body)
    return ix


def marked(
    tmp_path: Path, chars: bool, body: str, query: object, budget: Budget | None = None
) -> tuple[str, bool]:
    """The snippet of *body* for *query*, and whether the budget cut it short."""
    with one_document(tmp_path, chars, body).searcher() as searcher:
        reader = searcher.reader()
        found, cut = snippets(reader, [(0, body)], highlight(query, reader), budget or Budget.starting_now())
    return found[0], cut


@pytest.mark.parametrize("chars", [True, False])
def test_snippets_with_and_without_stored_offsets(tmp_path: Path, chars: bool) -> None:
    html, _ = marked(tmp_path, chars, TEXT_BODY, Term("body", "polic"))
    assert marks(html) == ["police", "Police"] and " … " in html
    assert "&lt;b&gt;workers&lt;/b&gt;" in html and "<b>" not in html


@pytest.mark.parametrize("chars", [True, False])
def test_a_phrase_marks_the_phrase_only(tmp_path: Path, chars: bool) -> None:
    html, _ = marked(tmp_path, chars, PHRASE_BODY, Phrase("body", ["polic", "raid"]))
    assert marks(html) == ["police raids"]  # not the lone "Police", "raids" or "police"


@pytest.mark.parametrize("chars", [True, False])
def test_a_chinese_phrase_is_one_mark_over_its_character_pairs(tmp_path: Path, chars: bool) -> None:
    html, _ = marked(tmp_path, chars, PHRASE_BODY, Phrase("body", ["工作", "作者"]))
    assert marks(html) == ["工作者"]  # the whole word, not 工作 alone, and not the later 工作


def test_a_negated_word_is_not_marked(tmp_path: Path) -> None:
    from whoosh.query import And, Not

    html, _ = marked(tmp_path, True, PHRASE_BODY, And([Term("body", "raid"), Not(Term("body", "polic"))]))
    assert marks(html) == ["raids", "raids"]


def test_no_match_gives_the_escaped_lead() -> None:
    assert snippet("<i>x</i> " * 100, []).startswith("&lt;i&gt;x&lt;/i&gt;")
    assert snippet("short <text>", []) == "short &lt;text&gt;"


def test_a_spent_budget_gives_leads_and_says_so(tmp_path: Path) -> None:
    html, cut = marked(tmp_path, True, TEXT_BODY, Term("body", "polic"), Budget(0.0, 1.0))
    assert cut and marks(html) == [] and html.startswith("Outreach &lt;b&gt;")


def test_the_characters_of_words_no_shown_section_holds_are_not_read(index_dir: Path) -> None:
    """Most words a pattern (or a Thai word) stands for are in none of the sections shown: when
    matching kept their document ids, their characters are not read; the snippets are the same."""
    ix = open_index(index_dir)
    with ix.searcher() as s:
        reader = s.reader()
        terms = [*expand_pattern(reader, "body", "*migra*"), b"polic", b"nosuchword"]
        shown = sorted(s.docs_for_query(Term("body", "polic")))
        DECODED.clear()
        whoosh_internals.reset_counters()
        unkept = _stored(reader, shown, terms)
        reads_unkept = whoosh_internals.counters().value_reads
        for leaf, offset in reader.leaf_readers():  # what matching reads and keeps
            for btext in terms:
                term_postings(leaf, offset, "body", btext)
        whoosh_internals.reset_counters()
        kept = _stored(reader, shown, terms)
        reads_kept = whoosh_internals.counters().value_reads
        holding = sum(
            any(offset <= docnum < offset + leaf.doc_count_all() for docnum in shown if docnum in held)
            for leaf, offset in reader.leaf_readers()
            for held in [set(s.docs_for_query(Term("body", btext.decode()))) for btext in terms]
        )
    ix.close()
    assert kept == unkept and any(kept.values())
    assert len(terms) > 3 and reads_kept == holding < reads_unkept

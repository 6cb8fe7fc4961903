"""Snippets from stored offsets and, for an index without them, from the text analysed again."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import Term

from crossings.search.schema import text_analyzer
from crossings.search.snippets import query_terms, snippet, snippets

TEXT_BODY = "Outreach <b>workers</b> met the police. " + "Filler words. " * 30 + "Police at the end."


@pytest.mark.parametrize("chars", [True, False])
def test_snippets_with_and_without_stored_offsets(tmp_path: Path, chars: bool) -> None:
    schema = Schema(key=ID(stored=True), body=TEXT(analyzer=text_analyzer(), stored=True, chars=chars))
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(key="a", body=TEXT_BODY)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        terms = query_terms(Term("body", "polic"), reader)
        assert terms == [b"polic"]
        (marked,) = snippets(reader, [(0, TEXT_BODY)], terms).values()
    assert marked.count("<mark>") == 2 and " … " in marked
    assert "&lt;b&gt;workers&lt;/b&gt;" in marked and "<b>" not in marked


def test_no_match_gives_the_escaped_lead() -> None:
    assert snippet("<i>x</i> " * 100, []).startswith("&lt;i&gt;x&lt;/i&gt;")
    assert snippet("short <text>", []) == "short &lt;text&gt;"

"""The fields of the search index, and the one place that picks the text analyzer."""

from __future__ import annotations

from typing import Any

from whoosh.analysis import IDAnalyzer, StandardAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

# Fields a request filters on and facets count; KEYWORD/ID values are lowercased at index time
# so that ``country:th`` and ``--country TH`` both match.
FACET_FIELDS = ("countries", "themes", "type", "language", "year_key")
# Text fields a bare query word searches, and the default boosts (search/ settings may override).
TEXT_FIELDS = ("title", "section", "body")
DEFAULT_BOOSTS = {"title": 3.0, "section": 2.0, "body": 1.0}


def text_analyzer() -> Any:
    """The analyzer for every text field, at index and query time (swap here only)."""
    try:
        from crossings.search.analysis import ArchiveAnalyzer
    except ImportError:  # search-analysis not installed yet: the stock analyzer still works for English
        return StandardAnalyzer()
    return ArchiveAnalyzer()


def make_schema(analyzer: Any = None) -> Schema:
    """The Whoosh schema of one index generation (*analyzer*: from the search settings)."""
    text = analyzer if analyzer is not None else text_analyzer()
    lower_id = IDAnalyzer(lowercase=True)
    return Schema(
        # Columns (sortable) let an incremental run read every key and hash without unpickling bodies.
        key=ID(unique=True, stored=True, sortable=True),
        id=ID(stored=True),
        title=TEXT(analyzer=text, stored=True, spelling=True),
        section=TEXT(analyzer=text, stored=True, spelling=True),
        # Character offsets let the highlighter place <mark> without re-analysing each hit.
        body=TEXT(analyzer=text, stored=True, chars=True, spelling=True),
        authors=TEXT(analyzer=text),
        countries=KEYWORD(stored=True, commas=True, lowercase=True),
        themes=KEYWORD(stored=True, commas=True, lowercase=True),
        type=ID(stored=True, analyzer=lower_id),
        event=ID(stored=True, analyzer=lower_id),
        session=ID(stored=True, analyzer=lower_id),
        language=ID(stored=True, analyzer=lower_id),
        year=NUMERIC(int, stored=True),
        year_key=ID(),
        date=ID(stored=True, sortable=True),
        url=STORED(),
        hash=ID(sortable=True),
    )

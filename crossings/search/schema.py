"""The fields of the search index, and the one place that picks the text analyzer."""

from __future__ import annotations

from typing import Any

from whoosh.analysis import IDAnalyzer, StandardAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from crossings.search.registry import Facet, Kind, counted, facets

# Fields facets count (crossings.search.registry); values are lowercased at index time so that
# ``country:th`` and ``--country TH`` both match.
FACET_FIELDS = tuple(facet.field for facet in counted())
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
    fields: dict[str, FieldType] = {
        # Columns (sortable) let an incremental run read every key and hash without unpickling bodies.
        "key": ID(unique=True, stored=True, sortable=True),
        "id": ID(stored=True),
        "title": TEXT(analyzer=text, stored=True, spelling=True),
        "section": TEXT(analyzer=text, stored=True, spelling=True),
        # Character offsets let the highlighter place <mark> without re-analysing each hit.
        "body": TEXT(analyzer=text, stored=True, chars=True, spelling=True),
        "authors": TEXT(analyzer=text),
        "session": ID(stored=True, analyzer=lower_id),
        "year": NUMERIC(int, stored=True),  # year:[1999 TO 2001] in a query
        "date": ID(stored=True, sortable=True),
        "url": STORED(),
        "hash": ID(sortable=True),
    }
    fields.update((facet.field, facet_field(facet)) for facet in facets())
    return Schema(**fields)


def facet_field(facet: Facet) -> FieldType:
    """The index field holding *facet*'s values (lowercased, stored but for a year key)."""
    if facet.kind is Kind.KEYWORDS:
        return KEYWORD(stored=True, commas=True, lowercase=True)
    if facet.kind is Kind.YEARS:
        return ID()
    return ID(stored=True, analyzer=IDAnalyzer(lowercase=True))

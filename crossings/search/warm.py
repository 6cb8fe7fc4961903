"""Build a reader's per-generation caches before the first request needs them."""

from __future__ import annotations

from typing import Any

from crossings.search.bydate import date_ranks
from crossings.search.docsets import live_docs
from crossings.search.documents import groups
from crossings.search.facets import term_masks
from crossings.search.fuzzy import spelling_words
from crossings.search.rank import field_lengths
from crossings.search.schema import TEXT_FIELDS


def warm(reader: Any) -> None:
    """Facet postings, live documents, documents of sections, date order, field lengths and
    spelling words of *reader* (each cached while it lives)."""
    term_masks(reader)
    live_docs(reader)
    groups(reader)
    date_ranks(reader)
    for fieldname in TEXT_FIELDS:
        if fieldname in reader.schema:
            spelling_words(reader, fieldname)
            for segment, _ in reader.leaf_readers():
                field_lengths(segment, fieldname)

"""Build a reader's per-generation caches before the first request needs them."""

from __future__ import annotations

from typing import Any

from crossings.search.docsets import live_docs
from crossings.search.facets import term_masks
from crossings.search.fuzzy import spelling_words
from crossings.search.schema import TEXT_FIELDS


def warm(reader: Any) -> None:
    """Facet postings, live documents and spelling words of *reader* (each cached while it lives)."""
    term_masks(reader)
    live_docs(reader)
    for fieldname in TEXT_FIELDS:
        if fieldname in reader.schema:
            spelling_words(reader, fieldname)

"""Build a reader's per-generation caches before the first request needs them."""

from __future__ import annotations

from typing import Any

from crossings.search.engine.docsets import live_mask
from crossings.search.engine.filters import filter_masks
from crossings.search.engine.rank import field_lengths
from crossings.search.engine.schema import TEXT_FIELDS
from crossings.search.engine.whoosh_internals import release_mapped_pages
from crossings.search.language.fuzzy import spelling_words
from crossings.search.results.bydate import date_ranks
from crossings.search.results.documents import groups


def warm(reader: Any) -> None:
    """Facet and filter masks, live documents, documents of sections, date order, field lengths and
    spelling words of *reader* (each cached while it lives); then the pages of its files this read
    let go of (:func:`release_mapped_pages`): the searches read the caches, not those pages."""
    filter_masks(reader)
    live_mask(reader)
    groups(reader)
    date_ranks(reader)
    for fieldname in TEXT_FIELDS:
        if fieldname in reader.schema:
            spelling_words(reader, fieldname)
            for segment, _ in reader.leaf_readers():
                field_lengths(segment, fieldname)
    release_mapped_pages(reader)

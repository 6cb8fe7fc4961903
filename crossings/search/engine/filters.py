"""A request's filters as the documents they allow, from the facet and filter fields' bit masks.

The masks are the ones facet counting keeps per reader (crossings.search.engine.facets), so a
filter costs an OR and an AND of integers in C, and the answer is a boolean array over the
document numbers: one byte per document for the length of one search, instead of sets of
document numbers kept for every value of every field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from crossings.search.engine.docsets import live_mask
from crossings.search.engine.facets import field_masks, flags
from crossings.search.registry import Facet, Kind, facets
from crossings.search.request.search_request import SearchRequest


def allowed_docs(reader: Any, request: SearchRequest) -> np.ndarray | None:
    """A boolean array over the document numbers of *reader*, True at each live document every
    filter of *request* allows and that no withheld document holds (None when there are no
    filters and nothing is withheld)."""
    combined: int | None = None
    for facet in facets():
        if facet.name in request.filters:
            part = _facet_mask(reader, facet, request)
            combined = part if combined is None else combined & part
    if combined is None and not request.withheld:
        return None
    size = reader.doc_count_all()
    allowed = flags(combined, size) if combined is not None else live_mask(reader)
    withheld = _withheld_sections(reader, request.withheld)
    if withheld.size:
        allowed = allowed.copy()
        allowed[withheld] = False
    return allowed


def _withheld_sections(reader: Any, ids: frozenset[str]) -> np.ndarray:
    """The section numbers of the documents *ids* name (read from the ``id`` field's postings)."""
    found: list[int] = []
    for doc_id in sorted(ids):
        if ("id", doc_id) in reader:
            found.extend(reader.postings("id", doc_id).all_ids())
    return np.array(found, dtype=np.int64)


def filter_masks(reader: Any) -> dict[str, dict[str, int]]:
    """:func:`field_masks` of every filter's field, counted or not, by field name: read ahead
    when a reader is warmed, so no filtered search pays for reading a field's postings."""
    return {facet.field: field_masks(reader, facet.field) for facet in facets()}


def _facet_mask(reader: Any, facet: Facet, request: SearchRequest) -> int:
    """The bit mask of the documents the filter of *facet* in *request* allows (any of its
    values; for years, any year of the range)."""
    values = field_masks(reader, facet.field)
    if facet.kind is Kind.YEARS:
        return _years(values, *request.years(facet.name))
    return _union(values.get(value.strip().lower(), 0) for value in request.values(facet.name))


def _years(years: dict[str, int], low: int | None, high: int | None) -> int:
    """The bit mask of the documents of the years *low* to *high* (either open)."""
    return _union(
        docs
        for year, docs in years.items()
        if year.isdigit() and (low is None or int(year) >= low) and (high is None or int(year) <= high)
    )


def _union(masks: Iterable[int]) -> int:
    """The union of some bit masks (0, no document, when there are none)."""
    out = 0
    for bits in masks:
        out |= bits
    return out

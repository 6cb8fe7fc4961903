"""A request's filters as the set of document numbers they allow, from the cached facet postings."""

from __future__ import annotations

from typing import Any

from crossings.search.facets import term_docs
from crossings.search.query import SearchRequest


def allowed_docs(reader: Any, request: SearchRequest) -> frozenset[int] | None:
    """The live documents every filter of *request* allows (None when there are no filters)."""
    facets = term_docs(reader)
    parts: list[frozenset[int]] = []
    for fieldname, values in (("countries", request.countries), ("themes", request.themes)):
        if values:
            parts.append(_union(facets[fieldname].get(v.strip().lower(), frozenset()) for v in values))
    for fieldname, value in (("type", request.type), ("language", request.lang)):
        if value:
            parts.append(facets[fieldname].get(value.strip().lower(), frozenset()))
    if request.event:
        parts.append(_postings(reader, "event", request.event.strip().lower()))
    if request.year_from is not None or request.year_to is not None:
        low, high = request.year_from, request.year_to
        years = {int(y): docs for y, docs in facets["year_key"].items() if y.isdigit()}
        kept = [y for y in years if (low is None or y >= low) and (high is None or y <= high)]
        parts.append(_union(years[y] for y in kept))
    if not parts:
        return None
    parts.sort(key=len)  # intersect from the smallest set
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def _union(sets: Any) -> frozenset[int]:
    """The union of some sets of document numbers."""
    out: set[int] = set()
    for docs in sets:
        out |= docs
    return frozenset(out)


def _postings(reader: Any, fieldname: str, value: str) -> frozenset[int]:
    """The live documents holding *value* in *fieldname* (a field facets do not cache)."""
    btext = value.encode("utf-8")
    if (fieldname, btext) not in reader:
        return frozenset()
    return frozenset(d for d in reader.postings(fieldname, btext).all_ids() if not reader.is_deleted(d))

"""A request's filters as the set of document numbers they allow, from the facet postings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crossings.search.engine.facets import term_docs
from crossings.search.registry import Facet, Kind, facets
from crossings.search.request.search_request import SearchRequest


def allowed_docs(reader: Any, request: SearchRequest) -> frozenset[int] | None:
    """The live documents every filter of *request* allows (None when there are no filters)."""
    cached = term_docs(reader)
    parts: list[frozenset[int]] = []
    for facet in facets():
        if facet.name not in request.filters:
            continue
        if facet.kind is Kind.YEARS:
            years = cached.get(facet.field) or _field_docs(reader, facet.field)
            parts.append(_years(years, *request.years(facet.name)))
        else:
            parts.append(_union(_docs(reader, cached, facet, v) for v in request.values(facet.name)))
    if not parts:
        return None
    parts.sort(key=len)  # intersect from the smallest set
    result = parts[0]
    for part in parts[1:]:
        result = result & part
    return result


def _years(years: dict[str, frozenset[int]], low: int | None, high: int | None) -> frozenset[int]:
    """The documents of the years *low* to *high* (either open)."""
    return _union(
        docs
        for year, docs in years.items()
        if year.isdigit() and (low is None or int(year) >= low) and (high is None or int(year) <= high)
    )


def _union(sets: Iterable[frozenset[int]]) -> frozenset[int]:
    """The union of some sets of document numbers."""
    out: set[int] = set()
    for docs in sets:
        out |= docs
    return frozenset(out)


def _docs(
    reader: Any, cached: dict[str, dict[str, frozenset[int]]], facet: Facet, value: str
) -> frozenset[int]:
    """The live documents holding *value* of *facet* (from the counts' cache when it is counted)."""
    key = value.strip().lower()
    if facet.field in cached:
        return cached[facet.field].get(key, frozenset())
    btext = key.encode("utf-8")
    if (facet.field, btext) not in reader:
        return frozenset()
    return frozenset(d for d in reader.postings(facet.field, btext).all_ids() if not reader.is_deleted(d))


def _field_docs(reader: Any, fieldname: str) -> dict[str, frozenset[int]]:
    """Each value of *fieldname* (a filter facets do not count) and its live documents."""
    out: dict[str, frozenset[int]] = {}
    for btext in reader.lexicon(fieldname):
        docs = frozenset(d for d in reader.postings(fieldname, btext).all_ids() if not reader.is_deleted(d))
        if docs:
            out[btext.decode("utf-8")] = docs
    return out

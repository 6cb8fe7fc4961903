"""A value of each facet of the registry, read from a corpus, for the tests that walk the registry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crossings.search.registry import Facet, Kind


def held(facet: Facet, records: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """Each document of *records* and the values of *facet* it holds (as a request writes them)."""
    out: dict[str, set[str]] = {}
    for record in records:
        value = record.get(facet.record)
        values = value if isinstance(value, list) else [value]
        out.setdefault(record["id"], set()).update(str(v) for v in values if v not in (None, ""))
    return out


def example(
    facet: Facet, records: Iterable[dict[str, Any]], where: str, *, narrowing: bool = True
) -> tuple[dict[str, str], set[str]]:
    """The request parameters picking one value of *facet*, and the documents they must find:
    the value fewest documents hold. *narrowing*: that value must leave some documents out (a
    filter that lets everything through proves nothing alone). *where*: the corpus, named in
    the message when it holds no such value."""
    documents = held(facet, records)
    values = sorted({v for vs in documents.values() for v in vs})
    found = {v: {doc for doc, vs in documents.items() if v in vs} for v in values}
    candidates = [v for v in values if found[v] and (len(found[v]) < len(documents) or not narrowing)]
    assert candidates, f"{where} gives no value of {facet.record!r} that only some documents hold: add one"
    value = min(candidates, key=lambda v: (len(found[v]), v))
    if facet.kind is Kind.YEARS:
        return dict.fromkeys(facet.params, value), found[value]
    return {facet.params[0]: value}, found[value]


def absent(facet: Facet) -> dict[str, str]:
    """Request parameters picking a value of *facet* no document holds."""
    if facet.kind is Kind.YEARS:
        return dict.fromkeys(facet.params, "1000")
    return {facet.params[0]: "no-such-value"}

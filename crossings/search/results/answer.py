"""The answer to one search, in the JSON shape the README documents.

Results are documents (crossings.search.results.documents): ``total`` and the facet counts count
documents; each hit shows its best section (``section``, ``url``, ``snippet``) and up to three
of its best sections (``sections``). Past the request's time budget the answer stops with
QueryTimeout, unless only snippets or the suggestion remain, which are then left out
(``budget_exhausted``, ``suggestion_skipped``).
"""

from __future__ import annotations

from typing import Any

from whoosh.searching import Searcher

from crossings.search.engine.execute import Matches
from crossings.search.engine.facets import facet_counts
from crossings.search.engine.whoosh_internals import stored_fields
from crossings.search.registry import Kind, canonical_language, facets
from crossings.search.request.budget import Budget
from crossings.search.request.search_request import SearchRequest
from crossings.search.results.documents import DocumentHit, Ranked, groups, rank_documents
from crossings.search.results.snippets import Highlight, highlight, snippets
from crossings.search.results.suggest import suggestion


def answer(
    s: Searcher,
    request: SearchRequest,
    q: Any,
    matches: Matches,
    budget: Budget,
    *,
    facets_only: bool = False,
) -> dict[str, Any]:
    """The answer of *request* whose planned query *q* matched *matches*; *facets_only*: no
    hits, no suggestion."""
    reader = s.reader()
    ranked = rank_documents(
        reader,
        matches.sections,
        matches.scores,
        by_date=request.sort == "date",
        start=0 if facets_only else (request.page - 1) * request.limit,
        count=0 if facets_only else request.limit,
        shown=1 if matches.browsing else 3,
    )
    budget.check()
    found: dict[str, Any] = {
        "query": request.q,
        "total": ranked.total,
        "page": request.page,
        "limit": request.limit,
        "pages": -(-ranked.total // request.limit),
        "hits": [],
        "facets": facet_counts(reader, ranked.documents, groups(reader).first),
        "suggestion": None,
        "suggestion_skipped": False,
        "budget_exhausted": False,
    }
    if facets_only:
        return found
    found["hits"], cut = _hits(s, ranked, request, highlight(q, reader), budget)
    # A withheld document's words are still the index's: a suggestion could name one of them.
    if not ranked.total and request.q.strip() and not request.withheld:
        analyzer = s.schema["body"].analyzer
        found["suggestion"], found["suggestion_skipped"] = suggestion(reader, analyzer, request.q, budget)
    found["budget_exhausted"] = cut or (found["suggestion_skipped"] and budget.spent())
    return found


def _hits(
    s: Searcher, ranked: Ranked, request: SearchRequest, marks: Highlight, budget: Budget
) -> tuple[list[dict[str, Any]], bool]:
    """The page's hits in the JSON shape, and whether the budget cut the snippets short."""
    reader = s.reader()
    fields = {docnum: stored_fields(reader, docnum) for hit in ranked.page for docnum, _ in hit.sections}
    marked, cut = snippets(reader, [(n, f.get("body", "")) for n, f in fields.items()], marks, budget)
    ids = groups(reader).ids
    return [_hit(hit, ids[hit.document], fields, marked, request) for hit in ranked.page], cut


def _hit(
    hit: DocumentHit,
    doc_id: str,
    fields: dict[int, dict[str, Any]],
    marked: dict[int, str],
    request: SearchRequest,
) -> dict[str, Any]:
    """One document in the JSON shape: its best section, and up to three sections, best first
    (past the first, only sections whose text matched: every section of a document carries
    its title, so a title word matches them all)."""
    best = fields[hit.sections[0][0]]
    shown = hit.sections[:1] + [
        (docnum, score) for docnum, score in hit.sections[1:] if "<mark>" in marked[docnum]
    ]
    language = str(best.get("language", ""))
    relevance = request.sort == "relevance"
    return {
        "id": doc_id,
        "title": best.get("title", ""),
        "section": best.get("section", ""),
        "url": best.get("url", ""),
        "score": round(hit.score, 4) if relevance else 0.0,
        **_facet_values(best),
        "language": canonical_language(language) if language else "",
        "date": best.get("date", ""),
        "snippet": marked[hit.sections[0][0]],
        "sections": [
            {
                "section": fields[docnum].get("section", ""),
                "url": fields[docnum].get("url", ""),
                "score": round(score, 4) if relevance else 0.0,
                "snippet": marked[docnum],
            }
            for docnum, score in shown
        ],
    }


def _facet_values(stored: dict[str, Any]) -> dict[str, Any]:
    """A section's value of every facet of the registry, under its record name: a list for a
    facet of several values, a string for one of one (years are given by the date)."""
    values: dict[str, Any] = {}
    for facet in facets():
        if facet.kind is Kind.KEYWORDS:
            values[facet.record] = _split(stored.get(facet.field, ""))
        elif facet.kind is Kind.KEYWORD:
            values[facet.record] = stored.get(facet.field, "")
    return values


def _split(value: str) -> list[str]:
    """A stored comma-separated KEYWORD value as a list."""
    return [part for part in value.split(",") if part]

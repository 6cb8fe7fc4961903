"""``search()``: one request in, the JSON the README documents out (used by the CLI and the web service).

Results are documents (crossings.search.documents): ``total`` and the facet counts count
documents; each hit shows its best section (``section``, ``url``, ``snippet``) and up to three
of its best sections (``sections``). Everything the request does runs within one time budget:
past it the search stops with QueryTimeout, unless only snippets or the suggestion remain,
which are then left out (``budget_exhausted``, ``suggestion_skipped``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from crossings.search.engine.collect import collect_all
from crossings.search.engine.docsets import live_docs, matching_docs
from crossings.search.engine.facets import canonical_language, facet_counts
from crossings.search.engine.filters import allowed_docs
from crossings.search.engine.postings import Memo
from crossings.search.engine.rank import scored_leaves, section_scores
from crossings.search.engine.whoosh_internals import count_fallback_scoring
from crossings.search.indexing.index import open_index
from crossings.search.language.parse import parse_text, parser_for, prepare
from crossings.search.request.budget import Budget
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import TIME_BUDGET
from crossings.search.request.search_request import SearchRequest
from crossings.search.results.documents import DocumentHit, Ranked, groups, rank_documents
from crossings.search.results.snippets import Highlight, highlight, snippets
from crossings.search.results.suggest import suggestion

__all__ = ["QueryError", "SearchRequest", "search"]


def search(
    index_dir: Path,
    request: SearchRequest,
    *,
    searcher: Searcher | None = None,
    settings: Any = None,
    budget: Budget | None = None,
    facets_only: bool = False,
) -> dict[str, Any]:
    """Run *request* against the live index of *index_dir* (or the given long-lived *searcher*)
    within *budget* (default: TIME_BUDGET from now); *facets_only*: no hits, no suggestion."""
    budget = budget or Budget.starting_now(TIME_BUDGET)
    request.check()
    with _searcher(index_dir, searcher) as s:
        reader = s.reader()
        parser = parser_for(s.schema, getattr(settings, "boosts", None))
        user_q = prepare(parse_text(request.q, parser, _alternatives(settings)), reader, budget)
        allowed = allowed_docs(reader, request)
        sections, scores = _matches(s, user_q, request, allowed, budget)
        browse = type(user_q) is wq.Every
        ranked = rank_documents(
            reader,
            sections,
            scores,
            by_date=request.sort == "date",
            start=0 if facets_only else (request.page - 1) * request.limit,
            count=0 if facets_only else request.limit,
            shown=1 if browse else 3,
        )
        budget.check()
        answer: dict[str, Any] = {
            "query": request.q,
            "total": ranked.total,
            "page": request.page,
            "limit": request.limit,
            "pages": -(-ranked.total // request.limit),
            "hits": [],
            "facets": facet_counts(reader, ranked.representatives),
            "suggestion": None,
            "suggestion_skipped": False,
            "budget_exhausted": False,
        }
        if facets_only:
            return answer
        answer["hits"], cut = _hits(s, ranked, request, highlight(user_q, reader), budget)
        if not ranked.total and request.q.strip():
            analyzer = s.schema["body"].analyzer
            answer["suggestion"], answer["suggestion_skipped"] = suggestion(
                reader, analyzer, request.q, budget
            )
        answer["budget_exhausted"] = cut or (answer["suggestion_skipped"] and budget.spent())
        return answer


@contextlib.contextmanager
def _searcher(index_dir: Path, given: Searcher | None) -> Iterator[Searcher]:
    """The caller's searcher, or a fresh one over the live generation closed afterwards."""
    if given is not None:
        yield given
        return
    ix = open_index(index_dir)
    s = ix.searcher()
    try:
        yield s
    finally:
        s.close()
        ix.close()


def _alternatives(settings: Any) -> Callable[[str], Iterable[str]] | None:
    """The synonyms lookup of the search settings: words -> the other words of their group."""
    synonyms = getattr(settings, "synonyms", None)
    if synonyms is None:
        return None

    def lookup(words: str) -> Iterable[str]:
        return [alt for alt in synonyms.alternatives(words) if alt != words]

    return lookup


def _matches(
    s: Searcher, q: Any, request: SearchRequest, allowed: frozenset[int] | None, budget: Budget
) -> tuple[np.ndarray, np.ndarray | None]:
    """The matching sections (sorted docnums) and their scores (None: all equal).

    Filters narrow the matches without adding to their scores: a set of allowed documents,
    intersected with the query's set or checked while Whoosh collects."""
    reader = s.reader()
    docs: set[int] | frozenset[int]
    if type(q) is wq.Every:  # browsing: the filtered set, in document order
        docs = allowed if allowed is not None else live_docs(reader)
        return np.array(sorted(docs), dtype=np.int64), None
    memo: Memo = {}
    known = matching_docs(q, reader, memo, budget)  # None: phrases with slop and the like
    if known is not None:
        docs = known & allowed if allowed is not None else known
        leaves = scored_leaves(q)
        scored = section_scores(s, leaves, docs, budget, memo) if leaves is not None else None
        if scored is not None:
            return scored
        if leaves is not None:  # a fast read declined: Whoosh's collector scores it (counted)
            count_fallback_scoring()
    return collect_all(s, q, allowed, budget)


def _hits(
    s: Searcher, ranked: Ranked, request: SearchRequest, marks: Highlight, budget: Budget
) -> tuple[list[dict[str, Any]], bool]:
    """The page's hits in the JSON shape, and whether the budget cut the snippets short."""
    fields = {docnum: s.stored_fields(docnum) for hit in ranked.page for docnum, _ in hit.sections}
    marked, cut = snippets(s.reader(), [(n, f.get("body", "")) for n, f in fields.items()], marks, budget)
    ids = groups(s.reader()).ids
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
        "countries": _split(best.get("countries", "")),
        "themes": _split(best.get("themes", "")),
        "type": best.get("type", ""),
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


def _split(value: str) -> list[str]:
    """A stored comma-separated KEYWORD value as a list."""
    return [part for part in value.split(",") if part]

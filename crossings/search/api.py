"""``search()``: one request in, the JSON of DESIGN.md out (used by the CLI and the web service)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TopCollector
from whoosh.searching import Results, Searcher

from crossings.search.bydate import newest
from crossings.search.collect import PageCollector
from crossings.search.docsets import matching_docs
from crossings.search.errors import QueryError, QueryTimeout
from crossings.search.facets import canonical_language, facet_counts
from crossings.search.filters import allowed_docs
from crossings.search.fuzzy import FastCorrector
from crossings.search.index import open_index
from crossings.search.postings import Memo
from crossings.search.query import (
    SearchRequest,
    expand_fuzzy,
    filter_query,
    make_parser,
    parse_text,
)
from crossings.search.rank import scored_leaves, top_scores
from crossings.search.snippets import query_terms, snippets

__all__ = ["QueryError", "SearchRequest", "search"]

DEFAULT_TIME_LIMIT = 5.0
SUGGEST_FIELDS = ("body", "title")


def search(
    index_dir: Path,
    request: SearchRequest,
    *,
    searcher: Searcher | None = None,
    settings: Any = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> dict[str, Any]:
    """Run *request* against the live index of *index_dir* (or the given long-lived *searcher*)."""
    request.check()
    with _searcher(index_dir, searcher) as s:
        parser = make_parser(s.schema, getattr(settings, "boosts", None))
        user_q = parse_text(request.q, parser, _alternatives(settings))
        user_q = expand_fuzzy(user_q, s.reader())
        # Filters narrow the hits without adding to their scores: a set of allowed documents,
        # checked while collecting, rather than an And matcher over long posting lists.
        allowed = allowed_docs(s.reader(), request)
        if isinstance(user_q, wq.Every) and allowed is not None:  # browsing: walk the filters' postings
            browse = wq.ConstantScoreQuery(filter_query(request, s.reader()))
            results, docs = _run(s, browse, request, time_limit, None)
        else:
            results, docs = _run(s, user_q, request, time_limit, allowed)
        terms = query_terms(user_q, s.reader())
        return {
            "query": request.q,
            "total": len(docs),
            "page": request.page,
            "limit": request.limit,
            "pages": -(-len(docs) // request.limit),
            "hits": _hits(results, request, terms),
            "facets": facet_counts(s.reader(), docs),
            "suggestion": _suggestion(s, parser, request.q) if not docs and request.q.strip() else None,
        }


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


def _run(
    s: Searcher, q: Any, request: SearchRequest, time_limit: float, allowed: frozenset[int] | None
) -> tuple[Any, set[int] | frozenset[int]]:
    """The results up to the requested page within the time limit, and every allowed match."""
    try:
        return _collect(s, q, request, time.monotonic() + time_limit, allowed)
    except TimeLimit as exc:
        raise QueryTimeout(
            f"the query ran for more than {time_limit:g} s; make it more specific (fewer * and ~)"
        ) from exc


def _collect(
    s: Searcher, q: Any, request: SearchRequest, deadline: float, allowed: frozenset[int] | None
) -> tuple[Any, set[int] | frozenset[int]]:
    """Rank term at a time when *q* is made of terms, else through a Whoosh collector."""
    limit = request.page * request.limit
    memo: Memo = {}
    known = matching_docs(q, s.reader(), memo)  # None: spans and the like, matched while collecting
    docs = None if known is None else known & allowed if allowed is not None else known
    leaves = scored_leaves(q) if docs is not None and request.sort == "relevance" else None
    if docs is not None and leaves is not None:
        top = top_scores(s, leaves, docs, limit, deadline, memo)
        if top is not None:
            return Results(s, q, top, docset=docs), docs
    if docs is not None and request.sort == "date":
        return Results(s, q, newest(s.reader(), docs, limit), docset=docs), docs
    page = PageCollector(_collector(s, request, limit, docs is None), allowed, deadline, record=docs is None)
    s.search_with_collector(q, page)
    return page.results(), set(page.seen) if docs is None else docs


def _collector(s: Searcher, request: SearchRequest, limit: int, every: bool) -> Any:
    """The Whoosh collector of the page; *every*: it must see every match (no block skipping)."""
    if request.sort == "date":
        return s.collector(limit=limit, sortedby="date", reverse=True)
    if every:  # no quality skipping, no matcher replacement
        return TopCollector(limit=limit, usequality=False, replace=0)
    return s.collector(limit=limit)


def _hits(results: Any, request: SearchRequest, terms: list[bytes]) -> list[dict[str, Any]]:
    """The hits of the requested page, in the JSON shape."""
    start = (request.page - 1) * request.limit
    page = [(hit.docnum, hit.score, hit.fields()) for hit in results[start : start + request.limit]]
    marked = snippets(results.searcher.reader(), [(n, f.get("body", "")) for n, _, f in page], terms)
    return [_hit(fields, score, marked[docnum], request) for docnum, score, fields in page]


def _hit(fields: dict[str, Any], score: Any, snippet: str, request: SearchRequest) -> dict[str, Any]:
    """One hit in the JSON shape."""
    language = str(fields.get("language", ""))
    return {
        "id": fields["id"],
        "title": fields.get("title", ""),
        "section": fields.get("section", ""),
        "url": fields.get("url", ""),
        "score": round(float(score or 0.0), 4) if request.sort == "relevance" else 0.0,
        "countries": _split(fields.get("countries", "")),
        "themes": _split(fields.get("themes", "")),
        "type": fields.get("type", ""),
        "language": canonical_language(language) if language else "",
        "date": fields.get("date", ""),
        "snippet": snippet,
    }


def _split(value: str) -> list[str]:
    """A stored comma-separated KEYWORD value as a list."""
    return [part for part in value.split(",") if part]


def _suggestion(s: Searcher, parser: Any, text: str) -> str | None:
    """A corrected query built from the index's words, when one differs from *text*."""
    try:
        q = parser.parse(text)
        correctors: Mapping[str, Any] = {name: FastCorrector(s.reader(), name) for name in SUGGEST_FIELDS}
        correction = s.correct_query(q, text, correctors=correctors)
    except Exception:  # a suggestion is a courtesy; never let it break the answer
        return None
    fixed = str(correction.string or "")
    return fixed if fixed and fixed != text else None

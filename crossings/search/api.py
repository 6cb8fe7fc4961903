"""``search()``: one request in, the JSON the README documents out (used by the CLI and the web service).

The request goes down the layers once, each called here in turn and none calling back up:

1. request: its bounds are checked, its time budget started (crossings.search.request);
2. the live index generation is opened, unless the caller holds a searcher (indexing, which
   closes it again once the answer is made);
3. language: the query text is read into a Whoosh query (crossings.search.language.parse);
4. plan: its pattern, fuzzy and one-character words become the indexed words they stand for
   (crossings.search.plan.prepare);
5. engine: the sections it matches within the filters, scored (crossings.search.engine.execute);
6. results: documents ranked, facets counted, the page's hits with snippets, the suggestion
   (crossings.search.results.answer).

Everything runs within the one budget: past it the search stops with QueryTimeout, unless only
snippets or the suggestion remain, which are then left out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from crossings.search.engine.execute import execute
from crossings.search.indexing.index import searching
from crossings.search.language.parse import parse_query
from crossings.search.plan.prepare import prepare
from crossings.search.request.budget import Budget
from crossings.search.request.limits import TIME_BUDGET
from crossings.search.request.search_request import SearchRequest
from crossings.search.results.answer import answer

__all__ = ["search"]


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
    within *budget* (default: TIME_BUDGET from now), with the field boosts and synonyms of the
    search *settings*; *facets_only*: no hits, no suggestion."""
    budget = budget or Budget.starting_now(TIME_BUDGET)
    request.check()
    with _searcher(index_dir, searcher) as s:
        parsed = parse_query(request.q, s.schema, settings)
        planned = prepare(parsed, s.reader(), budget)
        matches = execute(s, planned, request, budget)
        return answer(s, request, planned, matches, budget, facets_only=facets_only)


@contextlib.contextmanager
def _searcher(index_dir: Path, given: Searcher | None) -> Iterator[Searcher]:
    """The caller's searcher, or a fresh one over the live generation closed afterwards."""
    if given is not None:
        yield given
        return
    with searching(index_dir) as s:
        yield s

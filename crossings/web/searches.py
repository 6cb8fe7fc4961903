"""The searches of one edition: answered JSON bytes from the live index, with the answer cache.

Used in the server process (one worker) or inside each search process (crossings.web.searchprocess).
The search stack (numpy, Whoosh, the engine) is imported by the first search or count, not with
this module: with search processes, the server process never searches and never loads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crossings.search.request.budget import Budget
from crossings.search.request.limits import TIME_BUDGET
from crossings.search.request.search_request import SearchRequest
from crossings.web.busy import MIN_SEARCH, Busy
from crossings.web.cache import Answer, ResultCache
from crossings.web.codings import MIN_SIZE, compress
from crossings.web.indexes import IndexPool

FACETS_ANSWER = ("query", "total", "facets", "ui")
State = tuple[str, int]  # the generation folder and the Whoosh commit an answer was read from
# An answer and the index state it came from (the X-Crossings-Generation and -Commit headers).
Reply = tuple[bytes, str | None, State]


@dataclass
class Searches:
    """The edition's indexes, search settings, time budget per request and answer cache."""

    indexes: IndexPool
    settings: Any = None
    time_limit: float = TIME_BUDGET
    cache: ResultCache = field(default_factory=ResultCache)

    def answer(
        self,
        language: str,
        request: SearchRequest,
        facets_only: bool,
        encoding: str | None = None,
        deadline: float | None = None,
    ) -> Reply:
        """The JSON answer, from the cache or from search(), compressed with *encoding* (``br``,
        ``gzip`` or None) when it is worth it; with the encoding it got (None: plain JSON) and
        the index state it was read from.
        *deadline* (``time.monotonic()``, the same clock in every process) ends the request's
        time budget, which started when the server received it; None: the budget starts now.

        Compressing here, in the search process, spares the server's one event loop the work."""
        from crossings.search.api import search

        budget = (
            Budget.starting_now(self.time_limit) if deadline is None else Budget(deadline, self.time_limit)
        )

        def work(index_dir: Path, searcher: Any, state: State) -> Reply:
            key = (language, state, request, facets_only, encoding)
            cached = self.cache.get(key)
            if cached is not None:
                return (*cached, state)
            if budget.remaining() < MIN_SEARCH:  # the wait for this process used the budget up
                raise Busy
            result = search(
                index_dir,
                request,
                searcher=searcher,
                settings=self.settings,
                budget=budget,
                facets_only=facets_only,
            )
            result["ui"] = language
            if facets_only:
                result = {name: result[name] for name in FACETS_ANSWER}
            body = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            answer: Answer = (body, None)
            if encoding is not None and len(body) >= MIN_SIZE:
                answer = (compress(body, encoding), encoding)
            if not result.get("budget_exhausted"):  # a cut-short answer may be whole next time
                self.cache.put(key, answer)
            return (*answer, state)

        return self.indexes.run(language, work)

    def counts(self, language: str, withheld: frozenset[str] = frozenset()) -> Counts:
        """The generation *language*'s searcher reads, and its live documents and sections but
        those of the documents *withheld* names (ids, crossings.web.withheld)."""
        return self.indexes.run(language, lambda d, s, state: _counts(d, s, state, withheld))


Counts = tuple[str, int, int]


def _counts(index_dir: Path, searcher: Any, state: State, withheld: frozenset[str] = frozenset()) -> Counts:
    """The generation, documents and sections of the searcher's index, less the *withheld*."""
    import numpy as np

    from crossings.search.results.documents import groups

    found = groups(searcher.reader())
    held = [n for n, doc_id in enumerate(found.ids) if doc_id in withheld or doc_id.lower() in withheld]
    sections = int(searcher.doc_count()) - int(np.isin(found.doc_of, held).sum())
    return state[0], len(found.ids) - len(held), sections

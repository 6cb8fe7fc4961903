"""Every match of a query Whoosh must match itself, with its score, within a time budget.

For the parts of the query language the set and ranking fast paths do not answer (phrases with
slop, date ranges, a query made only of NOT), Whoosh's matchers walk the matches. Grouping
sections into documents needs the score of every matching section, so every allowed match is
kept, not a top N. Replaces ``TimeLimitCollector`` (a ``threading.Timer`` thread per query) and
Whoosh's filter queries (an And matcher over large posting lists): the filters arrive as a
boolean array over the document numbers, checked in the loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.collectors import UnlimitedCollector, WrappingCollector

from crossings.search.request.budget import Budget

CHECK_EVERY = 256  # matches between two looks at the clock


class AllCollector(WrappingCollector):  # type: ignore[misc]
    """Collects every match *allow* allows with its score; stops with QueryTimeout at the deadline.

    *allow* is looked up through its memoryview (``.data``): a Python bool per match, as quick
    as a set membership test, where indexing the numpy array makes a numpy scalar each time."""

    def __init__(self, allow: np.ndarray | None, budget: Budget) -> None:
        super().__init__(UnlimitedCollector())
        self.allow = None if allow is None else allow.data
        self.budget = budget
        self.found: list[tuple[int, float]] = []

    def collect_matches(self) -> None:
        """Collect each allowed match (the score from the current matcher)."""
        child, allow, budget = self.child, self.allow, self.budget
        offset = child.offset
        keep = self.found.append
        countdown = CHECK_EVERY
        for sub_docnum in child.matches():
            countdown -= 1
            if not countdown:
                countdown = CHECK_EVERY
                budget.check()
            if allow is None or allow[offset + sub_docnum]:
                keep((offset + sub_docnum, float(child.matcher.score())))
        budget.check()

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The matches' docnums (sorted) and scores."""
        self.found.sort()
        docnums = np.fromiter((d for d, _ in self.found), dtype=np.int64, count=len(self.found))
        scores = np.fromiter((s for _, s in self.found), dtype=np.float64, count=len(self.found))
        return docnums, scores


def collect_all(
    searcher: Any, q: Any, allow: np.ndarray | None, budget: Budget
) -> tuple[np.ndarray, np.ndarray]:
    """The docnums (sorted) and scores of every match of *q* that *allow* (a boolean array over
    the document numbers; None: every document) allows."""
    collector = AllCollector(allow, budget)
    searcher.search_with_collector(q, collector)
    return collector.arrays()

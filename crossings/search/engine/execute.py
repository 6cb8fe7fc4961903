"""Run a planned query on the index: the sections it matches within the request's filters, scored.

The fast paths answer what they can (doc sets by set algebra over posting lists, scores term at
a time); the rest, and whatever a fast read declines (counted), Whoosh's matchers collect.
Filters narrow the matches without adding to their scores: a boolean array of the allowed
documents, looked up for the query's set or checked while Whoosh collects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from crossings.search.engine.collect import collect_all
from crossings.search.engine.docsets import live_mask, matching_docs
from crossings.search.engine.filters import allowed_docs
from crossings.search.engine.postings import Memo
from crossings.search.engine.rank import scored_leaves, section_scores
from crossings.search.engine.whoosh_internals import count_fallback_scoring
from crossings.search.request.budget import Budget
from crossings.search.request.search_request import SearchRequest


@dataclass(frozen=True)
class Matches:
    """The sections a query matched (sorted docnums) and their scores (None: all equal)."""

    sections: np.ndarray
    scores: np.ndarray | None
    browsing: bool  # the query was everything (*:* or no words): the filtered set in document order


def execute(s: Searcher, q: Any, request: SearchRequest, budget: Budget) -> Matches:
    """The matches of planned query *q* among the documents *request*'s filters allow."""
    reader = s.reader()
    allowed = allowed_docs(reader, request)
    if type(q) is wq.Every:
        return Matches(_browsed(reader, allowed), None, browsing=True)
    sections, scores = _scored(s, q, allowed, budget)
    return Matches(sections, scores, browsing=False)


def _browsed(reader: Any, allowed: np.ndarray | None) -> np.ndarray:
    """Every section the filters allow (every live one without filters), in document order."""
    if allowed is not None:
        return np.flatnonzero(allowed).astype(np.int64, copy=False)
    return np.flatnonzero(live_mask(reader)).astype(np.int64, copy=False)


def _scored(s: Searcher, q: Any, allowed: np.ndarray | None, budget: Budget) -> tuple[np.ndarray, np.ndarray]:
    """The matching sections and their scores, by the fast paths when they answer."""
    reader = s.reader()
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

"""The documents a boolean query of terms matches, by set algebra over the terms' posting lists.

Counting and faceting need every match, ranking only the first page: with the set computed
here the ranking pass may skip blocks of low-scoring documents (Whoosh's block-max quality),
instead of scoring every match in Python just to count it.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from whoosh import query as wq

from crossings.search.engine.phrases import is_exact_phrase, phrase_docs
from crossings.search.engine.postings import Memo, segments_holding, term_ids
from crossings.search.request.budget import Budget

CHECK_EVERY = 32  # words of a pattern between two looks at the clock
_live: weakref.WeakKeyDictionary[Any, frozenset[int]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def matching_docs(
    q: Any, reader: Any, memo: Memo | None = None, budget: Budget | None = None
) -> set[int] | None:
    """The live documents *q* matches, or None when *q* has parts sets cannot answer (phrases
    with slop, spans). *memo* keeps the phrases' sets for the ranking pass of the same search;
    *budget* is checked at each part."""
    if budget is not None:
        budget.check()
    kind = type(q)
    if kind is wq.Term:
        return _term(reader, q.fieldname, q.text, memo)
    if is_exact_phrase(q):
        return set(phrase_docs(reader, q, memo))
    if q is wq.NullQuery:
        return set()
    if kind is wq.Every and not q.fieldname:
        return set(live_docs(reader))
    if kind is wq.ConstantScoreQuery:
        return matching_docs(q.child, reader, memo, budget)
    if getattr(q, "flat", False):  # a pattern: the union of its expanded words
        found: set[int] = set()
        for number, btext in enumerate(q.words):
            found |= _term(reader, q.fieldname, btext, memo)
            if budget is not None and not number % CHECK_EVERY:
                budget.check()
        return found
    if kind is wq.Not:
        inner = matching_docs(q.query, reader, memo, budget)
        return None if inner is None else set(live_docs(reader)) - inner
    if kind in (wq.Or, wq.DisjunctionMax) and not getattr(q, "minmatch", 0):
        return _union([matching_docs(sub, reader, memo, budget) for sub in q.subqueries])
    if kind is wq.And:
        return _intersection(q.subqueries, reader, memo, budget)
    if kind in (wq.AndNot, wq.AndMaybe, wq.Require):
        a, b = matching_docs(q.a, reader, memo, budget), matching_docs(q.b, reader, memo, budget)
        return _binary(kind, a, b)
    return None


def _binary(kind: Any, a: set[int] | None, b: set[int] | None) -> set[int] | None:
    """AndNot: a - b; AndMaybe: a; Require: a & b."""
    if a is None or b is None:
        return None
    if kind is wq.AndNot:
        return a - b
    return a if kind is wq.AndMaybe else a & b


def _union(parts: list[set[int] | None]) -> set[int] | None:
    """The union of the parts (None when one is unknown)."""
    out: set[int] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return out


def _intersection(
    subqueries: list[Any], reader: Any, memo: Memo | None, budget: Budget | None
) -> set[int] | None:
    """The documents every positive subquery matches and no Not subquery does."""
    keep: list[set[int]] = []
    drop: list[set[int]] = []
    for sub in subqueries:
        negated = type(sub) is wq.Not
        part = matching_docs(sub.query if negated else sub, reader, memo, budget)
        if part is None:
            return None
        (drop if negated else keep).append(part)
    out = set.intersection(*sorted(keep, key=len)) if keep else set(live_docs(reader))
    for part in drop:
        out -= part
    return out


def _term(reader: Any, fieldname: str, text: Any, memo: Memo | None = None) -> set[int]:
    """The live documents holding one term, from its postings decoded per segment."""
    out: set[int] = set()
    btext = reader.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
    for leaf, offset in segments_holding(reader, fieldname, btext):
        out.update((term_ids(leaf, offset, fieldname, btext, memo) + offset).tolist())
    return out


def live_docs(reader: Any) -> frozenset[int]:
    """Every live document number of *reader* (cached while it lives)."""
    with _lock:
        cached = _live.get(reader)
    if cached is None:
        cached = frozenset(reader.all_doc_ids())
        with _lock:
            _live[reader] = cached
    return cached

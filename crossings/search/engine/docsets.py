"""The documents a boolean query of terms matches, by set algebra over the terms' posting lists.

Counting and faceting need every match, ranking only the first page: with the set computed
here the ranking pass may skip blocks of low-scoring documents (Whoosh's block-max quality),
instead of scoring every match in Python just to count it.

A set is a boolean array over the reader's document numbers (True: matched): a word's
postings are marked in it in one vectorised step, and AND, OR and NOT are array operations in
C. (As Python sets of ints, a common word's 100,000 sections were a set built number by number,
then turned back into an array for scoring.)
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np
from whoosh import query as wq

from crossings.search.engine.phrases import is_exact_phrase, phrase_docs
from crossings.search.engine.postings import Memo, segments_holding, term_ids
from crossings.search.request.budget import Budget

CHECK_EVERY = 32  # words of a pattern between two looks at the clock
_live: weakref.WeakKeyDictionary[Any, np.ndarray] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def matching_docs(
    q: Any, reader: Any, memo: Memo | None = None, budget: Budget | None = None
) -> np.ndarray | None:
    """The live documents *q* matches as a boolean array over *reader*'s document numbers, or
    None when *q* has parts sets cannot answer (phrases with slop, spans). *memo* keeps the
    phrases' sets for the ranking pass of the same search; *budget* is checked at each part."""
    if budget is not None:
        budget.check()
    kind = type(q)
    if kind is wq.Term:
        return _term(reader, q.fieldname, q.text, memo)
    if is_exact_phrase(q):
        return marked(reader, phrase_docs(reader, q, memo))
    if q is wq.NullQuery:
        return np.zeros(reader.doc_count_all(), dtype=bool)
    if kind is wq.Every and not q.fieldname:
        return live_mask(reader).copy()
    if kind is wq.ConstantScoreQuery:
        return matching_docs(q.child, reader, memo, budget)
    if getattr(q, "flat", False):  # a pattern: the union of its expanded words
        found = np.zeros(reader.doc_count_all(), dtype=bool)
        for number, btext in enumerate(q.words):
            _mark_term(found, reader, q.fieldname, btext, memo)
            if budget is not None and not number % CHECK_EVERY:
                budget.check()
        return found
    if kind is wq.Not:
        inner = matching_docs(q.query, reader, memo, budget)
        return None if inner is None else live_mask(reader) & ~inner
    if kind in (wq.Or, wq.DisjunctionMax) and not getattr(q, "minmatch", 0):
        return _union(reader, [matching_docs(sub, reader, memo, budget) for sub in q.subqueries])
    if kind is wq.And:
        return _intersection(q.subqueries, reader, memo, budget)
    if kind in (wq.AndNot, wq.AndMaybe, wq.Require):
        a, b = matching_docs(q.a, reader, memo, budget), matching_docs(q.b, reader, memo, budget)
        return _binary(kind, a, b)
    return None


def _binary(kind: Any, a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """AndNot: a - b; AndMaybe: a; Require: a & b."""
    if a is None or b is None:
        return None
    if kind is wq.AndMaybe:
        return a
    out: np.ndarray = a & ~b if kind is wq.AndNot else a & b
    return out


def _union(reader: Any, parts: list[np.ndarray | None]) -> np.ndarray | None:
    """The union of the parts (None when one is unknown)."""
    out = np.zeros(reader.doc_count_all(), dtype=bool)
    for part in parts:
        if part is None:
            return None
        out |= part
    return out


def _intersection(
    subqueries: list[Any], reader: Any, memo: Memo | None, budget: Budget | None
) -> np.ndarray | None:
    """The documents every positive subquery matches and no Not subquery does."""
    keep: list[np.ndarray] = []
    drop: list[np.ndarray] = []
    for sub in subqueries:
        negated = type(sub) is wq.Not
        part = matching_docs(sub.query if negated else sub, reader, memo, budget)
        if part is None:
            return None
        (drop if negated else keep).append(part)
    out = live_mask(reader).copy()
    for part in keep:
        out &= part
    for part in drop:
        out &= ~part
    return out


def _term(reader: Any, fieldname: str, text: Any, memo: Memo | None = None) -> np.ndarray:
    """The live documents holding one term, from its postings decoded per segment."""
    out = np.zeros(reader.doc_count_all(), dtype=bool)
    btext = reader.schema[fieldname].to_bytes(text) if isinstance(text, str) else text
    _mark_term(out, reader, fieldname, btext, memo)
    return out


def _mark_term(out: np.ndarray, reader: Any, fieldname: str, btext: bytes, memo: Memo | None) -> None:
    """Mark in *out* the live documents holding the term *btext* of *fieldname*."""
    for leaf, offset in segments_holding(reader, fieldname, btext):
        out[term_ids(leaf, offset, fieldname, btext, memo) + offset] = True


def marked(reader: Any, docs: Any) -> np.ndarray:
    """The boolean array over *reader*'s document numbers of the numbers in *docs*."""
    out = np.zeros(reader.doc_count_all(), dtype=bool)
    if docs:
        out[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
    return out


def live_mask(reader: Any) -> np.ndarray:
    """Every live document of *reader*, as a read-only boolean array (cached while it lives)."""
    with _lock:
        cached = _live.get(reader)
    if cached is None:
        cached = np.zeros(reader.doc_count_all(), dtype=bool)
        cached[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        cached.flags.writeable = False
        with _lock:
            _live[reader] = cached
    return cached

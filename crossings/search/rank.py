"""The first page of a query of terms ranked term at a time, with Whoosh's own BM25F scores.

Whoosh scores document at a time: for each match it walks the matcher tree and asks each leaf
for its score (a method call, a field-length lookup and the formula per leaf). For a query made
of terms joined by OR/AND/NOT, the score of a document is the sum, over the positive terms it
holds, of the term's boost times its BM25F score; here each term's posting blocks are read
once and the sums kept in a dict, with the field lengths cached per segment. The scores equal
Whoosh's (same scorer objects, same formula); only the order of addition differs.
"""

from __future__ import annotations

import heapq
import threading
import time
import weakref
from collections.abc import Set
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.collectors import TimeLimit
from whoosh.scoring import BM25FScorer

# A Term or a flat pattern query, and the product of the boosts above it; or None and a score
# every match gets (Whoosh scores an AND's NOT part as its boost for every document it lets through).
Leaf = tuple[Any, float]

_lengths: weakref.WeakKeyDictionary[Any, dict[str, list[int]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def scored_leaves(q: Any, factor: float = 1.0) -> list[Leaf] | None:
    """The scoring leaves of *q* with their boosts, or None when *q* is not a sum of term scores."""
    kind = type(q)
    if kind is wq.Term:
        return [(q, factor * q.boost)]
    if getattr(q, "flat", False):
        return [(q, factor * q.boost)]
    if q is wq.NullQuery:
        return []
    if kind in (wq.Or, wq.And) and not getattr(q, "minmatch", 0):
        out: list[Leaf] = []
        for sub in q.subqueries:
            if kind is wq.And and type(sub) is wq.Not:
                out.append((None, factor * q.boost * sub.boost))
                continue
            found = scored_leaves(sub, factor * q.boost)
            if found is None:
                return None
            out += found
        return out
    if kind in (wq.AndNot, wq.AndMaybe):
        left = scored_leaves(q.a, factor * q.boost)
        right = [] if kind is wq.AndNot else scored_leaves(q.b, factor * q.boost)
        return None if left is None or right is None else left + right
    return None


def top_scores(
    searcher: Any, leaves: list[Leaf], docs: Set[int], limit: int, deadline: float
) -> list[tuple[float, int]] | None:
    """The best *limit* (score, docnum) of *docs*, highest first (ties: lower docnum first)."""
    scores: dict[int, float] = {}
    constant = sum(boost for leaf, boost in leaves if leaf is None)
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        for leaf, boost in leaves:
            if leaf is None:
                continue
            if getattr(leaf, "flat", False):
                for btext in leaf._btexts(reader):
                    for docnum in reader.postings(leaf.fieldname, btext).all_ids():
                        if offset + docnum in docs:
                            scores[offset + docnum] = scores.get(offset + docnum, 0.0) + boost
                continue
            if not _add_term(subsearcher, offset, leaf, boost, docs, scores, deadline):
                return None
    best = heapq.nlargest(limit, ((score + constant, -docnum) for docnum, score in scores.items()))
    return [(score, -negated) for score, negated in best]


def _add_term(
    searcher: Any,
    offset: int,
    leaf: Any,
    boost: float,
    docs: Set[int],
    scores: dict[int, float],
    deadline: float,
) -> bool:
    """Add one term's boosted scores in one segment; False when its matcher is not the plain kind."""
    reader = searcher.reader()
    fieldname, text = leaf.fieldname, leaf.text
    if (fieldname, text) not in reader:
        return True
    scorer = searcher.weighting.scorer(searcher, fieldname, text)
    matcher = reader.postings(fieldname, text)
    if type(scorer) is not BM25FScorer or type(matcher) is not W3LeafMatcher:
        return False
    lengths = field_lengths(reader, fieldname)
    score = scorer._score
    get = scores.get
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        for docnum, weight in zip(matcher._ids, matcher._weights, strict=True):
            docnum += offset
            if docnum in docs:
                scores[docnum] = get(docnum, 0.0) + boost * score(weight, lengths[docnum - offset])
        matcher._next_block()
        if time.monotonic() > deadline:
            raise TimeLimit
    return True


def field_lengths(reader: Any, fieldname: str) -> list[int]:
    """The length Whoosh's scorer uses for *fieldname* of each document of a segment (cached)."""
    with _lock:
        fields = _lengths.setdefault(reader, {})
        cached = fields.get(fieldname)
    if cached is None:
        length = reader.doc_field_length
        cached = [length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())]
        with _lock:
            fields[fieldname] = cached
    return cached

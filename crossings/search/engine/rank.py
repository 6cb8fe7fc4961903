"""The scores of every section a query of terms matches, computed term at a time, with Whoosh's
own BM25F formula.

Whoosh scores document at a time: for each match it walks the matcher tree and asks each leaf
for its score (a method call, a field-length lookup and the formula per leaf). For a query made
of terms joined by OR/AND/NOT, the score of a document is the sum, over the positive terms it
holds, of the term's boost times its BM25F score; here each term's postings are decoded once
into numpy arrays (crossings.search.engine.postings) and its scores computed and added for all its
documents at once, with the field lengths cached per segment. The scores equal Whoosh's (same
scorer parameters, same formula in the same float64 operations); only the order of addition
differs. crossings.search.results.documents ranks the documents from these section scores.
"""

from __future__ import annotations

import threading
import weakref
from math import log
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from crossings.search.engine.phrases import is_exact_phrase, phrase_docs
from crossings.search.engine.postings import Memo, as_mask, segments_holding, term_postings
from crossings.search.request.budget import Budget

# A Term or a flat pattern query, and the product of the boosts above it; or None and a score
# every match gets (Whoosh scores an AND's NOT part as its boost for every document it lets through).
Leaf = tuple[Any, float]

_lengths: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
# Every length Whoosh stores is one of 256 (byte_to_length of its length byte, increasing): a
# field's lengths are kept as those bytes, a byte a document instead of a float's eight.
BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def scored_leaves(q: Any, factor: float = 1.0) -> list[Leaf] | None:
    """The scoring leaves of *q* with their boosts, or None when *q* is not a sum of term scores."""
    kind = type(q)
    if kind is wq.Term or is_exact_phrase(q):
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


def section_scores(
    searcher: Any,
    leaves: list[Leaf],
    docs: np.ndarray,
    budget: Budget,
    memo: Memo | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The sections of *docs* (sorted docnums) and the score of each.

    A phrase scores as Whoosh scores it: its boost times the sum of its words' scores, in the
    documents that hold the phrase (*memo*: the phrase sets matching_docs already computed).
    None when a term's postings or scorer are not the plain kind this pass reproduces."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    allowed = docs
    within = {
        id(leaf): as_mask(phrase_docs(reader, leaf, memo), size) & docs
        for leaf, _ in leaves
        if leaf is not None and is_exact_phrase(leaf)
    }
    scores = np.zeros(size, dtype=np.float64)
    by_offset = {offset: subsearcher for subsearcher, offset in searcher.leaf_searchers()}
    for leaf, boost in leaves:
        if leaf is None:
            continue
        if getattr(leaf, "flat", False):  # a pattern: its boost once in each section holding a word
            holding = np.zeros(size, dtype=bool)
            for btext in leaf.words:
                for segment, offset in segments_holding(reader, leaf.fieldname, btext):
                    arrays = term_postings(segment, offset, leaf.fieldname, btext, memo)
                    if arrays is None:
                        return None
                    holding[arrays[0] + offset] = True
                budget.check()
            scores[holding & allowed] += boost
            continue
        mask = within.get(id(leaf), allowed)
        if not mask.any():  # a phrase nothing holds: its words need not be read
            continue
        field = searcher.schema[leaf.fieldname]
        for word in leaf.words if id(leaf) in within else [leaf.text]:
            btext = field.to_bytes(word) if isinstance(word, str) else word
            for _, offset in segments_holding(reader, leaf.fieldname, btext):
                added = _add_term(by_offset[offset], offset, leaf.fieldname, btext, boost, mask, scores, memo)
                if not added:
                    return None
            budget.check()
    constant = sum(boost for leaf, boost in leaves if leaf is None)
    sections = np.flatnonzero(allowed)
    return sections, scores[sections] + constant


def _add_term(
    searcher: Any,
    offset: int,
    fieldname: str,
    btext: bytes,
    boost: float,
    mask: np.ndarray,
    scores: np.ndarray,
    memo: Memo | None,
) -> bool:
    """Add one term's boosted scores in one segment; False when it is not the plain kind."""
    reader = searcher.reader()
    arrays = term_postings(reader, offset, fieldname, btext, memo)
    if arrays is None:
        return False
    local, weights = arrays
    if not len(local):
        return True
    scorer = _scorer(searcher, fieldname, btext, memo)
    if type(scorer) is not BM25FScorer:
        return False
    ids = local + offset
    keep = mask[ids]
    if not keep.any():
        return True
    tf = weights[keep]
    fl = field_lengths(reader, fieldname)[local[keep]]
    if fl.dtype == np.uint8:  # length bytes (see field_lengths)
        fl = BYTE_LENGTHS[fl]
    k1, b = scorer.K1, scorer.B
    # whoosh.scoring.bm25(idf, tf, fl, avgfl, B, K1), operation for operation
    term_scores = scorer.idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / scorer.avgfl)))
    scores[ids[keep]] += boost * term_scores
    return True


class LiveBM25F(BM25F):  # type: ignore[misc]
    """Whoosh's BM25F with the collection's statistics taken over its live sections.

    Whoosh counts every document number of a segment, deleted or not, in the number of
    documents that the idf and the average field length divide by. An update purges a segment
    in place and leaves the deleted sections' numbers as holes (crossings.search.engine.
    whoosh_internals.purge_in_place), so its scores drifted from those a fresh index of the same
    corpus gives, a little more with each update; counting the live sections only, they do not
    (a fresh index has no deleted number, and gives what BM25F gives). Searchers of the index are
    made with it (``crossings.search.indexing.index``), Whoosh's matchers and the fast paths alike.
    """

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        parent = searcher.get_parent()
        return float(log(max(parent.doc_count(), 1) / (parent.doc_frequency(fieldname, text) + 1)) + 1)

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if type(scorer) is BM25FScorer:
            parent = searcher.get_parent()
            live = parent.doc_count()
            if live and parent.schema[fieldname].scorable:
                scorer.avgfl = parent.field_length(fieldname) / live or 1
        return scorer


LIVE_BM25F = LiveBM25F()


def _scorer(searcher: Any, fieldname: str, btext: bytes, memo: Memo | None) -> Any:
    """The term's scorer, made once per search: a segment's searcher takes the collection
    statistics (idf, average field length) from its parent, so every segment's is the same."""
    key = ("scorer", fieldname, btext)
    if memo is not None and key in memo:
        return memo[key]
    scorer = searcher.weighting.scorer(searcher, fieldname, btext)
    if memo is not None:
        memo[key] = scorer
    return scorer


def field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """The length Whoosh's scorer uses for *fieldname* of each document of a segment (cached), as
    the length byte it is made from (uint8: BYTE_LENGTHS gives the length; at 106,086 sections a
    field's lengths take 0.1 MB instead of 0.85 in every search process); as the lengths
    themselves (float64) in a segment where one is not of those (never from Whoosh's columns)."""
    with _lock:
        fields = _lengths.setdefault(reader, {})
        cached = fields.get(fieldname)
    if cached is None:
        length = reader.doc_field_length
        values = np.array(
            [length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())], dtype=np.float64
        )
        codes = np.searchsorted(BYTE_LENGTHS, values).clip(0, 255)
        exact = bool((BYTE_LENGTHS[codes] == values).all())
        cached = codes.astype(np.uint8) if exact else values
        with _lock:
            fields[fieldname] = cached
    return cached

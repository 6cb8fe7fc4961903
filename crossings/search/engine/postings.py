"""One term's postings in one segment as numpy arrays, decoded a block at a time.

Whoosh decodes a posting block into Python tuples and walks them a posting at a time; for a
query that must see every match (counting, facets, ranking term at a time) that per-posting
loop is most of the cost. Here each block is decoded whole (:mod:`whoosh_internals`, the one
module that reads Whoosh's private structures). *memo* (one search's scratch dict) keeps the arrays,
so the ranking pass does not decode again what the matching pass read.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np

from crossings.search.engine.whoosh_internals import EMPTY, Arrays, decode_postings

Memo = dict[Any, Any]  # one search's scratch: decoded postings, phrase sets, scorers
__all__ = ["EMPTY", "Arrays", "Memo", "as_mask", "segments_holding", "term_ids", "term_postings"]


def term_postings(
    leaf: Any, offset: int, fieldname: str, btext: bytes, memo: Memo | None = None
) -> Arrays | None:
    """(segment-local ids, weights) of one term in segment *leaf* (the one at *offset* of the
    searched reader), or None when its matcher is not Whoosh's plain block matcher (a segment
    with deleted documents filters it)."""
    key = ("postings", offset, fieldname, btext)
    if memo is not None and key in memo:
        found: Arrays | None = memo[key]
        return found
    found = decode_postings(leaf, fieldname, btext)
    if memo is not None:
        memo[key] = found
    return found


def term_ids(leaf: Any, offset: int, fieldname: str, btext: bytes, memo: Memo | None = None) -> np.ndarray:
    """The segment-local ids of the live documents holding one term in segment *leaf* (through
    Whoosh's filtered matcher in a segment with deleted documents)."""
    arrays = term_postings(leaf, offset, fieldname, btext, memo)
    if arrays is not None:
        return arrays[0]
    return np.fromiter(leaf.postings(fieldname, btext).all_ids(), dtype=np.int64)


def as_mask(docs: Any, size: int) -> np.ndarray:
    """A boolean array of *size* that is True at each document number in *docs*."""
    mask = np.zeros(size, dtype=bool)
    if docs:
        mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
    return mask


_holding: weakref.WeakKeyDictionary[Any, dict[tuple[str, bytes], tuple[int, ...]]] = (
    weakref.WeakKeyDictionary()
)
_holding_lock = threading.Lock()
HOLDING_ENTRIES = 50_000  # words remembered per reader before the memory is started afresh


def segments_holding(reader: Any, fieldname: str, btext: bytes) -> list[tuple[Any, int]]:
    """(segment reader, offset) of each segment of *reader* whose term table lists the word.

    Looking a word up costs a hash-table probe in every segment, and most words of an expanded
    query (synonyms in other scripts, fields a word never appears in) are in few segments or
    none. Like Whoosh's own idf cache, the answer is kept for as long as *reader* lives: its
    segments never change.
    """
    leaves = reader.leaf_readers()
    key = (fieldname, btext)
    with _holding_lock:
        known = _holding.setdefault(reader, {})
        offsets = known.get(key)
    if offsets is None:
        offsets = tuple(offset for leaf, offset in leaves if key in leaf)
        with _holding_lock:
            if len(known) >= HOLDING_ENTRIES:
                known.clear()
            known[key] = offsets
    wanted = set(offsets)
    return [(leaf, offset) for leaf, offset in leaves if offset in wanted]

"""One term's postings in one segment as numpy arrays, decoded a block at a time.

Whoosh decodes a posting block into Python tuples and walks them a posting at a time; for a
query that must see every match (counting, facets, ranking term at a time) that per-posting
loop is most of the cost. Here each block is decoded whole (:mod:`whoosh_internals`, the one
module that reads Whoosh's private structures). *memo* (one search's scratch dict) keeps the arrays,
so the ranking pass does not decode again what the matching pass read, and :data:`DECODED` keeps
the most recently used words' arrays across searches: readers' words follow Zipf's law, and
unpickling and unzipping posting blocks was half of a query's time at 10,000 documents.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any

import numpy as np

from crossings.search.engine.whoosh_internals import (
    EMPTY,
    Arrays,
    count_reused_read,
    decode_postings,
    fast_enabled,
)

Memo = dict[Any, Any]  # one search's scratch: decoded postings, phrase sets, scorers
__all__ = [
    "DECODED",
    "EMPTY",
    "Arrays",
    "DecodedPostings",
    "Memo",
    "as_mask",
    "segments_holding",
    "term_ids",
    "term_postings",
]


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
    found = DECODED.get(leaf, fieldname, btext) if fast_enabled() else None
    if found is not None:
        count_reused_read()
    else:
        found = decode_postings(leaf, fieldname, btext)
        if found is not None:
            DECODED.put(leaf, fieldname, btext, found)
    if memo is not None:
        memo[key] = found
    return found


class DecodedPostings:
    """The decoded posting arrays of the words searched most recently, across searches, within
    *budget* bytes (least recently used first out).

    A segment reader never changes (a new commit opens new ones), so its words' arrays stay
    right for as long as it lives; an entry is keyed by the reader's id and checked against a
    weak reference to it, so a closed generation's entries are never answered, only aged out.
    The arrays are read-only: a caller that changed one in place would corrupt later answers.

    An entry is kept narrow (:func:`narrowed`: 3 bytes a posting at 10,000 documents instead of
    16) when that loses nothing, and widened again by :meth:`get`: a small budget holds many
    words (issue 17: the cache was most of a search process's growth), the callers see the
    arrays decoding gives, and widening costs far less than decoding again.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[tuple[int, str, bytes], tuple[weakref.ref[Any], Arrays]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, leaf: Any, fieldname: str, btext: bytes) -> Arrays | None:
        """The arrays kept for this word of segment *leaf*, or None."""
        key = (id(leaf), fieldname, btext)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0]() is not leaf:  # another reader now has that id: the entry is stale
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            kept = entry[1]
        return widened(kept)

    def put(self, leaf: Any, fieldname: str, btext: bytes, arrays: Arrays) -> None:
        """Keep *arrays* (made read-only), then drop the oldest entries past the budget."""
        for array in arrays:
            array.flags.writeable = False
        arrays = narrowed(arrays)
        size = arrays[0].nbytes + arrays[1].nbytes
        if size > self.budget // 4:  # one very common word must not empty the whole cache
            return
        key = (id(leaf), fieldname, btext)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (weakref.ref(leaf), arrays)
            self.used += size
            while self.used > self.budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self.used = 0

    def _drop(self, key: tuple[int, str, bytes]) -> None:
        """Remove one entry (the lock held)."""
        _, (ids, weights) = self._entries.pop(key)
        self.used -= ids.nbytes + weights.nbytes


def narrowed(arrays: Arrays) -> Arrays:
    """*arrays* (int64 ids, float64 weights), each in the narrowest type that holds every one of
    its values exactly, read-only: ids (segment-local) as uint16 below 65,536, else uint32; weights
    as uint8 when they are whole numbers below 256 (term frequencies, as BM25 weighs them), else
    float32 when Whoosh stored them so, else as they are. At 10,000 documents every cached list
    takes 3 bytes a posting instead of 16."""
    ids, weights = arrays
    narrow = (_narrowest(ids, _ID_TYPES), _narrowest(weights, _WEIGHT_TYPES))
    for array in narrow:
        array.flags.writeable = False
    return narrow


_ID_TYPES = (np.dtype(np.uint16), np.dtype(np.uint32))
_WEIGHT_TYPES = (np.dtype(np.uint8), np.dtype(np.float32))


def _narrowest(values: np.ndarray, types: tuple[np.dtype[Any], ...]) -> np.ndarray:
    """*values* as the first of *types* that gives each value back exactly (compared as its own
    type: to the last bit), else as they are."""
    if not values.size:
        return values.astype(types[0])
    low, high = values.min(), values.max()
    for kind in types:
        if kind.kind in "iu":
            info = np.iinfo(kind)
            if not info.min <= low <= high <= info.max:  # (NaN: never true)
                continue
            if values.dtype.kind in "iu":  # integers within the range: each one exact
                return values.astype(kind)
        narrow = values.astype(kind)
        if np.array_equal(narrow, values):
            return narrow
    return values


def widened(arrays: Arrays) -> Arrays:
    """What :func:`narrowed` kept, as decoding gives it (int64 ids, float64 weights), read-only."""
    ids, weights = arrays
    if ids.dtype == np.int64 and weights.dtype == np.float64:
        return arrays
    wide = (ids.astype(np.int64), weights.astype(np.float64))
    for array in wide:
        array.flags.writeable = False
    return wide


DECODED_BUDGET = 3 * 1024 * 1024  # bytes per search process: as many postings as 8 MB held as int32/float32
DECODED = DecodedPostings(DECODED_BUDGET)


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

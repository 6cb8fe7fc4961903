"""The documents an exact phrase matches, by posting-list intersection and a position check.

Whoosh matches a phrase (``Phrase``, slop 1) with a span matcher per segment, built anew for
every segment and walked document by document. Here the candidates of each segment are the
intersection of its words' document sets; only those are read for positions, and a candidate
matches when its words follow one another (word *i* at position p + i for some p).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from crossings.search.postings import Memo, segments_holding, term_ids


def is_exact_phrase(q: Any) -> bool:
    """True for a Phrase of adjacent words (slop 1), the kind :func:`phrase_docs` answers."""
    from whoosh import query as wq

    return type(q) is wq.Phrase and q.slop == 1 and bool(q.words)


def phrase_docs(reader: Any, q: Any, memo: Memo | None = None) -> set[int]:
    """The live documents of *reader* holding the words of phrase *q* next to each other."""
    key = ("phrase", q.fieldname, tuple(q.words))
    if memo is not None and key in memo:
        known: set[int] = memo[key]
        return known
    found = _phrase_docs(reader, q.fieldname, q.words, memo)
    if memo is not None:
        memo[key] = found
    return found


def _phrase_docs(reader: Any, fieldname: str, words: list[str], memo: Memo | None) -> set[int]:
    """The phrase's documents, one segment at a time."""
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    try:
        btexts = [field.to_bytes(word) for word in words]
    except ValueError:
        return set()
    found: set[int] = set()
    holding = [{offset for _, offset in segments_holding(reader, fieldname, btext)} for btext in btexts]
    every = set.intersection(*holding)
    for leaf, offset in reader.leaf_readers():
        if offset not in every:
            continue
        found.update(offset + docnum for docnum in _segment_matches(leaf, offset, fieldname, btexts, memo))
    return found


def _segment_matches(
    leaf: Any, offset: int, fieldname: str, btexts: list[bytes], memo: Memo | None
) -> list[int]:
    """The documents of one segment where *btexts* occur at consecutive positions."""
    distinct = list(dict.fromkeys(btexts))
    candidates = _holding_all(leaf, offset, fieldname, distinct, memo)
    if not candidates:
        return []
    if len(btexts) == 1:
        return candidates
    positions = {btext: _positions(leaf, fieldname, btext, candidates) for btext in distinct}
    matched = []
    for docnum in candidates:
        starts = positions[btexts[0]][docnum]
        for i, btext in enumerate(btexts[1:], start=1):
            following = positions[btext][docnum]
            starts = {start for start in starts if start + i in following}
            if not starts:
                break
        if starts:
            matched.append(docnum)
    return matched


def _holding_all(leaf: Any, offset: int, fieldname: str, btexts: list[bytes], memo: Memo | None) -> list[int]:
    """The documents of one segment holding every word (sorted)."""
    found: np.ndarray | None = None
    for btext in btexts:
        ids = term_ids(leaf, offset, fieldname, btext, memo)
        found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
        if not len(found):
            return []
    return [] if found is None else found.tolist()


def _positions(leaf: Any, fieldname: str, btext: bytes, docnums: list[int]) -> dict[int, set[int]]:
    """The positions of one word in each of *docnums* (sorted, all holding the word)."""
    matcher = leaf.postings(fieldname, btext)
    out: dict[int, set[int]] = {}
    for docnum in docnums:
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        out[docnum] = set(matcher.value_as("positions"))
    return out

"""The documents an exact phrase matches, by posting-list intersection and a position check.

Whoosh matches a phrase (``Phrase``, slop 1) with a span matcher per segment, built anew for
every segment and walked document by document. Here the candidates of each segment are the
intersection of its words' document sets; only those are read for positions, and a candidate
matches when its words follow one another (word *i* at position p + i for some p).

A phrase may allow several indexed words at a place (``EdgePhrase``, crossings.search.engine.queries):
its first word may stand at the end of a longer word of the text, its last at the start of one,
as a substring search finds them (a Thai phrase whose first word ICU kept inside the word before it; a
Japanese phrase starting with one kanji of a longer run). A place matches where any of its
words stands.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq

from crossings.search.engine.postings import Memo, segments_holding, term_ids
from crossings.search.engine.queries import EdgePhrase, Slots, slots_of
from crossings.search.engine.whoosh_internals import term_positions, term_values


def is_exact_phrase(q: Any) -> bool:
    """True for a Phrase of adjacent words (slop 1), the kind :func:`phrase_docs` answers."""
    return type(q) in (wq.Phrase, EdgePhrase) and q.slop == 1 and bool(q.words)


def phrase_docs(reader: Any, q: Any, memo: Memo | None = None) -> set[int]:
    """The live documents of *reader* holding the words of phrase *q* next to each other."""
    if q.fieldname not in reader.schema:
        return set()
    try:
        slots = slots_of(q, reader.schema[q.fieldname])
    except ValueError:
        return set()
    key = ("phrase", q.fieldname, slots)
    if memo is not None and key in memo:
        known: set[int] = memo[key]
        return known
    found = _phrase_docs(reader, q.fieldname, slots, memo)
    if memo is not None:
        memo[key] = found
    return found


def _phrase_docs(reader: Any, fieldname: str, slots: Slots, memo: Memo | None) -> set[int]:
    """The phrase's documents, one segment at a time."""
    found: set[int] = set()
    every: set[int] | None = None
    for slot in dict.fromkeys(slots):  # the segments holding every place, stopping once none does
        holding = {offset for btext in slot for _, offset in segments_holding(reader, fieldname, btext)}
        every = holding if every is None else every & holding
        if not every:
            return found
    for leaf, offset in reader.leaf_readers():
        if every is None or offset not in every:
            continue
        found.update(offset + docnum for docnum in _segment_matches(leaf, offset, fieldname, slots, memo))
    return found


def _segment_matches(leaf: Any, offset: int, fieldname: str, slots: Slots, memo: Memo | None) -> list[int]:
    """The documents of one segment where the places' words stand at consecutive positions."""
    distinct = list(dict.fromkeys(slots))
    candidates = _holding_all(leaf, offset, fieldname, distinct, memo)
    if not candidates:
        return []
    if len(slots) == 1:
        return candidates
    matched = _matched_starts(leaf, offset, fieldname, slots, np.asarray(candidates, dtype=np.int64), memo)
    if matched is None:  # values this version does not read at once: one document at a time
        return _matches_one_by_one(leaf, offset, fieldname, slots, candidates, memo)
    return matched


def _matched_starts(
    leaf: Any, offset: int, fieldname: str, slots: Slots, candidates: np.ndarray, memo: Memo | None
) -> list[int] | None:
    """The *candidates* where the phrase starts; None when a word's values cannot be read a block
    at a time.

    The places of one word are read first, each only in the documents where the places read so
    far leave a start; the place of most words last, word by word, each only in the documents
    no word before it has matched (an ``EdgePhrase`` edge: tens of words ending with the typed
    one, the first few of which match most candidates)."""
    order = sorted(range(len(slots)), key=lambda i: len(slots[i]))
    starts: np.ndarray | None = None  # document << 32 | position of the first word
    asked = candidates
    for i in order[:-1]:
        keys = _slot_keys(leaf, offset, fieldname, slots[i], asked, memo)
        if keys is None:
            return None
        shifted = keys[(keys & _POSITION) >= i] - i
        starts = shifted if starts is None else starts[_within(starts, shifted)]
        if not len(starts):
            return []
        asked = _distinct(starts >> 32)
    assert starts is not None  # a phrase of two places or more
    return _last_place(leaf, offset, fieldname, slots[order[-1]], order[-1], starts, asked, memo)


def _last_place(
    leaf: Any,
    offset: int,
    fieldname: str,
    slot: tuple[bytes, ...],
    index: int,
    starts: np.ndarray,
    asked: np.ndarray,
    memo: Memo | None,
) -> list[int] | None:
    """The documents of *starts* (document << 32 | position; *asked*: their documents) where a
    word of *slot* stands *index* positions after a start, reading the words that hold the most
    of them first, and each word only in the documents not matched yet; None as
    :func:`_slot_keys`."""
    words = [(btext, _held(leaf, offset, fieldname, slot, btext, asked, memo)) for btext in slot]
    words.sort(key=lambda pair: -len(pair[1]))
    matched: list[np.ndarray] = []
    for number, (btext, held) in enumerate(words, start=1):
        if matched:
            held = held[_within(held, asked)]
        if not len(held):
            continue
        found = term_positions(leaf, fieldname, btext, held)
        if found is None:
            return None
        docs, positions = found
        keys = ((docs << 32) | positions)[positions >= index] - index
        docs_matched = _distinct(starts[_within(starts, keys)] >> 32)
        if not len(docs_matched):
            continue
        matched.append(docs_matched)
        if number == len(words):
            break
        asked = asked[~_within(asked, docs_matched)]  # the documents not matched yet
        if not len(asked):
            break
        starts = starts[_within(starts >> 32, asked)]
    if not matched:
        return []
    result: list[int] = (matched[0] if len(matched) == 1 else np.unique(np.concatenate(matched))).tolist()
    return result


def _distinct(ascending: np.ndarray) -> np.ndarray:
    """The distinct values of *ascending* (sorted), without sorting them again as np.unique does."""
    if len(ascending) < 2:
        return ascending
    kept: np.ndarray = ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]
    return kept


def _held(
    leaf: Any,
    offset: int,
    fieldname: str,
    slot: tuple[bytes, ...],
    btext: bytes,
    docnums: np.ndarray,
    memo: Memo | None,
) -> np.ndarray:
    """The documents of *docnums* holding *btext*: all of them when it is the place's only word
    (they were chosen for holding it), else by its document ids (read already to choose them)."""
    if len(slot) == 1:
        return docnums
    held: np.ndarray = docnums[_within(docnums, term_ids(leaf, offset, fieldname, btext, memo))]
    return held


def _within(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Whether each of *values* is one of *ascending* (sorted): ``np.isin`` by binary search,
    without its sorting of both arrays (ten times slower on the few values of a phrase)."""
    if not len(ascending):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    found: np.ndarray = ascending[at] == values
    return found


def _slot_keys(
    leaf: Any, offset: int, fieldname: str, slot: tuple[bytes, ...], docnums: np.ndarray, memo: Memo | None
) -> np.ndarray | None:
    """Where the words of one place stand in *docnums*: document << 32 | position, sorted and
    unique; None when a word's values cannot be read a block at a time (``term_positions``).
    Each word is read only in the documents of *docnums* that hold it (most words of an
    ``EdgePhrase`` edge are in none of them)."""
    parts = []
    for btext in slot:
        asked = _held(leaf, offset, fieldname, slot, btext, docnums, memo)
        if not len(asked):
            continue
        found = term_positions(leaf, fieldname, btext, asked)
        if found is None:
            return None
        docs, positions = found
        parts.append((docs << 32) | positions)
    if len(parts) == 1:
        return parts[0]  # by document, then position: sorted and unique already
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


_POSITION = (1 << 32) - 1  # the position bits of a document << 32 | position key


def _matches_one_by_one(
    leaf: Any, offset: int, fieldname: str, slots: Slots, candidates: list[int], memo: Memo | None
) -> list[int]:
    """:func:`_segment_matches` reading each candidate's positions on its own (values that are
    not packed arrays: an index written before them)."""
    positions = {
        slot: _positions(leaf, offset, fieldname, slot, candidates, memo) for slot in dict.fromkeys(slots)
    }
    matched = []
    for docnum in candidates:
        starts = positions[slots[0]][docnum]
        for i, slot in enumerate(slots[1:], start=1):
            following = positions[slot][docnum]
            starts = {start for start in starts if start + i in following}
            if not starts:
                break
        if starts:
            matched.append(docnum)
    return matched


def _holding_all(
    leaf: Any, offset: int, fieldname: str, slots: list[tuple[bytes, ...]], memo: Memo | None
) -> list[int]:
    """The documents of one segment holding a word of every place (sorted)."""
    found: np.ndarray | None = None
    for slot in sorted(slots, key=len):  # single words first: they narrow the most
        ids = _slot_ids(leaf, offset, fieldname, slot, memo)
        found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
        if not len(found):
            return []
    return [] if found is None else found.tolist()


def _slot_ids(
    leaf: Any, offset: int, fieldname: str, slot: tuple[bytes, ...], memo: Memo | None
) -> np.ndarray:
    """The documents of one segment holding any word of a place (sorted, unique)."""
    arrays = [term_ids(leaf, offset, fieldname, btext, memo) for btext in slot]
    return arrays[0] if len(arrays) == 1 else np.unique(np.concatenate(arrays))


def _positions(
    leaf: Any, offset: int, fieldname: str, slot: tuple[bytes, ...], docnums: list[int], memo: Memo | None
) -> dict[int, set[int]]:
    """The positions of the words of one place in each of *docnums* (sorted, each holding one)."""
    out: dict[int, set[int]] = {docnum: set() for docnum in docnums}
    for btext in slot:
        if len(slot) > 1 and (fieldname, btext) not in leaf:
            continue
        fast = term_values(leaf, fieldname, btext, docnums, "positions")
        if fast is not None:
            for docnum, positions in fast.items():
                out[docnum].update(positions)
            continue
        holding = set(term_ids(leaf, offset, fieldname, btext, memo).tolist()) if len(slot) > 1 else None
        matcher = leaf.postings(fieldname, btext)
        for docnum in docnums:
            if holding is not None and docnum not in holding:
                continue
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                out[docnum].update(matcher.value_as("positions"))
    return out

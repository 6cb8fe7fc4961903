"""Words of the index within an edit distance of a word, for fuzzy words and "did you mean".

Whoosh walks a Levenshtein automaton over the term dictionary on disk for every fuzzy word
(tens of milliseconds at 10,000 documents, more for the suggestion's distance 2). Here each
field's spelling words are read once per reader, grouped by first letter, and compared with
rapidfuzz's Damerau-Levenshtein distance in C.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

_cache: weakref.WeakKeyDictionary[Any, dict[str, dict[str, list[str]]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def spelling_words(reader: Any, fieldname: str) -> dict[str, list[str]]:
    """The unstemmed words of *fieldname* grouped by their first character (cached while *reader* lives)."""
    with _lock:
        fields = _cache.setdefault(reader, {})
        cached = fields.get(fieldname)
    if cached is not None:
        return cached
    source = spelling_source(reader, fieldname)
    groups: dict[str, list[str]] = {}
    words: set[bytes] = set()
    for leaf, _ in reader.leaf_readers():  # each segment's lexicon: Whoosh's merged one heap-merges them
        if source in leaf.schema:
            words.update(leaf.lexicon(source))
    for btext in sorted(words):
        word = btext.decode("utf-8")
        groups.setdefault(word[:1], []).append(word)
    with _lock:
        fields[fieldname] = groups
    return groups


def spelling_source(reader: Any, fieldname: str) -> str:
    """The field holding *fieldname*'s unstemmed words (its spelling twin, or itself)."""
    fieldobj = reader.schema[fieldname]
    return str(fieldobj.spelling_fieldname(fieldname)) if fieldobj.separate_spelling() else fieldname


def words_within(
    reader: Any, fieldname: str, text: str, maxdist: int, prefix: int = 0, limit: int | None = None
) -> list[tuple[str, int]]:
    """(word, distance) of the field's words within *maxdist* edits of *text*, sharing *prefix*
    chars, among at most *limit* candidates (None: every word)."""
    groups = spelling_words(reader, fieldname)
    if prefix > 0:
        candidates = [w for w in groups.get(text[:1], []) if w[:prefix] == text[:prefix]]
    else:
        candidates = [w for words in groups.values() for w in words]
    if limit is not None:
        candidates = candidates[:limit]
    found = process.extract(
        text, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=maxdist, limit=None
    )
    return [(word, int(distance)) for word, distance, _ in found]

"""Words of the index within an edit distance of a word, for fuzzy terms and "did you mean".

Whoosh walks a Levenshtein automaton over the term dictionary on disk for every fuzzy word
(tens of milliseconds at 10,000 documents, more for the suggestion's distance 2). Here each
field's spelling words are read once per reader, grouped by first letter, and compared with
rapidfuzz's Damerau-Levenshtein distance in C.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from whoosh.spelling import Corrector

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
    for btext in reader.lexicon(source):
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
    reader: Any, fieldname: str, text: str, maxdist: int, prefix: int = 0
) -> list[tuple[str, int]]:
    """(word, distance) of the field's words within *maxdist* edits of *text*, sharing *prefix* chars."""
    groups = spelling_words(reader, fieldname)
    if prefix > 0:
        candidates = [w for w in groups.get(text[:1], []) if w[:prefix] == text[:prefix]]
    else:
        candidates = [w for words in groups.values() for w in words]
    found = process.extract(
        text, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=maxdist, limit=None
    )
    return [(word, int(distance)) for word, distance, _ in found]


class FastCorrector(Corrector):  # type: ignore[misc]
    """Whoosh's ReaderCorrector ranking (closest, then most frequent) over :func:`words_within`."""

    def __init__(self, reader: Any, fieldname: str) -> None:
        self.reader = reader
        self.fieldname = fieldname

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        """(score, word) pairs: higher is better."""
        source = spelling_source(self.reader, self.fieldname)
        for word, distance in words_within(self.reader, self.fieldname, text, maxdist, prefix):
            if word == text:
                continue
            frequency = self.reader.frequency(source, word) or 1
            yield 0.0 - (distance + 0.5 / frequency), word

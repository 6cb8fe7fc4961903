"""Words of the index within an edit distance of a word, for fuzzy words and "did you mean".

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

_cache: weakref.WeakKeyDictionary[Any, dict[str, SpellingWords]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


class SpellingWords:
    """A field's unstemmed words, sorted, as one string: each word after a newline (the text
    crossings.search.language.patterns scans for wildcard words), with where the words of each
    first character begin and end in it. One string rather than a list of 40,000 strings at
    10,000 documents: 0.4 MB instead of 3 MB in each search process, which keeps it while its
    reader lives. A word never holds a newline: every analyzer cuts words at white space."""

    def __init__(self, words: list[str]) -> None:
        self.text = "\n" + "\n".join(words)
        self._spans: dict[str, tuple[int, int]] = {}  # first character -> [start, end) in text, newline first
        at = 0
        for word in words:  # sorted: the words of one first character are together
            first = word[:1]
            start, _ = self._spans.get(first, (at, at))
            at += 1 + len(word)
            self._spans[first] = (start, at)

    def starting_with(self, first: str) -> list[str]:
        """The words whose first character is *first*, in order."""
        span = self._spans.get(first)
        return [] if span is None else self.text[span[0] + 1 : span[1]].split("\n")

    def all(self) -> list[str]:
        """Every word, in order (one split of the string)."""
        return self.text[1:].split("\n") if self._spans else []

    def __iter__(self) -> Iterator[str]:
        return iter(self.all())

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        span = self._spans.get(word[:1])
        if span is None:
            return False
        start, end = span  # the newline before the run's first word, the end of its last
        if self.text.find(f"\n{word}\n", start, end + 1) >= 0:
            return True
        return end == len(self.text) and self.text.endswith(f"\n{word}")  # the last word of all


def spelling_words(reader: Any, fieldname: str) -> SpellingWords:
    """The unstemmed words of *fieldname* (cached while *reader* lives)."""
    with _lock:
        fields = _cache.setdefault(reader, {})
        cached = fields.get(fieldname)
    if cached is not None:
        return cached
    source = spelling_source(reader, fieldname)
    words: set[bytes] = set()
    for leaf, _ in reader.leaf_readers():  # each segment's lexicon: Whoosh's merged one heap-merges them
        if source in leaf.schema:
            words.update(leaf.lexicon(source))
    found = SpellingWords([btext.decode("utf-8") for btext in sorted(words)])
    with _lock:
        fields[fieldname] = found
    return found


def spelling_source(reader: Any, fieldname: str) -> str:
    """The field holding *fieldname*'s unstemmed words (its spelling twin, or itself)."""
    fieldobj = reader.schema[fieldname]
    return str(fieldobj.spelling_fieldname(fieldname)) if fieldobj.separate_spelling() else fieldname


def words_within(
    reader: Any, fieldname: str, text: str, maxdist: int, prefix: int = 0, limit: int | None = None
) -> list[tuple[str, int]]:
    """(word, distance) of the field's words within *maxdist* edits of *text*, sharing *prefix*
    chars, among at most *limit* candidates (None: every word)."""
    words = spelling_words(reader, fieldname)
    if prefix > 0:
        candidates = [w for w in words.starting_with(text[:1]) if w[:prefix] == text[:prefix]]
    else:
        candidates = words.all()
    if limit is not None:
        candidates = candidates[:limit]
    found = process.extract(
        text, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=maxdist, limit=None
    )
    return [(word, int(distance)) for word, distance, _ in found]

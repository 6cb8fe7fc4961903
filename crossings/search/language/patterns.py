"""The indexed words a wildcard word (``migra*``, ``wom?n``, ``*tion``) stands for, found fast.

Whoosh walks the term dictionary on disk for every pattern, merging every segment's terms in
Python: about a second per field at 10,000 documents for a pattern without a literal start.
Here a text field's pattern is matched against the field's words as written (its spelling twin,
already read once per reader for fuzzy words and suggestions, crossings.search.language.fuzzy), joined
into one string so that a pattern is one regular-expression scan in C, or, when its longest run of
plain characters is rare, a substring search for that run in C; each word found is then
analysed like the field (``migrations`` -> ``migrat``). Other fields (country codes, ids) have
few words and are matched against their own.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from typing import Any

from crossings.search.language.fuzzy import spelling_words
from crossings.search.request.budget import Budget
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import MAX_PATTERN_WORDS

_joined: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def field_words(reader: Any, fieldname: str) -> str:
    """The words of *fieldname* (as written, for a text field), each after a newline (cached
    while the reader lives)."""
    with _lock:
        fields = _joined.setdefault(reader, {})
        cached = fields.get(fieldname)
    if cached is not None:
        return cached
    if reader.schema[fieldname].separate_spelling():
        joined = spelling_words(reader, fieldname).text  # the same string, not a second one
    else:
        joined = "\n" + "\n".join(btext.decode("utf-8") for btext in reader.lexicon(fieldname))
    with _lock:
        fields[fieldname] = joined
    return joined


def expand_pattern(
    reader: Any,
    fieldname: str,
    pattern: str,
    budget: Budget | None = None,
    *,
    limit: int = MAX_PATTERN_WORDS,
    typed: bool = True,
) -> tuple[bytes, ...]:
    """The index terms of the words of *fieldname* that glob *pattern* matches (``*`` any run,
    ``?`` one character). A pattern the reader *typed* that stands for more than *limit* words
    is a QueryError (add letters); one the search made up stops at *limit* words."""
    words: list[str] = []
    for word in _matching_lines(field_words(reader, fieldname), pattern):
        if len(words) == limit:
            if not typed:
                break
            raise QueryError(
                f"{pattern} stands for more than {limit:,} words of the archive; add letters to narrow it"
            )
        words.append(word)
    if budget is not None:
        budget.check()
    fieldobj = reader.schema[fieldname]
    if not fieldobj.separate_spelling():
        return tuple(word.encode("utf-8") for word in words)
    terms: dict[bytes, None] = {}
    for word in words:
        for token in fieldobj.analyzer(word, mode="query"):
            terms[token.text.encode("utf-8")] = None
    return tuple(terms)


def _matching_lines(text: str, pattern: str) -> Iterator[str]:
    """The lines of *text* that glob *pattern* matches, in their order.

    A regular expression anchored at each line start tries every character of the text (about a
    millisecond for 30,000 words, whatever the pattern); when the pattern's longest run of plain
    characters is in few lines, only those lines are tried, found by a substring search."""
    literal = max(re.split(r"[*?]", pattern), key=len)
    if literal and "\n" not in pattern and text.count(literal) <= LITERAL_SCAN:
        whole = re.compile(_translate(pattern))
        at = text.find(literal)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[start:end]
            if whole.fullmatch(line):
                yield line
            at = text.find(literal, end)
        return
    for match in _word_regex(pattern).finditer(text):
        yield match.group(1)


LITERAL_SCAN = 400  # times a pattern's plain run may occur for a line-by-line look at them


def _word_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression of the glob *pattern* over :func:`field_words`: its group 1 is a
    word it matches (what ``^pattern$`` matches over the words one per line). The newline before
    the word is the expression's own first character, not ``^``: the engine then finds where a
    match can start with a fast search for its literal start (``\\nmigra``), where ``^`` made
    it try every position (three times slower at 10,000 documents)."""
    if "\n" in pattern:  # never in a query's word; a line break must not match as a word start
        return re.compile("(?<=\n)(" + _translate(pattern) + ")(?=\n|\\Z)")
    return re.compile("\n(" + _translate(pattern) + ")(?=\n|\\Z)")


def _translate(pattern: str) -> str:
    """A glob as the body of a regular expression over one line: ``*`` and ``?`` are special."""
    return "".join("[^\n]*" if c == "*" else "[^\n]" if c == "?" else re.escape(c) for c in pattern)

"""The "did you mean" of a query: its unknown words replaced by close words of the index.

Bounded so that no query can make it slow: only plain words of the query are corrected (not
phrases, patterns or field values), at most SUGGEST_WORDS of them, each against at most
CANDIDATES of the index's words that start with the same letter (one group of the spelling
words, compared in C), and the request's time budget is checked between words. A replacement
is a real word of the index, in the script of the word it replaces, with at least two
characters and a letter: never a digit or a punctuation mark.
"""

from __future__ import annotations

from typing import Any

from crossings.search.engine.schema import TEXT_FIELDS
from crossings.search.language.fuzzy import spelling_source, words_within
from crossings.search.language.syntax import FIELDS, Token, check_query, plain_syntax
from crossings.search.request.budget import Budget
from crossings.search.text.fold import fold
from crossings.search.text.scripts import script_of

SUGGEST_FIELDS = ("body", "title")
SUGGEST_WORDS = 6  # distinct words a suggestion looks at
CANDIDATES = 20_000  # words of the index one word is compared with, at most
SHORT_WORD = 4  # words this long or shorter get one edit; longer ones two
SYNTAX = frozenset(':*?~^[]{}"')


def suggestion(reader: Any, analyzer: Any, text: str, budget: Budget) -> tuple[str | None, bool]:
    """The corrected query (None when nothing needs correcting or nothing close was found),
    and whether the suggestion was skipped: the query has more than SUGGEST_WORDS words to
    look at, or the budget ran out."""
    plain = plain_syntax(text)
    words = _correctable(check_query(plain))
    if len({t.text for t in words}) > SUGGEST_WORDS:
        return None, True
    chars = list(plain)
    changed = False
    for token in sorted(words, key=lambda t: -t.start):  # from the end, so positions stay right
        if budget.spent():
            return None, True
        better = _correction(reader, analyzer, token.text)
        if better is not None:
            chars[token.start : token.start + len(token.text)] = better
            changed = True
    return ("".join(chars) if changed else None), False


def _correctable(tokens: list[Token]) -> list[Token]:
    """The plain words of *tokens* a suggestion may correct: not a phrase, a pattern or a
    range, nor the value of a field that holds codes rather than text (``session:s4``,
    ``country:(th OR my)``): those are matched whole, and a close word of the text would
    find nothing there."""
    words: list[Token] = []
    groups: list[bool] = []  # for each open group: whether it is the value of a code field
    value_of_code = False  # the token just read was the name of a code field
    for token in tokens:
        inside_code = value_of_code or (bool(groups) and groups[-1])
        value_of_code = False
        if token.kind == "field":
            value_of_code = inside_code or FIELDS.get(token.text[:-1].lower()) not in TEXT_FIELDS
        elif token.kind == "open":
            groups.append(inside_code)
        elif token.kind == "close" and groups:
            groups.pop()
        elif token.kind == "word" and not inside_code and not SYNTAX & set(token.text):
            words.append(token)
    return words


def _correction(reader: Any, analyzer: Any, word: str) -> str | None:
    """A close word of the index for *word* when *word* is one unknown word, else None."""
    if len(analyzer_terms(analyzer, word)) != 1:
        return None  # a stop word, or a word the analyzer cuts in parts (matched as a phrase)
    folded = fold(word)
    script = script_of(folded[0])
    if len(folded) < 2 or not script:
        return None
    if any(
        reader.frequency(spelling_source(reader, f), folded) for f in SUGGEST_FIELDS if f in reader.schema
    ):
        return None
    distance = 1 if len(folded) <= SHORT_WORD else 2
    best: tuple[int, int, str] | None = None
    for fieldname in SUGGEST_FIELDS:
        if fieldname not in reader.schema:
            continue
        source = spelling_source(reader, fieldname)
        for candidate, edits in words_within(reader, fieldname, folded, distance, prefix=1, limit=CANDIDATES):
            if candidate == folded or not _acceptable(candidate, script):
                continue
            key = (edits, -int(reader.frequency(source, candidate)), candidate)
            best = key if best is None or key < best else best
    return best[2] if best is not None else None


def _acceptable(candidate: str, script: str) -> bool:
    """A real word: two characters or more, a letter, every letter in *script*."""
    letters = [c for c in candidate if c.isalpha()]
    return len(candidate) >= 2 and bool(letters) and all(script_of(c) == script for c in letters)


def analyzer_terms(analyzer: Any, word: str) -> list[str]:
    """The query terms of *word*."""
    return [token.text for token in analyzer(word, mode="query")]

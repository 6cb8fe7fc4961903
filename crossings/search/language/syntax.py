"""Check a query's syntax before Whoosh reads it, naming the character at fault.

Whoosh's parser never fails: it guesses around what it cannot read (an unclosed quote, a
lone ``AND``, ``word^``) and may drop part of the query silently. Every mistake is therefore
caught here first, with its position (1-based) and what to write instead. What passes is
read by the parser as written (see crossings.search.language.parse for the query language).

Typing helps: curly quotes, full-width letters and punctuation and the ideographic space that
phone keyboards and input methods insert are read as their ASCII forms (:func:`plain_syntax`),
one character for one, so positions stay those of the text as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from crossings.search.registry import Kind, facets
from crossings.search.request.errors import QueryError
from crossings.search.request.limits import (
    MAX_BOOST,
    MAX_DEPTH,
    MAX_FUZZY_DISTANCE,
    MAX_PATTERNS,
    MAX_QUERY_CHARS,
)

OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
BINARY = OPERATORS - {"NOT"}
MINUS = "-"  # a minus sign right before a word, a phrase or a (group): NOT, read by the parser as such
BANG = "!"  # NOT as other engines write it (!police), read as the minus sign is
NEGATIONS = frozenset({"NOT", MINUS, BANG})
# Operators as other engines write them (Lucene's && || !, Google's |): Whoosh's parser drops
# them as punctuation, so that "migrant || debt" would find documents with both words.
SIGNS = {"&&": "AND", "||": "OR", "|": "OR"}
# Field names a query may use, and the index field each stands for: the text's and the
# document's, then each facet's (its name, record field and parameter; a year range is ``year:``).
FIELDS = {
    "title": "title",
    "section": "section",
    "body": "body",
    "author": "authors",
    "authors": "authors",
}
for _facet in facets():
    if _facet.kind is not Kind.YEARS:
        FIELDS.update(dict.fromkeys((_facet.params[0], _facet.name, _facet.record), _facet.field))
FIELDS.update({"session": "session", "year": "year", "date": "date", "id": "id"})
SHOWN_FIELDS = ", ".join(
    dict.fromkeys(
        [
            "title",
            "section",
            "body",
            "author",
            *(f.params[0] for f in facets() if f.kind is not Kind.YEARS),
            "session",
            "year",
            "date",
            "id",
        ]
    )
)
RANGE_FIELDS = frozenset({"year", "date"})
MAX_SLOP = 10

_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*|\*):")
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_FUZZY = re.compile(r"(\d*)(?:/([1-9]\d*))?")
_RANGE = re.compile(r"[\[{]\s*(?:(\S+?)\s+)?[Tt][Oo](?:\s+(\S+?))?\s*[\]}]")
# Full-width ASCII forms, the ideographic space and typographic quotes, as ASCII.
_PLAIN = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_PLAIN.update({0x3000: 0x20, 0x201C: 0x22, 0x201D: 0x22, 0x201E: 0x22, 0x201F: 0x22, 0x2033: 0x22})
_PLAIN.update({0x2018: 0x27, 0x2019: 0x27, 0x201A: 0x27, 0x201B: 0x27, 0x2032: 0x27, 0x02BC: 0x27})
# Hyphens, the en dash and the minus sign that word processors and keyboards put for "-" (the
# analyzer reads them all as one, so that in a word nothing changes; before a word, each is NOT).
_PLAIN.update(dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63), 0x2D))


def plain_syntax(text: str) -> str:
    """*text* with typographic quotes and full-width forms as ASCII, one character for one."""
    return text.translate(_PLAIN)


@dataclass(frozen=True)
class Token:
    """One piece of a query: its kind (word, phrase, open, close, op, field) and place; a range
    is a word with its field (``year:[1999 TO 2001]``)."""

    kind: str
    text: str
    start: int


def read_query(text: str) -> str:
    """*text* ready for the parser (plain syntax characters, field names in lower case), or
    QueryError naming the first mistake and where it is."""
    plain = plain_syntax(text)
    chars = list(plain)
    inserts: list[tuple[int, str]] = []  # (where, what): applied from the end, so places stay right
    for token in check_query(plain):
        field = _FIELD.match(token.text) if token.kind in ("field", "word") else None
        if field is not None and token.text != "*:*":
            chars[token.start : token.start + field.end()] = field.group().lower()
        if token.kind == "word" and (caret := _boost_to_group(plain, token)) is not None:
            # Whoosh reads the boost of a fuzzy word, a range or *:* as one more word to find
            # ("police~2^2" would look for "2" too): it takes the boost of a (group), so each is put in one.
            inserts += [(caret, ")"), (token.start, "(")]
        if token.kind == "op" and token.text in (MINUS, BANG):
            chars[token.start] = ""  # Whoosh's parser knows NOT, not the minus sign
            inserts.append((token.start, "NOT "))
        elif token.kind == "op" and token.text in SIGNS:  # && || |: the word, which may be longer
            chars[token.start : token.start + len(token.text)] = [""] * len(token.text)
            inserts.append((token.start, SIGNS[token.text]))
    for where, what in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        chars[where:where] = what
    return "".join(chars)


def _boost_to_group(text: str, token: Token) -> int | None:
    """Where the ^boost of a fuzzy word, a range or ``*:*`` (*token*) begins (None for other tokens)."""
    end = token.start + len(token.text)
    if _RANGE.search(token.text) and text.startswith("^", end):
        return end
    if ("~" in token.text or token.text.startswith("*:*")) and "^" in token.text:
        return token.start + token.text.rindex("^")
    return None


def check_query(text: str) -> list[Token]:
    """The tokens of *text* (syntax characters already plain), or QueryError naming the first
    mistake and where it is."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    _check_characters(text)
    tokens = _scan(text)
    _check_order(tokens)
    patterns = [t for t in tokens if t.kind == "word" and _is_pattern(t.text)]
    if len(patterns) > MAX_PATTERNS:
        raise QueryError(
            f"the query has {len(patterns)} words with * ? or ~ (from {_at(patterns[0].start)}); "
            f"the limit is {MAX_PATTERNS}"
        )
    return tokens


def _at(index: int) -> str:
    """A position for messages, counted from 1."""
    return f"character {index + 1}"


def _check_characters(text: str) -> None:
    """No NUL or control characters, nor halves of a surrogate pair (format characters such as
    bidirectional marks are text: the analyzer drops them)."""
    for index, char in enumerate(text):
        if char == "\x00":
            raise QueryError(f"the query contains a NUL character at {_at(index)}")
        category = unicodedata.category(char)
        if category == "Cs":
            raise QueryError(f"the query is not valid text at {_at(index)} (a byte that is not UTF-8)")
        if category == "Cc" and char not in "\t\n\r":
            raise QueryError(f"the query contains a control character (U+{ord(char):04X}) at {_at(index)}")


def _scan(text: str) -> list[Token]:
    """Cut *text* into tokens, checking each as it comes."""
    tokens: list[Token] = []
    opened: list[int] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            i = _phrase(text, i, tokens)
        elif char == "(":
            opened.append(i)
            if len(opened) > MAX_DEPTH:
                raise QueryError(f"parentheses nest more than {MAX_DEPTH} deep at {_at(i)}")
            tokens.append(Token("open", "(", i))
            i += 1
        elif char == ")":
            if not opened:
                raise QueryError(f"the query closes a parenthesis it never opened at {_at(i)}")
            if tokens and tokens[-1].kind == "open":
                raise QueryError(f"empty parentheses () at {_at(tokens[-1].start)}")
            opened.pop()
            tokens.append(Token("close", ")", i))
            i = _suffix(text, i + 1, ")")
        elif char in (MINUS, BANG) and _starts_minus(text, i):
            tokens.append(Token("op", char, i))  # -word: NOT word, as search engines read it
            i += 1
        elif char in "[{" and tokens and tokens[-1].kind == "field" and _touches(tokens[-1], i):
            i = _range(text, i, tokens)
        elif char in "[{" and _RANGE.match(text, i):
            raise QueryError(
                f"a range at {_at(i)} works only after year: or date: (e.g. year:[1999 TO 2001])"
            )
        else:
            i = _word(text, i, tokens)
    if opened:
        raise QueryError(f"the parenthesis at {_at(opened[-1])} is never closed")
    if tokens and tokens[-1].kind == "field":
        _nothing_after(tokens[-1])
    return tokens


def _starts_minus(text: str, index: int) -> bool:
    """True when the minus sign (or ``!``) at *index* stands before a word, a phrase, a (group) or a field,
    at the start of the query or after a space or an opening parenthesis (``-police``,
    ``-"work permit"``, ``(visa -police)``); not inside a word (``co-operation``) nor alone."""
    following = text[index + 1 : index + 2]
    if not following or following.isspace() or following in "-)":
        return False
    return index == 0 or text[index - 1].isspace() or text[index - 1] == "("


def _touches(token: Token, index: int) -> bool:
    """True when *index* is right after *token*."""
    return token.start + len(token.text) == index


def _phrase(text: str, start: int, tokens: list[Token]) -> int:
    """A "quoted phrase" and its optional ~slop and ^boost; the index after it."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError(
            f'the quote (") at {_at(start)} is never closed; close the phrase or remove the quote'
        )
    if not text[start + 1 : end].strip():
        raise QueryError(f'empty phrase "" at {_at(start)}')
    tokens.append(Token("phrase", text[start : end + 1], start))
    index = end + 1
    if text.startswith("~", index):
        digits = re.match(r"\d*", text[index + 1 :])
        slop = digits.group() if digits else ""
        if not slop or not 1 <= int(slop) <= MAX_SLOP:
            raise QueryError(
                f"~ after a phrase at {_at(index)} takes the words allowed between, 1 to {MAX_SLOP} "
                '(e.g. "police raids"~3)'
            )
        index += 1 + len(slop)
    return _suffix(text, index, "a phrase")


def _suffix(text: str, index: int, after: str) -> int:
    """An optional ^boost after a phrase or a group; the index after it."""
    if not text.startswith("^", index):
        return index
    match = _NUMBER.match(text, index + 1)
    end = match.end() if match else index + 1
    if match is None or (end < len(text) and not text[end].isspace() and text[end] != ")"):
        raise QueryError(f"^ after {after} at {_at(index)} must be followed by a number (e.g. ^2)")
    _boost(match.group(), index)
    return end


def _boost(number: str, index: int) -> None:
    """A boost must be above 0 and at most MAX_BOOST."""
    if not 0 < float(number) <= MAX_BOOST:
        raise QueryError(f"the boost at {_at(index)} must be above 0 and at most {MAX_BOOST:g}")


def _range(text: str, start: int, tokens: list[Token]) -> int:
    """A [low TO high] range after year: or date:; the index after it."""
    field = tokens[-1]
    name = field.text[:-1].lower()
    if name not in RANGE_FIELDS:
        raise QueryError(
            f"a range at {_at(start)} works only after year: or date: (e.g. year:[1999 TO 2001])"
        )
    closing = "]" if text[start] == "[" else "}"
    end = text.find(closing, start)
    match = _RANGE.fullmatch(text, start, end + 1) if end >= 0 else None
    if match is None:
        raise QueryError(
            f"the range at {_at(start)} must read [low TO high] (e.g. year:[1999 TO 2001]); "
            "either end may be left out"
        )
    if name == "year" and not all(re.fullmatch(r"\d{4}", v) for v in match.groups() if v):
        raise QueryError(f"a year range at {_at(start)} takes four-digit years (e.g. year:[1999 TO 2001])")
    tokens[-1] = Token("word", field.text + match.group(), field.start)
    return _suffix(text, end + 1, "a range")


def _word(text: str, start: int, tokens: list[Token]) -> int:
    """A word, an operator or a field name; the index after it."""
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in '()"':
        end += 1
    word = text[start:end]
    if word.startswith("*:*^"):  # every document, boosted: the boost is checked as a word's
        _check_word("*" + word[3:], start + 2)
        tokens.append(Token("word", word, start))
        return end
    field = _FIELD.match(word)
    if field is not None and word != "*:*":
        _field_name(field.group(1), start)
        tokens.append(Token("field", field.group(), start))
        rest = word[field.end() :]
        if rest[:1] in (MINUS, BANG) and rest[1:]:
            name = field.group(1)
            raise QueryError(
                f"{rest[0]} after {name}: at {_at(start + field.end())} would be dropped; to leave out "
                f"what {name}: holds, put the minus sign before the field: -{name}:{rest[1:]}"
            )
        if rest:
            if rest[0] in "[{":
                return start + field.end()  # the range follows
            _check_word(rest, start + field.end())
            tokens.append(Token("word", rest, start + field.end()))
        elif end >= len(text) or text[end].isspace() or text[end] == ")":
            _nothing_after(tokens[-1])
        return end
    if word in OPERATORS or word in SIGNS:
        tokens.append(Token("op", word, start))
        return end
    if word != "*:*":
        _check_word(word, start)
    tokens.append(Token("word", word, start))
    return end


def _field_name(name: str, start: int) -> None:
    """A field name must be one the query language knows (never an internal field)."""
    if name == "*":
        raise QueryError(f"*: at {_at(start)} is not a field; write *:* for every document")
    if name.lower() not in FIELDS:
        raise QueryError(
            f"unknown field {name!r} at {_at(start)}; fields: {SHOWN_FIELDS}. "
            f'To search for text with a colon, put it in quotes ("{name}:...")'
        )


def _nothing_after(field: Token) -> None:
    """A field name needs something to search for right after the colon."""
    name = field.text[:-1]
    raise QueryError(f"nothing follows {name}: at {_at(field.start)}; write e.g. {name}:word")


def _check_word(word: str, start: int) -> None:
    """A word's ~fuzzy, ^boost and wildcard suffixes must be well formed."""
    if "^" in word:
        base, _, number = word.rpartition("^")
        if not base or "^" in base or not _NUMBER.fullmatch(number):
            caret = start + word.index("^")
            raise QueryError(f"^ at {_at(caret)} must end a word and be followed by a number (e.g. word^2)")
        _boost(number, start + len(base))
        word = base
    if "~" in word:
        base, _, spec = word.partition("~")
        fuzzy = _FUZZY.fullmatch(spec)
        tilde = start + len(base)
        if not base or base.strip("*?") == "" or fuzzy is None:
            raise QueryError(
                f"~ at {_at(tilde)} must end a word, alone or with an edit distance (word~ or word~2)"
            )
        if fuzzy.group(1) and int(fuzzy.group(1)) > MAX_FUZZY_DISTANCE:
            raise QueryError(f"the edit distance at {_at(tilde)} may be at most {MAX_FUZZY_DISTANCE}")
        if "*" in base or "?" in base:
            raise QueryError(f"a word at {_at(start)} cannot be both a pattern (* ?) and fuzzy (~)")


def _is_pattern(word: str) -> bool:
    """True for a word with a wildcard or a fuzzy mark (each expands to many indexed words)."""
    value = word.split(":", 1)[1] if _FIELD.match(word) else word
    return value != "*" and any(mark in value for mark in "*?~")


def _check_order(tokens: list[Token]) -> None:
    """AND/OR/ANDNOT/ANDMAYBE need something on both sides, NOT something after it."""
    for i, token in enumerate(tokens):
        if token.kind != "op":
            continue
        name = SIGNS.get(token.text, token.text)
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            after is None
            or after.kind == "close"
            or (after.kind == "op" and SIGNS.get(after.text, after.text) in BINARY)
        ):
            raise QueryError(
                f"{token.text} at {_at(token.start)} must be followed by a word, a phrase or a (group)"
            )
        if token.text in NEGATIONS and after.kind == "op":
            before_it = "another NOT" if token.text == after.text == "NOT" else token.text
            raise QueryError(
                f"{after.text} at {_at(after.start)} follows {before_it}; two NOTs cancel: remove both, "
                "or put the second in a group (NOT (NOT word))"
            )
        if name in BINARY and (before is None or before.kind in ("open", "op", "field")):
            raise QueryError(
                f"{token.text} at {_at(token.start)} must come between two words, phrases or (groups)"
            )

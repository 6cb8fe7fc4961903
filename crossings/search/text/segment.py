"""Cut text into words with ICU, and Han/Hangul/kana runs into overlapping character bigrams.

ICU's dictionaries find real words in Chinese, Japanese, Thai, Khmer, Lao and Burmese, but a
word ICU does not know (a name, a coinage, 性工作者 cut as 性/工作/者) is then not findable as a
whole. For the bigram scripts every run of characters is therefore also indexed as overlapping
bigrams, each at the position of its first character, so that a query of two or more characters
(analysed into its own bigrams) matches as a phrase wherever the characters occur. A character
that ICU sees as a one-character word is indexed alone too; a one-character query (雞) also
matches either half of a pair (crossings.search.plan.prepare), so it finds the character anywhere.

A line break between two characters of a run is taken as a soft wrap (hard-wrapped Chinese
text), not a word boundary; a space still separates.

ICU keeps an apostrophe or a colon inside a word (``Weston’s``, ``l’homme``, ``a:b``); such a
word is cut there, and an English possessive ``s`` dropped, so that ``Weston`` finds
``Weston’s`` whichever apostrophe was typed.

Positions: a run of n >= 2 characters takes n - 1 positions (one per bigram), a lone character
one; the token after a run follows the run's last bigram, so mixed phrases ("HIV 感染") match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from icu4py.breakers import WordBreaker
from whoosh.analysis import Token, Tokenizer

from crossings.search.text.fold import APOSTROPHES, compose_am_placed
from crossings.search.text.scripts import (
    BIGRAM_SCRIPTS,
    DICTIONARY_SCRIPTS,
    HAN,
    HANGUL,
    KANA,
    char_class,
    has_astral,
)

DEFAULT_BIGRAM_SCRIPTS = (HAN, HANGUL, KANA)

# (text, startchar, endchar, position, solo): solo tokens own their position (stop words may go).
Piece = tuple[str, int, int, int, bool]

# A letter or digit: segments without one (spaces, punctuation, emoji) are not words.
_WORD = re.compile(r"[^\W_]")
# Lone surrogates (from undecodable bytes) cannot go to ICU or into the index.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Longer "words" are data (base64, hashes, runs of one letter), never typed as a query.
MAX_WORD = 100
# Kana voicing marks, half-width and combining: part of the character before them.
_VOICING = frozenset("\uff9e\uff9f\u3099\u309a")
# Where a word ICU kept whole is cut: its apostrophes and colons, and between a number and a
# Thai, Lao, Khmer or Burmese word written against it (ICU joins ๒๕๔๔ and สิ้น in "๒๕๔๔สิ้น").
_DICTIONARY = char_class(DICTIONARY_SCRIPTS)
_INNER = re.compile(
    f"[{re.escape(APOSTROPHES)}:＇：]|(?<=\\d)(?=[{_DICTIONARY}])|(?<=[{_DICTIONARY}])(?=\\d)"
)
# One character class to scan a whole text with first (the look-arounds above cost more).
_MAY_CUT = re.compile(f"[{re.escape(APOSTROPHES)}:＇：{_DICTIONARY}]")


def icu_segments(text: str) -> list[tuple[int, int]]:
    """ICU word-break segments of *text* as code point offsets (ICU counts UTF-16 units)."""
    bounds = list(WordBreaker(text, "root").segments())
    if text.isascii() or not has_astral(text):
        return bounds
    to_index = _utf16_to_index(text)
    return [(to_index[start], to_index[end]) for start, end in bounds]


def _utf16_to_index(text: str) -> list[int]:
    """A table from UTF-16 offsets to Python string offsets."""
    table = []
    for index, char in enumerate(text):
        table.append(index)
        if ord(char) > 0xFFFF:
            table.append(index)
    table.append(len(text))
    return table


def _run_pieces(
    chars: str | list[str], starts: range | list[int], singles: set[int], pos: int, query: bool
) -> Iterator[Piece]:
    """Unigrams (ICU one-character words, index only) and bigrams of one run, from position *pos*."""
    count = len(chars)
    if count == 1:
        yield chars[0], starts[0], starts[0] + len(chars[0]), pos, False
        return
    for i in range(count - 1):
        if not query and starts[i] in singles:
            yield chars[i], starts[i], starts[i] + len(chars[i]), pos + i, False
        yield chars[i] + chars[i + 1], starts[i], starts[i + 1] + len(chars[i + 1]), pos + i, False
    if not query and starts[-1] in singles:
        yield chars[-1], starts[-1], starts[-1] + len(chars[-1]), pos + count - 1, False


def _units(chars: str | list[str], starts: range | list[int]) -> tuple[list[str], list[int]]:
    """The run's characters with each kana voicing mark joined to the character it voices
    (half-width ﾋﾞ is one character, ビ, once folded)."""
    units: list[str] = []
    places: list[int] = []
    for char, start in zip(chars, starts, strict=True):
        if char in _VOICING and units:
            units[-1] += char
        else:
            units.append(char)
            places.append(start)
    return units, places


# The last text cut and its pieces: Whoosh analyses each text field twice in a row (the field, then
# its unstemmed spelling twin), so the second pass reuses the first's ICU work. One tuple, replaced
# whole, so threads analysing queries never see a key with another text's pieces.
_last: list[tuple[tuple[str, tuple[str, ...], bool], list[Piece]]] = [(("", (), False), [])]


def pieces(text: str, scripts: tuple[str, ...], query: bool = False) -> Iterator[Piece]:
    """Every token of *text* in order: ICU words and bigram-script runs cut into bigrams."""
    return iter(cut_pieces(text, scripts, query))


def cut_pieces(text: str, scripts: tuple[str, ...], query: bool = False) -> list[Piece]:
    """:func:`pieces` as a list (shared with the next call for the same text: never change it)."""
    key = (text, scripts, query)
    last = _last[0]
    if last[0] == key:
        return last[1]
    cut = _cut(text, scripts, query)
    _last[0] = (key, cut)
    return cut


def _cut(text: str, scripts: tuple[str, ...], query: bool) -> list[Piece]:
    """The pieces of *text*, computed (an ASCII text without a scan: see :func:`word_spans`)."""
    if text.isascii():
        return list(_words(text))
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)  # same length: offsets stay right
    composed = compose_am_placed(text)
    if composed is not None:  # cut as typed on a keyboard, offsets those of the text as stored
        text, places = composed
        return [
            (word, places[start], places[end], pos, solo)
            for word, start, end, pos, solo in _cut(text, scripts, query)
        ]
    pattern = _pattern(scripts)
    if pattern is None or pattern.search(text) is None:
        return list(_words(text))
    return list(_mixed(text, scripts, query))


@cache
def _pattern(scripts: tuple[str, ...]) -> re.Pattern[str] | None:
    """A regex finding one character of *scripts*."""
    return re.compile(f"[{char_class(scripts)}]") if scripts else None


def word_spans(text: str, scripts: tuple[str, ...]) -> list[tuple[int, int]] | None:
    """Where the pieces of *text* may be, when it takes the fast path (:func:`_words`): the
    spans of its ICU segments, cut at apostrophes and colons; a piece is each span whose text
    :func:`is_word`, numbered in turn. None when the text needs the general path (a lone
    surrogate, SARA AM written as two characters, a character of *scripts*).

    An ASCII text (most of an archive's in Latin script) holds none of these: it is not
    scanned for them (``str.isascii`` reads a flag the string keeps), which saved three scans
    of every body, 2 to 3 percent of a full index's time."""
    if text.isascii():
        return _spans(text)
    if _SURROGATE.search(text) or compose_am_placed(text) is not None:
        return None
    pattern = _pattern(scripts)
    if pattern is not None and pattern.search(text) is not None:
        return None
    return _spans(text)


def is_word(piece: str) -> bool:
    """True when the text of a span is a word (:func:`_words`' test): a letter or a digit in it,
    and at most MAX_WORD characters."""
    return (piece[:1].isalnum() or (len(piece) > 1 and _WORD.search(piece) is not None)) and len(
        piece
    ) <= MAX_WORD


def _spans(text: str) -> list[tuple[int, int]]:
    """The ICU segments of *text*, those holding an apostrophe, a colon... cut there (:func:`_parts`)."""
    segments = icu_segments(text)
    if _MAY_CUT.search(text):  # rare: cut the words that hold an apostrophe, a colon...
        inner = _INNER.search
        segments = [
            part for a, b in segments for part in (_parts(text, a, b) if inner(text, a, b) else ((a, b),))
        ]
    return segments


def _words(text: str) -> Iterator[Piece]:
    """The fast path for text without bigram-script characters: ICU words only."""
    pos, word = 0, _WORD.search
    for start, end in _spans(text):
        # [^\W_] is str.isalnum: a segment whose first character is a letter or digit is a word,
        # a one-character segment whose character is not is none (a space, a comma); only the
        # others are searched.
        if (
            text[start].isalnum() or (end - start > 1 and word(text, start, end))
        ) and end - start <= MAX_WORD:
            yield text[start:end], start, end, pos, True
            pos += 1


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A word cut at its apostrophes and colons (and between a number and a Thai word), without
    an English possessive "s" at its end."""
    parts, begin = [], start
    for match in _INNER.finditer(text, start, end):
        parts.append((begin, match.start()))
        begin = match.end()
    parts.append((begin, end))
    last = parts[-1]
    if len(parts) > 1 and text[last[0] : last[1]] in ("s", "S") and text[last[0] - 1] in APOSTROPHES + "＇":
        parts.pop()
    return [(a, b) for a, b in parts if b > a]


def _mixed(text: str, scripts: tuple[str, ...], query: bool) -> Iterator[Piece]:
    """ICU words, with runs of bigram-script characters cut into bigrams (and ICU one-character words)."""
    segments = icu_segments(text)
    singles = {start for start, end in segments if end - start == 1}
    pos, k = 0, 0
    for match in _runs(scripts).finditer(text):
        run_start, run_end = match.span()
        while k < len(segments) and segments[k][0] < run_start:  # words before the run
            for start, end in _parts(text, segments[k][0], min(segments[k][1], run_start)):
                if _WORD.search(text, start, end) and end - start <= MAX_WORD:
                    yield text[start:end], start, end, pos, True
                    pos += 1
            if segments[k][1] > run_start:
                break
            k += 1
        chars: str | list[str] = match.group()
        starts: range | list[int] = range(run_start, run_end)
        if "\n" in chars:  # a line break between two Han characters is a soft wrap, not a boundary
            starts = [i for i in starts if not text[i].isspace()]
            chars = [text[i] for i in starts]
        if _VOICING.intersection(chars):
            chars, starts = _units(chars, starts)
        yield from _run_pieces(chars, starts, singles, pos, query)
        pos += max(len(chars) - 1, 1)
        while k < len(segments) and segments[k][1] <= run_end:  # words inside the run
            k += 1
        if k < len(segments) and segments[k][0] < run_end:  # a word reaching past the run
            segments[k] = (run_end, segments[k][1])
    for segment_start, segment_end in segments[k:]:
        for start, end in _parts(text, segment_start, segment_end):
            if _WORD.search(text, start, end) and end - start <= MAX_WORD:
                yield text[start:end], start, end, pos, True
                pos += 1


@cache
def _runs(scripts: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching one run of characters of one of *scripts*, across soft line breaks."""
    alternatives = []
    for name in scripts:
        chars = f"[{char_class((name,))}]"
        alternatives.append(f"(?P<{name}>{chars}+(?:[^\\S\\n]*\\n\\s*{chars}+)*)")
    return re.compile("|".join(alternatives))


class IcuTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh tokenizer: ICU words, plus bigrams over runs of the given scripts."""

    def __init__(self, bigram_scripts: tuple[str, ...] = DEFAULT_BIGRAM_SCRIPTS) -> None:
        unknown = set(bigram_scripts) - set(BIGRAM_SCRIPTS)
        if unknown:
            raise ValueError(f"unknown bigram scripts {sorted(unknown)}; use some of {BIGRAM_SCRIPTS}")
        self.bigram_scripts = tuple(bigram_scripts)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Yield one reused Token per word or bigram, with positions and character offsets."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            stream: Iterator[Piece] = pieces(value, self.bigram_scripts, query=mode == "query")
        else:
            stream = iter([(value, 0, len(value), 0, True)])
        for text, start, end, pos, solo in stream:
            token.text = text
            token.boost = 1.0
            token.stopped = False
            token.solo = solo
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

"""Cut text into words with ICU, and Han/Hangul runs into overlapping character bigrams.

ICU's dictionaries find real words in Chinese, Japanese, Thai, Khmer, Lao and Burmese, but a
word ICU does not know (a name, a coinage, 性工作者 cut as 性/工作/者) is then not findable as a
whole. For the bigram scripts every run of characters is therefore also indexed as overlapping
bigrams, each at the position of its first character, so that a query of two or more characters
(analysed into its own bigrams) matches as a phrase wherever the characters occur. A character
that ICU sees as a one-character word is indexed alone too, so one-character queries (雞) work.

A line break between two characters of a run is taken as a soft wrap (hard-wrapped Chinese
text), not a word boundary; a space still separates.

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

from crossings.search.scripts import BIGRAM_SCRIPTS, HAN, HANGUL, char_class, has_astral

DEFAULT_BIGRAM_SCRIPTS = (HAN, HANGUL)

# (text, startchar, endchar, position, solo): solo tokens own their position (stop words may go).
Piece = tuple[str, int, int, int, bool]

# A letter or digit: segments without one (spaces, punctuation, emoji) are not words.
_WORD = re.compile(r"[^\W_]")
# Lone surrogates (from undecodable bytes) cannot go to ICU or into the index.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Longer "words" are data (base64, hashes, runs of one letter), never typed as a query.
MAX_WORD = 100


def icu_segments(text: str) -> list[tuple[int, int]]:
    """ICU word-break segments of *text* as code point offsets (ICU counts UTF-16 units)."""
    bounds = list(WordBreaker(text, "root").segments())
    if not has_astral(text):
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
        yield chars[0], starts[0], starts[0] + 1, pos, False
        return
    for i in range(count - 1):
        if not query and starts[i] in singles:
            yield chars[i], starts[i], starts[i] + 1, pos + i, False
        yield chars[i] + chars[i + 1], starts[i], starts[i + 1] + 1, pos + i, False
    if not query and starts[-1] in singles:
        yield chars[-1], starts[-1], starts[-1] + 1, pos + count - 1, False


# The last text cut and its pieces: Whoosh analyses each text field twice in a row (the field, then
# its unstemmed spelling twin), so the second pass reuses the first's ICU work. One tuple, replaced
# whole, so threads analysing queries never see a key with another text's pieces.
_last: list[tuple[tuple[str, tuple[str, ...], bool], list[Piece]]] = [(("", (), False), [])]


def pieces(text: str, scripts: tuple[str, ...], query: bool = False) -> Iterator[Piece]:
    """Every token of *text* in order: ICU words and bigram-script runs cut into bigrams."""
    key = (text, scripts, query)
    last = _last[0]
    if last[0] == key:
        return iter(last[1])
    cut = _cut(text, scripts, query)
    _last[0] = (key, cut)
    return iter(cut)


def _cut(text: str, scripts: tuple[str, ...], query: bool) -> list[Piece]:
    """The pieces of *text*, computed."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)  # same length: offsets stay right
    pattern = _pattern(scripts)
    if pattern is None or pattern.search(text) is None:
        return list(_words(text))
    return list(_mixed(text, scripts, query))


@cache
def _pattern(scripts: tuple[str, ...]) -> re.Pattern[str] | None:
    """A regex finding one character of *scripts*."""
    return re.compile(f"[{char_class(scripts)}]") if scripts else None


def _words(text: str) -> Iterator[Piece]:
    """The fast path for text without bigram-script characters: ICU words only."""
    pos, word = 0, _WORD.search
    for start, end in icu_segments(text):
        segment = text[start:end]
        if word(segment) and end - start <= MAX_WORD:
            yield segment, start, end, pos, True
            pos += 1


def _mixed(text: str, scripts: tuple[str, ...], query: bool) -> Iterator[Piece]:
    """ICU words, with runs of bigram-script characters cut into bigrams (and ICU one-character words)."""
    segments = icu_segments(text)
    singles = {start for start, end in segments if end - start == 1}
    pos, k = 0, 0
    for match in _runs(scripts).finditer(text):
        run_start, run_end = match.span()
        while k < len(segments) and segments[k][0] < run_start:  # words before the run
            start, end = segments[k][0], min(segments[k][1], run_start)
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
        yield from _run_pieces(chars, starts, singles, pos, query)
        pos += max(len(chars) - 1, 1)
        while k < len(segments) and segments[k][1] <= run_end:  # words inside the run
            k += 1
        if k < len(segments) and segments[k][0] < run_end:  # a word reaching past the run
            segments[k] = (run_end, segments[k][1])
    for start, end in segments[k:]:
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

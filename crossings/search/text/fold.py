"""Normalise text the one way index and queries share: NFKC (full- and half-width forms; Thai and
Lao SARA AM kept one character), case, apostrophes and quotes, hyphens and dashes, the digits of
every script, Latin accents, Traditional to Simplified Chinese; soft hyphens and zero-width
spaces removed.

Thai, Lao, Khmer and Burmese vowel and tone marks are combining characters too, but they are
part of the spelling there, so accents are folded only on Latin letters. :func:`fold` is the
index form of one token; :func:`fold_text` the same for any text (the recall benchmark's
substring search uses it, so that it compares what the index compares).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, Token

from crossings.search.text.scripts import HAN, char_class, is_latin

# Latin letters without a canonical decomposition (Vietnamese đ above all).
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"})
APOSTROPHES = "'’‘‛ʼ′`´"
DASHES = "‐‑‒–—―⁃−﹘⸺⸻"
# Punctuation with one meaning and several shapes, as ASCII; invisible characters removed.
_MARKS = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(DASHES, "-"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("\u00ad\u200b\u2060\ufeff", None),
    }
)
# NFKC decomposes Thai and Lao SARA AM (ทำ -> ทํา), a vowel written and typed as one character;
# the word breaker cuts the decomposed form elsewhere (ทํางาน -> ทํา, งาน), so a folded word
# analysed again would not be the word: the vowel is composed back.
_AM = (("\u0e4d\u0e32", "\u0e33"), ("\u0ecd\u0eb2", "\u0eb3"))
_AM_VOWEL = dict(_AM)
_AM_PAIR = re.compile("|".join(pair for pair, _ in _AM))
# A decimal digit of any script but ASCII (Thai ๑, Arabic-Indic ١, Devanagari १...).
_DIGIT = re.compile(r"(?![0-9])\d")

_HAN = re.compile(f"[{char_class((HAN,))}]")

# OpenCC converters hold C state that cannot be pickled: one per process, made on first use.
_OPENCC: dict[str, Any] = {}


def _t2s() -> Any:
    """The process's Traditional-to-Simplified converter."""
    if "t2s" not in _OPENCC:
        import opencc

        _OPENCC["t2s"] = opencc.OpenCC("t2s")
    return _OPENCC["t2s"]


@lru_cache(maxsize=65536)
def simplify_char(char: str) -> str:
    """One Han character in Simplified form, converted alone so index and query always agree."""
    converted = str(_t2s().convert(char))
    return converted if len(converted) == 1 else char


def strip_accents(text: str) -> str:
    """*text* without the diacritics of its Latin letters ("Việt Nam" -> "Viet Nam"); other marks stay."""
    kept: list[str] = []
    latin = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if not latin:
                kept.append(ch)
            continue
        latin = is_latin(ch)
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_LETTERS)


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """The index form of one token's text (any script)."""
    return fold_text(text)


def fold_text(text: str) -> str:
    """*text* in the form the index compares (see the module's docstring)."""
    if text.isascii():
        return text.lower()
    text = compose_am(unicodedata.normalize("NFKC", text).casefold().translate(_MARKS))
    text = _DIGIT.sub(_ascii_digit, text)
    if is_latin(text):
        text = strip_accents(text)
    return _HAN.sub(_simplify_match, text)


def compose_am(text: str) -> str:
    """*text* with Thai and Lao SARA AM written as the one character it is typed as (NFKC, or a
    keyboard, may give NIKHAHIT or NIGGAHITA and SARA AA instead)."""
    for pair, vowel in _AM:
        if pair in text:
            text = text.replace(pair, vowel)
    return text


def compose_am_placed(text: str) -> tuple[str, list[int]] | None:
    """*text* with SARA AM composed (:func:`compose_am`) and, for each offset of the result up
    to its length, the offset in *text* it comes from; None when *text* has nothing to compose.
    The word breaker cuts ทํางาน (SARA AM written as two characters) as ทํา, งาน: a document's
    text is cut composed, its words keeping the character offsets of the text as stored."""
    if not _AM_PAIR.search(text):
        return None
    parts: list[str] = []
    places: list[int] = []
    last = 0
    for match in _AM_PAIR.finditer(text):
        parts.append(text[last : match.start()])
        places.extend(range(last, match.start()))
        parts.append(_AM_VOWEL[match.group()])
        places.append(match.start())
        last = match.end()
    parts.append(text[last:])
    places.extend(range(last, len(text) + 1))
    return "".join(parts), places


def _ascii_digit(match: re.Match[str]) -> str:
    """The ASCII digit of one matched decimal digit."""
    return str(unicodedata.decimal(match.group()))


def _simplify_match(match: re.Match[str]) -> str:
    """The Simplified form of one matched Han character."""
    return simplify_char(match.group())


class FoldFilter(Filter):  # type: ignore[misc]
    """Whoosh filter applying :func:`fold` to every token."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Fold each token's text in place."""
        for token in tokens:
            token.text = fold(token.text)
            yield token


class StopFilter(Filter):  # type: ignore[misc]
    """Drop stop words, closing the gap they leave so phrases match across them.

    Whoosh's own StopFilter renumbers every token and drops one-character ones, which would
    break bigram positions and lose Chinese one-character words; this one only removes tokens
    that own their position (``token.solo``) and shifts the positions after them.
    """

    def __init__(self, stopwords: frozenset[str] = frozenset()) -> None:
        self.stops = frozenset(fold(word) for word in stopwords)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Yield the tokens that are not stop words (or all, marked, when stops are kept)."""
        stops, shift = self.stops, 0
        for token in tokens:
            stop = getattr(token, "solo", True) and token.text in stops
            if stop and token.removestops:
                shift += 1
                continue
            token.stopped = stop
            if shift and token.positions:
                token.pos -= shift
            yield token

"""Which writing system a character belongs to, as far as text analysis needs to know."""

from __future__ import annotations

import re

# Scripts the tokenizer can cut into overlapping character bigrams (names used in settings/tests).
HAN = "han"
HANGUL = "hangul"
KANA = "kana"
THAI = "thai"
BIGRAM_SCRIPTS = (HAN, HANGUL, KANA, THAI)
LAO = "lao"
KHMER = "khmer"
MYANMAR = "myanmar"
# Scripts written without spaces between words whose characters are also words' parts.
CHARACTER_SCRIPTS = (HAN, HANGUL, KANA)
# Scripts written without spaces whose words ICU finds with a dictionary: a word may sit inside
# a longer one ICU kept whole (การ in การประชุม).
DICTIONARY_SCRIPTS = (THAI, LAO, KHMER, MYANMAR)

# Code point ranges; Han covers the unified ideographs, extensions A-H and compatibility blocks.
_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    HAN: (
        (0x3005, 0x3007),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF),
        (0x20000, 0x323AF),
        (0x2F800, 0x2FA1F),
    ),
    HANGUL: ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF)),
    # Hiragana, Katakana (with the long vowel mark), their phonetic extensions, half-width Katakana.
    KANA: ((0x3041, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F)),
    THAI: ((0x0E00, 0x0E4F), (0x0E5A, 0x0E7F)),  # Thai digits (0E50-0E59) are numbers: ICU keeps them whole
    LAO: ((0x0E80, 0x0EFF),),
    KHMER: ((0x1780, 0x17FF), (0x19E0, 0x19FF)),
    MYANMAR: ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),
}

# Letters whose accents are folded away: Latin (with Vietnamese's Latin Extended Additional).
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def ranges(scripts: tuple[str, ...]) -> list[tuple[int, int]]:
    """The code point ranges of *scripts* (the offline search's script tests are built from them)."""
    return [pair for name in scripts for pair in _RANGES[name]]


def char_class(scripts: tuple[str, ...]) -> str:
    """The body of a regex character class matching the characters of *scripts*."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for name in scripts for low, high in _RANGES[name])


def is_latin(text: str) -> bool:
    """True when *text* holds at least one Latin letter (its accents may be folded)."""
    return _LATIN.search(text) is not None


def has_astral(text: str) -> bool:
    """True when *text* holds characters outside the Basic Multilingual Plane (two UTF-16 units)."""
    return _ASTRAL.search(text) is not None


def script_of(char: str) -> str:
    """The script of one character: a name of _RANGES, ``latin``, or ``""`` (digits, punctuation, other)."""
    if _LATIN.match(char):
        return "latin"
    code = ord(char)
    for name, ranges in _RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return name
    return "" if not char.isalpha() else "other"


def dictionary_script(text: str) -> bool:
    """True when every letter of *text* is of a dictionary script (Thai, Lao, Khmer, Burmese)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(script_of(c) in DICTIONARY_SCRIPTS for c in letters)


def bigram_script(char: str) -> bool:
    """True for a character of a script whose characters the index also pairs (Han, Hangul, kana)."""
    return script_of(char) in CHARACTER_SCRIPTS

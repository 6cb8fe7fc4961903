"""Which writing system a character belongs to, as far as text analysis needs to know."""

from __future__ import annotations

import re

# Scripts the tokenizer can cut into overlapping character bigrams (names used in settings/tests).
HAN = "han"
HANGUL = "hangul"
THAI = "thai"
BIGRAM_SCRIPTS = (HAN, HANGUL, THAI)

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
    THAI: ((0x0E00, 0x0E7F),),
}

# Letters whose accents are folded away: Latin (with Vietnamese's Latin Extended Additional).
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def char_class(scripts: tuple[str, ...]) -> str:
    """The body of a regex character class matching the characters of *scripts*."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for name in scripts for low, high in _RANGES[name])


def is_latin(text: str) -> bool:
    """True when *text* holds at least one Latin letter (its accents may be folded)."""
    return _LATIN.search(text) is not None


def has_astral(text: str) -> bool:
    """True when *text* holds characters outside the Basic Multilingual Plane (two UTF-16 units)."""
    return _ASTRAL.search(text) is not None

"""One normal form for needles and haystacks, so line breaks, case and markup do not hide a leak."""

from __future__ import annotations

import unicodedata

# Characters a renderer or a PDF extractor may insert or drop inside a sentence, and the
# separators a file name uses instead of spaces (Mali_Sample-Srisuk.png).
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "-", "_", "\u2010", "\u2011"}


def normalize(text: str) -> tuple[str, list[int]]:
    """Casefolded NFKC text without whitespace or hyphens, and each kept character's offset in *text*."""
    kept: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char.isspace() or char in _INVISIBLE:
            continue
        folded = unicodedata.normalize("NFKC", char).casefold()
        for piece in folded:
            if not piece.isspace():
                kept.append(piece)
                offsets.append(index)
    return "".join(kept), offsets


def normalize_needle(text: str) -> str:
    """The normal form of a needle."""
    return normalize(text)[0]

"""Which characters are common in Chinese, Japanese, Korean and Thai text (built from codec tables).

The first levels of the national standards (Big5 level 1, GB2312, JIS X 0208 level 1, KS X 1001)
hold the characters real text uses; a wrong double-byte codec scatters characters over the
whole code space. charset-normalizer's frequency lists give the most frequent ones.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Protocol, cast

_BIG5_TRAILS = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
_SJIS_TRAILS = (*range(0x40, 0x7F), *range(0x80, 0xFD))
_EUC_TRAILS = tuple(range(0xA1, 0xFF))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Converter(Protocol):
    """The part of opencc.OpenCC used here."""

    def convert(self, text: str) -> str:
        """Convert between Chinese forms."""


@functools.cache
def converter(config: str) -> Converter:
    """An OpenCC converter ("t2s" or "s2t"), built once."""
    import opencc

    return cast(Converter, opencc.OpenCC(config))


@functools.cache
def common_chars(key: str) -> frozenset[str]:
    """Characters common in a CJK language ("zh", "ja", "ko")."""
    if key == "zh":
        # Big5 level 1, the HKSCS additions (Cantonese) and all of GB2312.
        big5 = _decode_pairs("cp950", range(0xA4, 0xC7), _BIG5_TRAILS, stop=0xC67E)
        hk_leads = (*range(0x87, 0xA1), 0xC6, 0xC7, 0xC8, *range(0xF9, 0xFF))
        hkscs = _decode_pairs("big5hkscs", hk_leads, _BIG5_TRAILS)
        return big5 | hkscs | _decode_pairs("gb2312", range(0xB0, 0xF8), _EUC_TRAILS)
    if key == "ja":
        kanji = _decode_pairs("cp932", range(0x88, 0x99), _SJIS_TRAILS, stop=0x9872)
        kana = frozenset(chr(c) for c in (*range(0x3040, 0x3100), *range(0xFF66, 0xFFA0)))  # half-width too
        # Windows' own kanji (NEC and IBM extensions): only cp932 text has them, never mojibake of it.
        windows = _decode_pairs("cp932", (0x87, 0xED, 0xEE, 0xFA, 0xFB, 0xFC), _SJIS_TRAILS)
        return kanji | kana | windows
    if key == "ko":
        return _decode_pairs("cp949", range(0xB0, 0xC9), _EUC_TRAILS) | _decode_pairs(
            "cp949", range(0xCA, 0xFE), _EUC_TRAILS
        )
    raise ValueError(key)


def _decode_pairs(
    codec: str, leads: Iterable[int], trails: Iterable[int], stop: int = 0xFFFF
) -> frozenset[str]:
    """Every single character a double-byte codec gives for the lead/trail byte pairs."""
    found: set[str] = set()
    trail_list = list(trails)
    for lead in leads:
        for trail in trail_list:
            if (lead << 8 | trail) > stop:
                break
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                found.add(char)
    return frozenset(found)


@functools.cache
def frequent(language: str) -> frozenset[str]:
    """The most frequent characters of "Chinese" (both forms), "Korean" or "Thai"."""
    from charset_normalizer.constant import FREQUENCIES

    chars = "".join(FREQUENCIES[language])
    if language == "Chinese":
        return frozenset(chars) | frozenset(converter("s2t").convert(chars))
    return frozenset(chars)


def frequent_share(chars: Iterable[str], language: str) -> float:
    """The share of `chars` among the language's most frequent characters."""
    listed = list(chars)
    top = frequent(language)
    return sum(1 for c in listed if c in top) / len(listed) if listed else 0.0


def dictionary_share(text: str, script: str, limit: int = 5_000) -> float:
    """The share of `script` characters that ICU's dictionary finds inside words of two or more.

    Real Chinese and Japanese segment into dictionary words (75-80% of characters measured);
    a wrong codec's characters almost never form one (0% measured).
    """
    from icu4py.breakers import WordBreaker

    # Runs of the script from anywhere in the text: a long preface in another script is skipped.
    sample = "\n".join(re.findall(f"[{script}]+", text))[:limit]
    sample = _ASTRAL.sub("\ufffd", sample)  # ICU counts UTF-16 units; keep offsets equal to indices
    inside = total = 0
    for start, end in WordBreaker(sample, "root").segments():
        count = len(re.findall(f"[{script}]", sample[start:end]))
        total += count
        inside += count if end - start > 1 else 0
    return inside / total if total else 0.0


def rare_share(chars: Iterable[str], key: str) -> float:
    """The share of CJK characters in `chars` outside the common characters of `key`."""
    common = common_chars(key)
    # Enclosed and squared signs (㈱, ㌃) are Windows extensions real Japanese text uses; not letters.
    signs = key == "ja"
    considered = [c for c in chars if c > "\u3000" and not (signs and "\u3200" <= c <= "\u33ff")]
    return sum(1 for c in considered if c not in common) / len(considered) if considered else 0.0

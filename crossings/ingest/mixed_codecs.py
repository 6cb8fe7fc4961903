"""Find the lines of a CJK text written in two legacy encodings of one region (a Big5 paragraph
pasted into a GB2312 text, Johab notes added to an EUC-KR report).

Decoded whole with either encoding, the other's lines become rare characters nobody wrote (GB18030
reads almost any Big5 bytes) or do not decode at all. Each line is judged alone: it reads right in
an encoding when its characters are common ones of the language.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence

from crossings.ingest.charfreq import frequent_share, rare_share

# The charfreq key of each CJK script (ISO 15924).
_KEYS = {"Hani": "zh", "Hant": "zh", "Hans": "zh", "Jpan": "ja", "Kore": "ko", "Hang": "ko"}
MIN_CHARS = 6  # CJK characters a line needs before it is judged alone
RIGHT = 0.15  # at most this share of rare characters: the line reads right
WRONG = 0.5  # at least this share under the codec the whole text was read with: look closer
# Of the letters among the language's most frequent: real lines 0.1-0.7 (median 0.4), a wrong
# codec's 0-0.1 (chardet's Big5, GB2312, EUC-KR and Johab texts, line by line).
FREQUENT = 0.2
LINE_SAMPLE = 400  # characters of a line judged: a line in another encoding is wrong throughout
INFREQUENT = 0.05
_FREQUENCY = {"zh": "Chinese", "ko": "Korean"}
# Kana, Han (with the compatibility ideographs), Hangul syllables and compatibility jamo.
_LETTERS = re.compile("[\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def mixed_lines(
    data: bytes, candidates: Sequence[str], script: str, chosen: str = ""
) -> tuple[int, str, int, str] | None:
    """When some lines read right only in one of *candidates* and others only in another: a line
    that reads wrong in the codec reading most lines, the codec it reads right in, the first line
    of the former and that codec. None when no line reads right only in another codec.

    *chosen*: the codec the whole text decoded with; the lines are judged only when one of them
    reads wrong in it (a cheap first look, as most texts are in one encoding).
    """
    key = _KEYS.get(script)
    if key is None or len(candidates) < 2:
        return None
    lines = [(number, line) for number, line in enumerate(data.splitlines(), 1) if not line.isascii()]
    if chosen and not any(_reads_wrong(line, chosen, key) for _, line in lines):
        return None
    reads = [(number, line, [c for c in candidates if _reads_right(line, c, key)]) for number, line in lines]
    reads = [(number, line, found) for number, line, found in reads if found]
    if not reads:
        return None
    best = max(candidates, key=lambda c: sum(c in found for _, _, found in reads))
    # Another codec's line reads wrong in the best one, not merely too short to judge.
    other = next(((number, found[0]) for number, line, found in reads if _reads_wrong(line, best, key)), None)
    if other is None:
        return None
    first = next(number for number, _, found in reads if best in found)
    return other[0], other[1], first, best


def _cjk(line: bytes, codec: str) -> str | None:
    """The CJK letters (not fullwidth signs) of *line* decoded with *codec*, None when it does not decode."""
    try:
        # Incremental: a character cut by the sample's end is left out, not an error.
        text = codecs.getincrementaldecoder(codec)().decode(
            line[: 4 * LINE_SAMPLE], final=len(line) <= 4 * LINE_SAMPLE
        )
    except (UnicodeDecodeError, LookupError):
        return None
    return "".join(_LETTERS.findall(text, 0, LINE_SAMPLE))


def _reads_right(line: bytes, codec: str, key: str) -> bool:
    """True when *line* decodes in *codec* into enough letters, nearly all common ones and many of
    the most frequent (with kana for Japanese: EUC-KR's Hangul read as EUC-JP are common kanji)."""
    chars = _cjk(line, codec)
    if chars is None or len(chars) < MIN_CHARS or rare_share(chars, key) > RIGHT:
        return False
    if key == "ja":
        return any("\u3040" <= c <= "\u30ff" for c in chars)
    return frequent_share(chars, _FREQUENCY[key]) >= FREQUENT


def _reads_wrong(line: bytes, codec: str, key: str) -> bool:
    """True when *line* does not decode in *codec*, or into rare letters, or (Chinese, Korean) into
    a long run of letters without one of the most frequent (GB18030 reads Big5 as common ones)."""
    chars = _cjk(line, codec)
    if chars is None:
        return True
    if len(chars) < MIN_CHARS:
        return False
    if rare_share(chars, key) >= WRONG:
        return True
    return key != "ja" and len(chars) >= 2 * MIN_CHARS and frequent_share(chars, _FREQUENCY[key]) < INFREQUENT

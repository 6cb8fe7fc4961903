"""Keep every character of a Markdown or plain text through pandoc's CommonMark reader.

That reader puts the whole text into Unicode normal form C: CJK compatibility ideographs become
the unified ideograph they look like (U+FA36 becomes U+559D; Korean and Japanese texts write
names and place names with them on purpose), a letter followed by a combining accent becomes
one character, conjoining Hangul jamo become a syllable, U+2126 OHM SIGN becomes Greek omega.
A conversion must not change the characters a contributor wrote, so before pandoc reads the
text each character that normal form C would change (alone, or with the characters before it)
is replaced by a token of noncharacters (U+FDD0-U+FDEF, which normal form C leaves alone and
pandoc copies through as text), and the tokens are turned back into the characters afterwards.
"""

from __future__ import annotations

import re
import unicodedata

_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_DIGITS = "".join(chr(code) for code in range(0xFDE0, 0xFDF0))  # a token's number, base 16
_TOKEN = re.compile(f"{_OPEN}([{_DIGITS}]+){_CLOSE}")
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")


def protect(text: str) -> tuple[str, tuple[str, ...]]:
    """*text* with every character normal form C would change replaced by a token, and the
    characters the tokens stand for, in token order (none when the text is already normal)."""
    if unicodedata.is_normalized("NFC", text) and not _NONCHARACTERS.search(text):
        return text, ()
    kept: dict[str, int] = {}
    lines = []
    for line in text.split("\n"):
        if unicodedata.is_normalized("NFC", line) and not _NONCHARACTERS.search(line):
            lines.append(line)
        else:
            lines.append(_protect_line(line, kept))
    return "\n".join(lines), tuple(kept)


def _protect_line(line: str, kept: dict[str, int]) -> str:
    """One line, tokens in place of what normal form C would change, given what stays before it."""
    out: list[str] = []
    cluster = ""  # the characters written as they are since the last one that starts a cluster
    for char in line:
        literal = cluster + char
        if (
            "\ufdd0" <= char <= "\ufdef"
            or unicodedata.normalize("NFC", char) != char
            or unicodedata.normalize("NFC", literal) != literal
        ):
            out.append(_token(kept.setdefault(char, len(kept))))
            continue
        out.append(char)
        cluster = literal if unicodedata.combining(char) else char
    return "".join(out)


def _token(number: int) -> str:
    """The token of character *number*."""
    digits = ""
    while True:
        number, digit = divmod(number, 16)
        digits = _DIGITS[digit] + digits
        if not number:
            return _OPEN + digits + _CLOSE


def restore(text: str, kept: tuple[str, ...]) -> str:
    """*text* (pandoc's output) with each token turned back into its character."""
    if not kept:
        return text
    return _TOKEN.sub(lambda found: kept[_number(found.group(1))], text)


def _number(digits: str) -> int:
    """The number a token's digits spell."""
    value = 0
    for digit in digits:
        value = value * 16 + _DIGITS.index(digit)
    return value

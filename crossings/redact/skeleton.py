"""The one normal form in which withheld names are matched: by redaction and by the leak scan.

A name must be found however a document, a renderer or an adversary spells it: across markup
(``*Wanida* N-Phorn``), line breaks and table cells, with soft hyphens, zero-width or bidi
characters inside, in fullwidth letters, with any hyphen or apostrophe, as HTML entities
(``&#114;``), with Markdown escapes (``\\-``), percent- or plus-encoded in a URL, with or without
Latin accents, in any case. So both sides are reduced to a *skeleton*: entities,
percent-escapes and JSON ``\\u`` escapes decoded, each character cluster NFKC-normalised and
case-folded (Latin accents dropped), and only letters, digits and combining marks kept, never
an invisible one. Every skeleton character remembers the span of the original text it came
from, so a match can be replaced or reported in place. A text holding TeX commands is also read
as its formula shows it (``find``).
"""

from __future__ import annotations

import html
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

# Escapes decoded before matching: HTML/XML character references, runs of URL %-escapes and runs
# of JSON and JavaScript \\u escapes (Sphinx writes searchindex.js with every non-ASCII letter so).
_ESCAPE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|(?:%[0-9A-Fa-f]{2})+"
    r"|(?:\\u[0-9A-Fa-f]{4})+"
)
# Latin letters that carry their "accent" in the letter itself (NFD leaves them whole), and the
# letters that look like Latin ones, which NFKC leaves apart (a name typed with a Cyrillic а, in
# small capitals ᴡᴀɴɪᴅᴀ, or with Armenian օ still shows): Cyrillic, Greek, Armenian, the small
# capitals and a few other Latin shapes (script ɑ and ɡ, dotless ȷ, Latin iota).
_LATIN_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ı": "i"}
    | dict(zip("аеорсухіјѕԁһӏԛԝАВЕКМНОРСТУХІЈЅԚԜ", "aeopcyxijsdhlqwabekmhopctyxijsqw", strict=True))
    | dict(zip("αβεικνοτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abeiknotuxabezhikmnoptyx", strict=True))
    | dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz", strict=True))
    | dict(zip("ɑɡȷɩօոսհզց", "agjionuhqg", strict=True))
)
# A TeX control word: a formula's command, never shown as its letters.
_CONTROL_WORD = re.compile(r"\\[A-Za-z]+")
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
# OpenCC holds C state: one converter per process, made on first use. Hong Kong's variants to
# Simplified (a superset of plain Traditional to Simplified), then Taiwan's.
_CONVERTERS: dict[str, object] = {}
HAN_FOLDING = ("hk2s", "tw2s")
# Default-ignorable characters that are letters or marks, so kept by category yet never shown:
# the combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free variation
# selectors and the variation selectors. One inside a name must not hide it.
_IGNORABLE = frozenset(
    (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0)
).union(range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
# Scripts written without spaces between words: a name there needs no word boundary.
_DENSE = ((0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x2E80, 0x10FFFF))


def _dense(char: str) -> bool:
    """True for a character of a script written without word spaces (CJK, Thai, Lao, Khmer...)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _DENSE)


def joins_words(char: str) -> bool:
    """True when *char* would continue a word of a spaced script (a Latin letter or digit, say)."""
    return not _dense(char)


def _continues(before: str, after: str) -> bool:
    """True when *after*, written right after *before*, continues the same word (both letters or
    both digits of a spaced script: 2001Name has a word boundary, Names has none)."""
    return joins_words(before) and joins_words(after) and before.isdigit() == after.isdigit()


def _converted(char: str, config: str) -> str:
    """*char* through the OpenCC conversion *config* (itself unless it gives one character)."""
    converter = _CONVERTERS.get(config)
    if converter is None:
        import opencc

        converter = _CONVERTERS[config] = opencc.OpenCC(config)
    converted = str(converter.convert(char))  # type: ignore[attr-defined]
    return converted if len(converted) == 1 else char


def _simplified(char: str) -> str:
    """A Han character in its Simplified form: Traditional and Simplified spellings of a name meet,
    Hong Kong's and Taiwan's variant characters too (衞 and 衛 are both 卫)."""
    if not any(low <= ord(char) <= high for low, high in _HAN):
        return char
    return _converted(_converted(char, HAN_FOLDING[0]), HAN_FOLDING[1])


def _marks_in_order(text: str) -> str:
    """Combining marks after each base in code-point order: renderers and PDF extractors write
    Thai NIKHAHIT and tone marks in either order (น้ำ comes back from pdftotext as นํ้า)."""
    out: list[str] = []
    marks: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] == "M":
            marks.append(char)
            continue
        out += sorted(marks)
        marks = []
        out.append(char)
    return "".join(out + sorted(marks))


@lru_cache(maxsize=65536)
def fold_cluster(cluster: str) -> str:
    """A base character and its combining marks in the skeleton's form ('' when none is kept)."""
    # Look-alikes become their Latin letters first, so that their accents are dropped as a Latin letter's.
    text = unicodedata.normalize("NFKC", cluster).translate(_LATIN_LETTERS)
    base = text[:1]
    if base and (ord(base) < 0x0250 or "\u1e00" <= base <= "\u1eff"):
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = "".join(_simplified(c) for c in text.casefold())
    kept = (c for c in text if unicodedata.category(c)[0] in "LNM" and ord(c) not in _IGNORABLE)
    return _marks_in_order("".join(kept))


def _percent(escape: str) -> str:
    """A run of %-escapes as text: UTF-8 when it is, else one character per byte."""
    try:
        return unquote(escape, errors="strict")
    except UnicodeDecodeError:
        return unquote(escape, encoding="latin-1")


def _unicode_escapes(escape: str) -> str:
    """A run of \\uXXXX escapes as text (a surrogate pair is one character)."""
    units = [int(escape[index + 2 : index + 6], 16) for index in range(0, len(escape), 6)]
    return struct.pack(f"<{len(units)}H", *units).decode("utf-16-le", errors="replace")


def _unescaped(escape: str) -> str:
    """The text one escape (or run of escapes) stands for."""
    if escape[0] == "&":
        return html.unescape(escape)
    return _percent(escape) if escape[0] == "%" else _unicode_escapes(escape)


def _decoded(text: str) -> tuple[str, list[int], list[int]]:
    """*text* with escapes decoded, and each decoded character's start and end in *text*."""
    if "&" not in text and "%" not in text and "\\u" not in text:
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _ESCAPE.finditer(text):
        for index in range(last, match.start()):
            chars.append(text[index])
            starts.append(index)
            ends.append(index + 1)
        escape = match.group(0)
        decoded = _unescaped(escape)
        for char in decoded:
            chars.append(char)
            starts.append(match.start())
            ends.append(match.end())
        last = match.end()
    for index in range(last, len(text)):
        chars.append(text[index])
        starts.append(index)
        ends.append(index + 1)
    return "".join(chars), starts, ends


@dataclass(frozen=True)
class Skeleton:
    """The skeleton of a text and, per skeleton character, the span of the text it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def source_span(self, first: int, last: int) -> tuple[int, int]:
        """The span of the original text that skeleton characters first..last-1 came from."""
        return self.starts[first], self.ends[last - 1]

    def boundary_before(self, index: int) -> bool:
        """True when skeleton character *index* does not continue a word of a spaced script."""
        if index == 0:
            return True
        adjacent = self.ends[index - 1] >= self.starts[index]
        return not adjacent or not _continues(self.text[index - 1], self.text[index])

    def boundary_after(self, index: int) -> bool:
        """True when the skeleton character before *index* ends a word (or the text ends there)."""
        if index >= len(self.text):
            return True
        adjacent = self.ends[index - 1] >= self.starts[index]
        return not adjacent or not _continues(self.text[index - 1], self.text[index])


# ASCII letters and digits, other ASCII, and everything else: ASCII runs take the fast path.
_RUNS = re.compile(r"[A-Za-z0-9]+|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+|[^\x00-\x7f]+")


def _is_mark(char: str) -> bool:
    """True for a combining mark (it belongs to the character before it)."""
    return unicodedata.category(char)[0] == "M"


class _Builder:
    """Collects skeleton characters with their source spans."""

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.source_starts = starts
        self.source_ends = ends

    def ascii(self, text: str, low: int, high: int) -> None:
        """ASCII letters and digits decoded[low:high]: lower-cased, one for one."""
        self.pieces.append(text[low:high].lower())
        self.starts.extend(self.source_starts[low:high])
        self.ends.extend(self.source_ends[low:high])

    def clusters(self, text: str, low: int, high: int) -> None:
        """Any characters decoded[low:high], cluster by cluster (a base and its marks)."""
        index = low
        while index < high:
            end = index + 1
            while end < len(text) and _is_mark(text[end]):
                end += 1
            folded = fold_cluster(text[index:end])
            if folded:
                self.pieces.append(folded)
                self.starts.extend([self.source_starts[index]] * len(folded))
                self.ends.extend([self.source_ends[end - 1]] * len(folded))
            index = end


def skeleton(text: str) -> Skeleton:
    """The skeleton of *text* (see the module docstring)."""
    decoded, starts, ends = _decoded(text)
    out = _Builder(starts, ends)
    position = 0
    length = len(decoded)
    for run in _RUNS.finditer(decoded):
        low, high = max(run.start(), position), run.end()
        if low >= high:
            continue
        if not decoded[low].isascii():
            out.clusters(decoded, low, high)  # a cluster takes the marks that follow the run too
        else:
            carried = high < length and _is_mark(decoded[high])
            last = high - 1 if carried else high  # the last character carries the marks after it
            if decoded[low].isalnum():
                out.ascii(decoded, low, last)
            if not carried:
                continue
            out.clusters(decoded, last, high)
        position = high
        while position < length and _is_mark(decoded[position]):
            position += 1
    return Skeleton("".join(out.pieces), out.starts, out.ends)


def skeleton_text(text: str) -> str:
    """Only the skeleton string of *text*."""
    return skeleton(text).text


@dataclass(frozen=True)
class Pattern:
    """A withheld name as the matcher looks for it."""

    name: str
    skeleton: str
    whole_start: bool
    whole_end: bool
    tag: object = None

    @classmethod
    def of(cls, name: str, tag: object = None) -> Pattern:
        """The pattern of *name*; names of spaced scripts must match whole words."""
        bones = skeleton_text(name)
        if len(bones) < 2:
            raise ValueError(
                f"name {name!r} has fewer than two letters or digits; it cannot be matched safely"
            )
        return cls(name, bones, joins_words(bones[0]), joins_words(bones[-1]), tag)


@dataclass(frozen=True)
class Match:
    """Where a pattern was found: the span of the original text and the pattern."""

    start: int
    end: int
    pattern: Pattern


def tex_view(text: str) -> str | None:
    """*text* with every TeX control word (``\\mathrm``, ``\\text``) blanked, at the same offsets;
    None when it holds none. A formula spells a name between commands (``\\mathrm{Z}\\mathrm{ed}``)
    and shows it whole: the command's letters must not stand between the name's."""
    if "\\" not in text:
        return None
    blanked = _CONTROL_WORD.sub(lambda match: " " * len(match.group(0)), text)
    return blanked if blanked != text else None


def _hits(bones: Skeleton, patterns: list[Pattern]) -> list[tuple[int, int, Pattern]]:
    """Every whole match of *patterns* in *bones*, as spans of the original text."""
    found = []
    for pattern in patterns:
        at = bones.text.find(pattern.skeleton)
        while at != -1:
            end = at + len(pattern.skeleton)
            if (not pattern.whole_start or bones.boundary_before(at)) and (
                not pattern.whole_end or bones.boundary_after(end)
            ):
                found.append((*bones.source_span(at, end), pattern))
            at = bones.text.find(pattern.skeleton, at + 1)
    return found


def find(text: str | Skeleton, patterns: list[Pattern]) -> list[Match]:
    """Every match of *patterns* in *text*, in text order; overlapping matches become one.

    A text is read as written and, when it holds TeX commands, as a formula shows it (see
    ``tex_view``): a name found either way is a match.
    """
    views = [text] if isinstance(text, Skeleton) else [skeleton(text)]
    formula = tex_view(text) if isinstance(text, str) else None
    if formula is not None:
        views.append(skeleton(formula))
    found = [hit for bones in views for hit in _hits(bones, patterns)]
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    spans: list[tuple[int, int, Pattern]] = []
    for first, last, pattern in found:
        if spans and first < spans[-1][1]:  # overlapping names: withhold their union
            low, high, kept = spans[-1]
            spans[-1] = (low, max(high, last), kept)
        else:
            spans.append((first, last, pattern))
    return [Match(first, last, pattern) for first, last, pattern in spans]

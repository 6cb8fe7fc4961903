"""Mark passages written in another script than the document's language with the ``{lang}`` markup.

A Chinese quotation inside an English report, a Thai paragraph inside a Chinese one: the site
gives them ``lang="..."`` (screen readers, fonts), the PDF switches fonts, search analyses them
in their language. Ingest calls :func:`mark_passages` on pandoc's Markdown:

- a paragraph written (mostly) in another script is wrapped in a ```{lang} tag``` directive;
- inside other lines, a run of another script (Han, Thai, Hangul, kana, Khmer...; with the spaces
  and CJK punctuation between its letters) becomes ``{lang}`run <tag>```.

Latin text inside a Chinese or Thai document is marked only as whole paragraphs (inline Latin
runs are mostly names and acronyms). Fenced blocks, inline code, link targets and existing
``{lang}`` markup are left alone; the result parses to the same text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from opencc import OpenCC

# Scripts by the ranges of their letters; Latin is everything alphabetic not listed.
_SCRIPT_RANGES = {
    "Han": ((0x3005, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF)),
    "Kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF)),
    "Hangul": ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)),
    "Thai": ((0x0E00, 0x0E7F),),
    "Khmer": ((0x1780, 0x17FF),),
    "Lao": ((0x0E80, 0x0EFF),),
    "Myanmar": ((0x1000, 0x109F),),
}
# The script a document language is written in.
LANGUAGE_SCRIPTS = {
    "zh": "Han",
    "ja": "Han",
    "ko": "Hangul",
    "th": "Thai",
    "km": "Khmer",
    "lo": "Lao",
    "my": "Myanmar",
}
# The language tag given to a passage in a script (Han is decided between Traditional and Simplified).
# Languages whose text mixes Han with a script of their own.
WRITES_HAN = {"ko": ("Hangul", "Han"), "ja": ("Han", "Kana")}
# Han next to these is part of a Korean or Japanese passage, not Chinese.
HAN_PARTNERS = ("Hangul", "Kana")
SCRIPT_LANGUAGES = {"Kana": "ja", "Hangul": "ko", "Thai": "th", "Khmer": "km", "Lao": "lo", "Myanmar": "my"}
# Letters needed before a run or paragraph is worth marking (one Han character can be a name).
MIN_LETTERS = {"Han": 2, "Latin": 12}
DEFAULT_MIN_LETTERS = 3
PARAGRAPH_SHARE = 0.6
# A Han, kana or Hangul character carries about a syllable, three Latin or Thai letters' worth.
WEIGHTS = {"Han": 3.0, "Kana": 3.0, "Hangul": 3.0}
CJK_PUNCTUATION = re.compile(r"[\u3000-\u303F\uFF00-\uFFEF\u2018\u2019\u201C\u201D\u2026\u00B7]")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})")
_PROTECTED = re.compile(r"(`+).*?\1|\]\([^)]*\)|<[^>\n]*>|\{[a-z-]+\}`[^`]*`|\$[^$\n]*\$")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||```|~~~|:::|\[\^|!\[)")


@lru_cache(maxsize=4096)
def script_of(char: str) -> str | None:
    """The script of a letter ("Latin" for other alphabetic characters), None for anything else."""
    code = ord(char)
    for name, ranges in _SCRIPT_RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return (
                name
                if (char.isalpha() or name == "Thai" or unicodedata.category(char).startswith("M"))
                else None
            )
    return "Latin" if char.isalpha() else None


# ISO 15924 codes (languages.csv's script column) -> the scripts a document's own text is written in.
ISO_SCRIPTS: dict[str, tuple[str, ...]] = {
    "Hani": ("Han",), "Hant": ("Han",), "Hans": ("Han",), "Jpan": ("Han", "Kana"),
    "Kore": ("Hangul", "Han"), "Hang": ("Hangul",), "Thai": ("Thai",), "Khmr": ("Khmer",),
    "Laoo": ("Lao",), "Mymr": ("Myanmar",),
}  # fmt: skip


def document_script(language: str) -> str:
    """The script a document in *language* (BCP 47) is mostly written in."""
    return LANGUAGE_SCRIPTS.get(language.split("-")[0].lower(), "Latin")


def home_scripts(language: str, script: str = "") -> tuple[str, ...]:
    """Every script a document's own text uses: Korean writes Hanja, Japanese kanji and kana,
    whatever script languages.csv gives them (``Hang`` is Hangul alone in ISO 15924)."""
    base = language.split("-")[0].lower()
    own = ISO_SCRIPTS.get(script) or (document_script(language),)
    return tuple(dict.fromkeys((*own, *WRITES_HAN.get(base, ()))))


@lru_cache(maxsize=1)
def _to_simplified() -> OpenCC:
    """OpenCC's Traditional-to-Simplified converter (loaded once)."""
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional() -> OpenCC:
    """OpenCC's Simplified-to-Traditional converter (loaded once)."""
    return OpenCC("s2t")


def han_language(text: str, doc_language: str) -> str:
    """zh-Hant or zh-Hans for Han *text*: whichever conversion changes it tells; ties take the document's."""
    traditional = _to_simplified().convert(text) != text
    simplified = _to_traditional().convert(text) != text
    if traditional and not simplified:
        return "zh-Hant"
    if simplified and not traditional:
        return "zh-Hans"
    return doc_language if doc_language.startswith("zh") else "zh-Hant"


def passage_language(script: str, text: str, doc_language: str) -> str:
    """The BCP 47 tag of a passage in *script*."""
    if script == "Han":
        return han_language(text, doc_language)
    if script == "Latin":
        return "en"
    return SCRIPT_LANGUAGES[script]


def letters(text: str) -> Counter[str]:
    """How many letters of each script *text* holds."""
    counts: Counter[str] = Counter()
    for char in text:
        script = script_of(char)
        if script is not None:
            counts[script] += 1
    return counts


def _enough(script: str, count: int) -> bool:
    """True when *count* letters of *script* make a passage worth marking."""
    return count >= MIN_LETTERS.get(script, DEFAULT_MIN_LETTERS)


def paragraph_script(text: str, home: str | tuple[str, ...]) -> str | None:
    """The foreign script a whole paragraph is written in, or None."""
    counts = letters(_PROTECTED.sub(" ", text))
    weighted = {name: count * WEIGHTS.get(name, 1.0) for name, count in counts.items()}
    total = sum(weighted.values())
    if not total:
        return None
    script = max(weighted, key=lambda name: weighted[name])
    homes = (home,) if isinstance(home, str) else home
    own = sum(weighted.get(name, 0.0) for name in homes)
    if script in homes or own / total >= 1 - PARAGRAPH_SHARE:
        return None
    if weighted[script] / total < PARAGRAPH_SHARE or not _enough(script, counts[script]):
        return None
    # Kana with Han is Japanese, Hangul with Han Korean (Hanja), whichever is more frequent.
    if script == "Han":
        return next((partner for partner in HAN_PARTNERS if counts.get(partner)), script)
    return script


def _run_end(line: str, start: int, script: str) -> int:
    """Where a run of *script* that starts at *start* ends (trailing spaces and punctuation excluded)."""
    end = index = start
    while index < len(line):
        char = line[index]
        char_script = script_of(char)
        if char_script == script:
            end = index + 1
        elif char_script is not None or not (char == " " or CJK_PUNCTUATION.match(char)):
            break
        index += 1
    # Closing brackets and quotes right after the run belong to it (「...」).
    while end < len(line) and CJK_PUNCTUATION.match(line[end]) and line[end] in "」』》〉）”’】〕。！？":
        end += 1
    return end


_JOINED = {partner: (partner, "Han") for partner in HAN_PARTNERS}


def _next_letter(line: str, index: int) -> int:
    """The index of the first character at or after *index* that is not a space or CJK punctuation."""
    while index < len(line) and (line[index] == " " or CJK_PUNCTUATION.match(line[index])):
        index += 1
    return index


def _joined_run(line: str, start: int, script: str) -> tuple[int, str]:
    """The end and script of a run starting at *start*: Han that leads into Hangul or kana, or sits
    between two stretches of it, belongs to the Korean (Hanja) or Japanese (kanji) passage."""
    end = _run_end(line, start, script)
    kind = script
    while True:
        following = _next_letter(line, end)
        if following >= len(line):
            return end, kind
        nxt = script_of(line[following])
        if kind == "Han" and nxt in HAN_PARTNERS:
            kind, end = nxt, _run_end(line, following, nxt)
        elif kind in HAN_PARTNERS and nxt == "Han":
            after = _next_letter(line, _run_end(line, following, "Han"))
            if after >= len(line) or script_of(line[after]) != kind:
                return end, kind
            end = _run_end(line, after, kind)
        else:
            return end, kind


def _runs(line: str, home: str | tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    """(start, end, script) of the foreign-script runs of an unprotected stretch of text."""
    homes = (home,) if isinstance(home, str) else home
    index = 0
    while index < len(line):
        script = script_of(line[index])
        if script is None or script in (*homes, "Latin"):
            index += 1
            continue
        start = index
        # An opening bracket or quote right before the run belongs to it.
        while start > 0 and line[start - 1] in "「『《〈（“‘【〔":
            start -= 1
        end, script = _joined_run(line, index, script)
        if _enough(script, sum(letters(line[start:end]).get(s, 0) for s in _JOINED.get(script, (script,)))):
            yield start, end, script
        index = end


def role(text: str, tag: str) -> str:
    """``{lang}`text <tag>``` with a backtick fence longer than any run inside *text*."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{{lang}}{fence}{pad}{text} <{tag}>{pad}{fence}"


def mark_line(line: str, home: str | tuple[str, ...], doc_language: str) -> str:
    """*line* with its foreign-script runs wrapped in the ``{lang}`` role."""
    if "{lang}" in line:
        return line
    out, last = [], 0
    pieces = list(_unprotected(line))
    for start, end in pieces:
        chunk = line[start:end]
        for run_start, run_end, script in _runs(chunk, home):
            out.append(line[last : start + run_start])
            text = chunk[run_start:run_end]
            out.append(role(text, passage_language(script, text, doc_language)))
            last = start + run_end
    out.append(line[last:])
    return "".join(out)


def _unprotected(line: str) -> Iterator[tuple[int, int]]:
    """Stretches of *line* outside inline code, link targets, autolinks, roles and math."""
    last = 0
    for match in _PROTECTED.finditer(line):
        yield last, match.start()
        last = match.end()
    yield last, len(line)


def mark_paragraph(lines: list[str], home: str | tuple[str, ...], doc_language: str) -> list[str]:
    """A paragraph wrapped whole in the directive, or with its foreign runs marked inline."""
    text = "\n".join(lines)
    plain = not _BLOCK_START.match(lines[0]) and not lines[0].startswith((" ", "\t"))
    script = paragraph_script(text, home) if plain and "{lang}" not in text else None
    if script is not None:
        tag = passage_language(script, text, doc_language)
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`{3,}", text)), default=0))
        return [f"{fence}{{lang}} {tag}", *lines, fence]
    return [mark_line(line, home, doc_language) for line in lines]


def mark_passages(markdown: str, doc_language: str, script: str = "") -> str:
    """*markdown* with every passage in another script than *doc_language*'s marked with ``{lang}``.

    *script* is the language's ISO 15924 script from languages.csv ("" for the built-in table's).
    """
    home = home_scripts(doc_language, script)
    out: list[str] = []
    paragraph: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        if fence:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip()[len(fence) :].strip():
                fence = ""
            continue
        opening = _FENCE.match(line)
        if opening or not line.strip():
            out += mark_paragraph(paragraph, home, doc_language) if paragraph else []
            paragraph = []
            out.append(line)
            fence = opening.group(1) if opening else ""
            continue
        paragraph.append(line)
    if paragraph:
        out += mark_paragraph(paragraph, home, doc_language)
    return "\n".join(out)

"""Replace withheld names in MyST Markdown source without breaking what surrounds them.

Matches come from the skeleton matcher (crossings.redact.skeleton), so a match may start or end
inside emphasis, cross a table cell or sit in a link target. Each replacement keeps the page
well-formed: emphasis delimiters caught in a match are taken with it, table cells and
paragraphs keep their separators (each part gets its own marker), a name inside a URL becomes
``withheld`` (a URL holds no spaces or brackets), and the marker's brackets are escaped outside
code so that ``[name withheld](...)`` can never become a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crossings.redact.skeleton import Match, tex_view

# Link and image targets, reference definitions, autolinks, bare URLs, the paths of directives
# that take a file (```{figure} path), role targets ({download}`text <path>`) and link options.
_URLS = re.compile(
    r"\]\([^)\s]*"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+"
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>"
    r"|\b(?:https?|mailto|ftp):[^\s)>\]]+"
    r"|^[ \t]*(?:`{3,}|~{3,}|:{3,})\{(?:figure|image|download|literalinclude|include)\}[^\n]*"
    r"|\{[\w:-]+\}`[^`]*<[^>`]+>`"
    r"|^[ \t]*:(?:target|download|file|url):[ \t]*\S+",
    re.MULTILINE,
)
# Fenced blocks that are code (a directive's fence, ```{name}, holds Markdown), and code spans.
_FENCE = re.compile(
    r"^([ \t]{0,3})(`{3,}|~{3,})[ \t]*(\S*)[^\n]*\n.*?^\1\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
# Directive options (:alt: text) are read as plain strings: a backslash there would show.
_OPTION = re.compile(r"^[ \t]*:[\w-]+:[^\n]*", re.MULTILINE)
_DELIMITERS = "*_~"
# Where a match must be cut so that each part stays in its own cell or paragraph.
_SEPARATOR = re.compile(r"\||\n[ \t]*\n")


def _regions(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of *pattern*'s matches."""
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def code_regions(text: str) -> list[tuple[int, int]]:
    """Spans read literally: fenced code blocks (not directives), code spans and directive options."""
    regions = [(m.start(), m.end()) for m in _FENCE.finditer(text) if not m.group(3).startswith("{")]
    spans = [m for m in _CODE_SPAN.finditer(text) if not _is_fence(text, m.start(), len(m.group(1)))]
    return regions + [(m.start(), m.end()) for m in spans] + _regions(_OPTION, text)


def _is_fence(text: str, start: int, ticks: int) -> bool:
    """True when backticks at *start* open a fenced block (three or more at the start of a line)."""
    line_start = text.rfind("\n", 0, start) + 1
    return ticks >= 3 and not text[line_start:start].strip()


def url_regions(text: str) -> list[tuple[int, int]]:
    """Spans of link targets and URLs."""
    return _regions(_URLS, text)


def _inside(start: int, end: int, regions: Iterable[tuple[int, int]]) -> bool:
    """True when start..end overlaps one of *regions*."""
    return any(start < high and low < end for low, high in regions)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take emphasis delimiters next to a match that holds delimiters, so none is left unpaired."""
    if not any(char in _DELIMITERS for char in text[start:end]):
        return start, end
    while start > 0 and text[start - 1] in _DELIMITERS:
        start -= 1
    while end < len(text) and text[end] in _DELIMITERS:
        end += 1
    return start, end


def escape_marker(marker: str) -> str:
    """The marker as Markdown text that reads back literally (never a link)."""
    return marker.replace("[", "\\[").replace("]", "\\]")


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of start..end between table-cell and paragraph separators, without their edge spaces."""
    pieces = []
    last = start
    for separator in _SEPARATOR.finditer(text, start, end):
        pieces.append((last, separator.start()))
        last = separator.end()
    pieces.append((last, end))
    trimmed = []
    for low, high in pieces:
        while low < high and text[low] in " \t\n":
            low += 1
        while high > low and text[high - 1] in " \t\n":
            high -= 1
        if text[low:high].strip("*_~"):
            trimmed.append((low, high))
    return trimmed


@dataclass(frozen=True)
class Replaced:
    """One replacement: the match, its line (1-based) and whether it was inside a URL."""

    match: Match
    line: int
    in_url: bool


def replace_matches(text: str, matches: list[Match], marker: str) -> tuple[str, list[Replaced]]:
    """*text* with every match replaced, and what was replaced where."""
    urls = url_regions(text)
    code = code_regions(text)
    done: list[Replaced] = []
    out = text
    limit = len(text)
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        start, end = _widen(text, match.start, min(match.end, limit))
        end = min(end, limit)
        limit = start
        in_url = False
        for low, high in reversed(_parts(text, start, end)):
            if _inside(low, high, urls):
                replacement = "withheld"
                in_url = True
            elif _inside(low, high, code):
                replacement = marker
            elif tex_view(text[low:high]) is not None:
                replacement = "\\text{" + marker + "}"  # a formula's name: the marker as its text
            else:
                replacement = escape_marker(marker)
            out = out[:low] + replacement + out[high:]
        done.append(Replaced(match, text.count("\n", 0, match.start) + 1, in_url))
    done.reverse()
    return out, done

"""How deep a text nests, found by scanning it without recursion and before anything parses it.

Docutils, myst-parser, pandoc and the extension's walkers recurse once per level of a list, a
quotation or a directive; a hostile or mangled file nested thousands deep would stop them with
a RecursionError, exhaust memory or take minutes. Ingest and the build both bound nesting to
``LIMIT``, and say so in one message (``too_deep``). The scans here are cheap and conservative:
they count only what certainly nests, so a text they pass may still be refused by the exact
check after parsing, but a text they refuse is nested that deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

LIMIT = 32  # lists, quotations, tables, directives inside each other; Word's numbering has 9 levels

_QUOTE = re.compile(r" {0,3}>[ \t]?")
_MARKER = re.compile(r"(?P<marker>[-+*]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # * * * is a rule, not three lists
_FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_INLINE = re.compile(r"\\.|\*+|_+|~+|\^+|\[|\]")  # an escape, a run of one mark, a bracket
_HTML_NESTING = frozenset({"ul", "ol", "blockquote", "dl", "table"})
# Elements of running text (inline): pandoc's HTML reader takes minutes on thousands of them
# nested around one word. Counted within one block: a block element's start or end resets the
# count (a 2001 page's unclosed <font> tags add up within a paragraph only).
_HTML_INLINE = frozenset(
    "a abbr b bdi bdo big blink cite code del dfn em font i ins kbd mark nobr q s samp small span "
    "strike strong sub sup tt u var".split()
)
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


@dataclass(frozen=True)
class Depth:
    """The nesting found past the limit: how deep (at least) and the 1-based line where."""

    depth: int
    line: int


def too_deep(limit: int = LIMIT) -> str:
    """What an editor is told about a file nested past *limit* (ingest and build alike)."""
    return (
        f"lists, quotations, tables, directives or emphasis are nested more than {limit} levels deep, "
        "more than any real document and more than the site's builder can take; "
        "flatten the deepest ones (fewer indent levels, fewer `>`)"
    )


def markdown_depth(text: str, limit: int = LIMIT) -> Depth | None:
    """Where lists and quotations of a Markdown text first nest past *limit* (None if they never do).

    Counts the ``>`` markers that open a line and the list items each line opens inside the
    open ones (by indentation, as CommonMark does); lines inside code fences are skipped.
    """
    items: list[int] = []  # the content column of each open list item
    quotes_before = 0
    fence: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        fence, literal = _fenced(line, fence)
        if literal:
            continue
        rest, quotes = _strip_quotes(line.expandtabs(4))
        if quotes != quotes_before:
            items, quotes_before = [], quotes  # another quotation: its lists start afresh
        if not rest.strip():
            continue
        indent = len(rest) - len(rest.lstrip(" "))
        while items and indent < items[-1]:
            items.pop()
        _open_items(rest, indent, items)
        if quotes + len(items) > limit:
            return Depth(quotes + len(items), number)
    return None


def too_deep_inline(limit: int = LIMIT) -> str:
    """What an editor is told about emphasis or brackets nested past *limit* around some words."""
    return (
        f"emphasis (`*`, `_`, `~`, `^`) or brackets (`[`) are nested more than {limit} levels deep "
        "around the same words, which no real document does and which would take pandoc minutes to "
        "read; delete the extra marks on that line (or write them as `\\*`, `\\[`), then replace the file"
    )


def inline_depth(text: str, limit: int = LIMIT) -> Depth | None:
    """Where emphasis or brackets of a Markdown text first nest past *limit* (None if never).

    Emphasis nests where a run of more than *limit* ``*`` (or ``_``, ``~``, ``^``) opens before a
    word and a run of the same mark as long closes after one, in the same paragraph (a rule of
    asterisks or a fill-in line of underscores opens nothing); brackets where a ``]`` closes more
    than *limit* open ``[``. Backslash-escaped marks and fenced code are skipped. Linear in the
    text, run before pandoc, whose CommonMark reader takes minutes on such nesting.
    """
    opened: dict[str, int] = {}  # the longest run of each mark that opened in this paragraph
    brackets = 0
    fence: tuple[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        fence, literal = _fenced(line, fence)
        if literal or not line.strip():
            opened, brackets = {}, 0  # a paragraph ends
            continue
        for found in _INLINE.finditer(line):
            mark = found.group()
            if mark[0] == "\\":
                continue
            if mark == "[":
                brackets += 1
            elif mark == "]":
                if brackets > limit:
                    return Depth(brackets, number)
                brackets = max(0, brackets - 1)
            elif len(mark) > limit:
                before = line[found.start() - 1] if found.start() else " "
                after = line[found.end()] if found.end() < len(line) else " "
                if not before.isspace() and opened.get(mark[0], 0) > limit:
                    return Depth(min(len(mark), opened[mark[0]]), number)
                if not after.isspace():
                    opened[mark[0]] = max(opened.get(mark[0], 0), len(mark))
    return None


def _fenced(line: str, fence: tuple[str, int] | None) -> tuple[tuple[str, int] | None, bool]:
    """The code fence open after *line*, and whether *line* belongs to a code fence."""
    match = _FENCE.match(line)
    if fence is not None:
        closes = match is not None and match["fence"][0] == fence[0] and len(match["fence"]) >= fence[1]
        return (None if closes and match is not None and not match["info"].strip() else fence), True
    if match and match["fence"][0] != ":" and not match["info"].lstrip().startswith("{"):
        return (match["fence"][0], len(match["fence"])), True
    return None, False


def _strip_quotes(line: str) -> tuple[str, int]:
    """*line* without the ``>`` markers that open it, and how many there were."""
    quotes = 0
    while match := _QUOTE.match(line):
        line, quotes = line[match.end() :], quotes + 1
    return line, quotes


def _open_items(rest: str, indent: int, items: list[int]) -> None:
    """Push the content column of each list item *rest* opens (``- 1. x`` opens two)."""
    column = indent
    while column < (items[-1] if items else 0) + 4:  # indented further, it is code (or a paragraph's)
        if _BREAK.match(rest, column):
            return
        match = _MARKER.match(rest, column)
        if match is None:
            return
        space = len(match["space"])
        column = match.end("marker") + (space if 1 <= space <= 4 else 1)
        items.append(column)


def html_depth(text: str, limit: int = LIMIT) -> Depth | None:
    """Where lists, quotations and tables of a web page first nest past *limit* (None if never)."""
    return html_depths(text, limit)[0]


def html_depths(text: str, limit: int = LIMIT) -> tuple[Depth | None, Depth | None]:
    """:func:`html_depth`, and where inline elements (``<em>``, ``<span>``, ``<font>``...) first
    nest past *limit* within one block, in one pass (the scan stops at the first of either)."""
    scanner = _scan_tags(text, limit)
    return scanner.found, scanner.found_inline


def too_deep_inline_html(limit: int = LIMIT) -> str:
    """What an editor is told about inline elements of a web page nested past *limit*."""
    return (
        f"inline elements (<em>, <strong>, <span>, <font>...) are nested more than {limit} levels deep "
        "around the same words, which no real page does and which would take pandoc minutes to read; "
        "delete the extra tags on that line, then replace the file"
    )


def _scan_tags(text: str, limit: int) -> _TagDepth:
    """A web page streamed through :class:`_TagDepth`, stopping at the first nesting past *limit*."""
    scanner = _TagDepth(limit)
    for start in range(0, len(text), 1 << 16):
        scanner.feed(text[start : start + (1 << 16)])
        if scanner.found is not None or scanner.found_inline is not None:
            break
    return scanner


class _TagDepth(HTMLParser):
    """Counts open ``ul``, ``ol``, ``blockquote``, ``dl`` and ``table`` elements as it streams,
    and open inline elements since the last block element began or ended."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit, self.depth, self.inline = limit, 0, 0
        self.found: Depth | None = None
        self.found_inline: Depth | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """An element that nests opens."""
        if tag in _HTML_NESTING:
            self.depth += 1
            if self.depth > self.limit and self.found is None:
                self.found = Depth(self.depth, self.getpos()[0])
        if tag in _HTML_BLOCKS:
            self.inline = 0
        elif tag in _HTML_INLINE:
            self.inline += 1
            if self.inline > self.limit and self.found_inline is None:
                self.found_inline = Depth(self.inline, self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        """An element that nests closes."""
        if tag in _HTML_NESTING and self.depth:
            self.depth -= 1
        if tag in _HTML_BLOCKS:
            self.inline = 0
        elif tag in _HTML_INLINE and self.inline:
            self.inline -= 1


def directive_depth(text: str, limit: int = LIMIT) -> Depth | None:
    """Where MyST directives (```` ```{name} ````, ``:::{name}``) first nest past *limit*.

    myst-parser parses each directive's body again, one level of recursion (and one more pass
    over the body) per level; fenced code is literal and holds no directive.
    """
    open_fences: list[tuple[str, int, bool]] = []  # fence character, length, a directive
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line.lstrip(" >"))
        if match is None:
            continue
        char, length, info = match["fence"][0], len(match["fence"]), match["info"].strip()
        top = open_fences[-1] if open_fences else None
        if top and char == top[0] and length >= top[1] and not info:
            open_fences.pop()
        elif top and not top[2]:
            continue  # inside fenced code
        elif info.startswith("{") or char != ":":
            open_fences.append((char, length, info.startswith("{")))
            if len(open_fences) > limit:
                return Depth(len(open_fences), number)
    return None

"""Built pages served without their links to the documents withheld since the build.

Until the next build, the other pages of the site still name a withdrawn document: browse and
index lists, related documents, next and previous, the navigation. While anything is withheld
the server sends every HTML page with each link to a withheld document taken out together with
its visible text: the ``<a>`` (its title is its text); the whole list item, table row, list or
related-documents box when every link in it is withheld (so no empty item is left to count);
and a ``<link>`` of the head (``rel="next"``, ``rel="prev"``) that names one.

The page is read with the standard library's HTML tokenizer (html.parser), and only the
ranges of the source it finds are cut out: the rest of the page is sent byte for byte.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from crossings.web.withheld import Withheld

# Elements taken out whole when every link inside them is withheld: the item of a list, the
# row of a table (a domain index) and the box of related documents. A list goes when every
# one of its items went.
WHOLE = frozenset({"li", "tr"})
WHOLE_CLASSES = frozenset({"crossings-related"})
LISTS = frozenset({"ul", "ol"})
# Elements without an end tag: never on the stack of open elements.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# An open element of these is closed by the start of the next of its kind (HTML's implied end tags).
SELF_CLOSING_SIBLINGS = frozenset({"li", "tr", "td", "th", "dt", "dd", "p", "option"})
# Sphinx's domain indexes (domainindex.html): a term's row holds the toggle of its group and the
# count of its documents, each document a row of class ``cg-<n>``.
_TOGGLE = re.compile(r"^toggle-(\d+)$")
_GROUP_ROW = re.compile(r"^cg-(\d+)$")
_COUNT = re.compile(r"<em>(\d+)</em>")
Edit = tuple[int, int, str]  # replace the source from start to end by the text


@dataclass
class _Open:
    """An element being read: where it starts and how many of its links are withheld."""

    tag: str
    start: int
    whole: bool
    links: int = 0
    withheld: int = 0
    items: int = 0  # of a list: its items, and how many of them were cut
    items_cut: int = 0
    group: str = ""  # of a domain index's row: the group it toggles, or the group it is in


@dataclass
class _Cuts(HTMLParser):
    """Reads one page and notes the ranges of its source to cut."""

    text: str
    base: str  # the page's own address, ``/<lang>/documents/market.html``
    held: Withheld
    cuts: list[tuple[int, int]] = field(default_factory=list)
    heads: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> its term's row
    rows: dict[str, list[bool]] = field(default_factory=dict)  # group -> whether each row was cut
    _open: list[_Open] = field(default_factory=list)
    _lines: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        offset = 0
        for line in self.text.splitlines(keepends=True):
            self._lines.append(offset)
            offset += len(line)
        self._lines.append(offset)

    def _here(self) -> int:
        """The offset in the page of the tag being read."""
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        end = start + len(self.get_starttag_text() or "")
        named = dict(attrs)
        if tag == "link":
            if self._refused(named.get("href")):
                self.cuts.append((start, end))
            return
        if tag in SELF_CLOSING_SIBLINGS and self._open and self._open[-1].tag == tag:
            self._close(len(self._open) - 1, start)
        classes = set((named.get("class") or "").split())
        toggle = _TOGGLE.match(named.get("id") or "") if tag == "img" else None
        if toggle and self._open and self._open[-1].tag == "td" and len(self._open) > 1:
            self._open[-2].group = "head-" + toggle.group(1)
        if tag in VOID:
            return
        element = _Open(tag, start, tag in WHOLE or bool(classes & WHOLE_CLASSES))
        if tag == "tr":
            element.group = next((m.group(1) for c in classes if (m := _GROUP_ROW.match(c))), "")
        self._open.append(element)
        if tag == "a" and named.get("href") is not None:
            refused = self._refused(named.get("href"))
            for element in self._open:
                element.links += 1
                element.withheld += refused

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:  # ``<img ... />``; ``<div/>`` opens a div in HTML, and is left alone here
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self._here()
        at = self.text.find(">", start)
        end = len(self.text) if at < 0 else at + 1
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                self._close(depth, end)
                return  # an end tag with no element open of its kind is ignored, as browsers do

    def _close(self, depth: int, end: int) -> None:
        """Close the element at *depth* (and any left open inside it) ending at *end*."""
        while len(self._open) > depth:
            element = self._open.pop()
            if element.tag in LISTS:
                cut = element.items > 0 and element.items == element.items_cut
            else:
                every = element.links > 0 and element.withheld == element.links
                cut = every and (element.whole or element.tag == "a")
            if cut:
                self.cuts.append((element.start, end))
            if element.tag == "tr" and element.group.startswith("head-"):
                self.heads[element.group.removeprefix("head-")] = (element.start, end)
            elif element.tag == "tr" and element.group:
                self.rows.setdefault(element.group, []).append(bool(cut))
            if element.tag == "li" and self._open and self._open[-1].tag in LISTS:
                self._open[-1].items += 1
                self._open[-1].items_cut += cut

    def _refused(self, href: str | None) -> bool:
        """True when *href*, read from this page, names a withheld document's file."""
        if not href:
            return False
        parts = urlsplit(href.strip())
        if parts.scheme not in ("", "http", "https"):
            return False
        path = unquote(parts.path)
        if not path:
            return False
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(self.base), path))
        segments = [segment for segment in absolute.split("/") if segment]
        return len(segments) > 1 and self.held.refuses("/".join(segments[1:]))


def edits(text: str, base: str, withheld: Withheld) -> list[Edit]:
    """The ranges of *text*, the page at address *base*, to cut or rewrite so that it names no
    withheld document, in order and not overlapping."""
    reader = _Cuts(text, base, withheld)
    reader.feed(text)
    reader.close()
    changes = [(*_whole_lines(text, start, end), "") for start, end in reader.cuts]
    changes += _recounted(text, reader.heads, reader.rows)
    merged: list[Edit] = []
    for start, end, new in sorted(changes):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, new))
    return merged


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """A cut that is all of its lines but their indent takes the lines (no blank line is left)."""
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip() or not text.startswith("\n", end):
        return start, end
    return line, end + 1


def _recounted(text: str, heads: dict[str, tuple[int, int]], rows: dict[str, list[bool]]) -> list[Edit]:
    """A domain index's term rows recounted: the count says how many rows are left, and a term
    with none left goes."""
    changes: list[Edit] = []
    for group, cut in rows.items():
        if group not in heads or not any(cut):
            continue
        start, end = heads[group]
        if all(cut):
            changes.append((*_whole_lines(text, start, end), ""))
        elif count := _COUNT.search(text, start, end):
            changes.append((count.start(1), count.end(1), str(cut.count(False))))
    return changes


def without_links(text: str, base: str, withheld: Withheld) -> str:
    """*text*, the page at address *base* (``/en/documents/market.html``), without its links to
    the *withheld* documents."""
    if not withheld:
        return text
    kept: list[str] = []
    at = 0
    for start, end, new in edits(text, base, withheld):
        kept.extend((text[at:start], new))
        at = end
    kept.append(text[at:])
    return "".join(kept)

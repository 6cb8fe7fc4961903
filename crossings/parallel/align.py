"""Read the sections and paragraphs of a built document page and align two of them.

A page's text is cut into sections (the document's own ``<section>`` elements, the part before
the first heading counting as one) and each section into passages: a paragraph, a list item, a
table, a block of code, a figure. The catalogue's metadata (the field list) and the boxes the site
adds (panel, related documents, citation files) are not passages.

Alignment is by section first: sections with the same id (Sphinx keeps the original heading's
anchor in a translated build) pair up, the rest in order; two documents of one family pair
their sections in order, and are shown whole when they do not have as many ("document"
alignment). When every paired section has as many passages on both sides, the n-th passage of
one pairs with the n-th of the other ("paragraph" alignment); otherwise each section is shown
whole beside its counterpart ("section" alignment), and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag

BLOCKS = ("p", "table", "pre", "figure", "blockquote", "aside", "img", "dl")
LISTS = ("ul", "ol")
# The catalogue's metadata and the boxes the site adds to a document page (its panel of countries
# and themes, related documents, citation files): not the document's text, and in the interface
# language of the site each side comes from (English boxes in a Thai view).
SKIPPED_CLASSES = {"field-list", "headerlink", "crossings-panel", "crossings-related", "crossings-cite"}
NOTES = "crossings-footnotes"  # the section holding a page's footnotes, outside its own sections


@dataclass
class Section:
    """One section of a page: its anchor, its heading (HTML) and its passages (HTML each)."""

    id: str
    heading: str
    passages: list[str] = field(default_factory=list)


@dataclass
class Row:
    """One row of the parallel view: the original's passages beside the translation's."""

    section: str
    original: list[str]
    translation: list[str]
    heading: bool = False
    anchors: tuple[str, ...] = ()  # the ids of the sections it begins, the translation's first


@dataclass
class Alignment:
    """Rows of the parallel view and how they were aligned ("paragraph", "section" or "document")."""

    by: str
    rows: list[Row]


def page_sections(html: str) -> list[Section]:
    """The sections of a built document page, in order, with their passages."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("article") or soup.body or soup
    tops = [found for found in main.find_all("section") if found.find_parent("section") is None]
    sections: list[Section] = []
    for top in tops:  # a document with several first-level headings has several
        _walk(top, sections)
    lists = main.find_all("aside", class_="footnote-list")
    notes = [str(notes) for notes in lists if notes.find_parent("section") is None]
    if notes:  # MyST puts the footnotes after the document's own section (in the page's lang wrapper)
        sections.append(Section(NOTES, "", notes))
    return sections


def _walk(section: Tag, out: list[Section]) -> None:
    """Add *section* and the sections inside it to *out*."""
    heading = section.find(["h1", "h2", "h3", "h4", "h5", "h6"], recursive=False)
    current = Section(str(section.get("id", "")), _inner(heading) if isinstance(heading, Tag) else "")
    out.append(current)
    for child in section.children:
        if not isinstance(child, Tag) or child is heading:
            continue
        if child.name == "section":
            _walk(child, out)
        else:
            current.passages += _passages(child)


def _passages(element: Tag) -> list[str]:
    """The passages of one element of a section (a list gives one per item)."""
    if SKIPPED_CLASSES & set(_classes(element)) or element.name in ("span", "script", "style"):
        return []
    if element.name in LISTS:
        return [_inner(item) for item in element.find_all("li", recursive=False)]
    if element.name in BLOCKS:
        return [str(element)]
    if element.name == "div" and not element.find(True) and element.get_text().strip():
        return [str(element)]  # a block of text of its own, such as a displayed formula
    if element.name == "div":
        found: list[str] = []
        for child in element.children:
            if isinstance(child, Tag):
                found += _passages(child)
        return found
    return []


def _classes(element: Tag) -> list[str]:
    """The element's classes."""
    value: Any = element.get("class") or []
    return [str(name) for name in value]


def _inner(element: Tag) -> str:
    """The element's content as HTML, without Sphinx's ``#`` heading links."""
    for link in element.find_all("a", class_="headerlink"):
        link.decompose()
    return element.decode_contents().strip()


def pair_sections(
    original: list[Section], translation: list[Section]
) -> list[tuple[Section | None, Section | None]]:
    """Sections paired by id where both have it, otherwise in order."""
    by_id = {section.id: section for section in translation if section.id}
    used: set[int] = set()
    pairs: list[tuple[Section | None, Section | None]] = []
    rest = iter(section for section in translation if section.id not in {s.id for s in original})
    for section in original:
        match = by_id.get(section.id) if section.id else None
        if match is None:
            match = next(rest, None)
        if match is not None:
            used.add(id(match))
        pairs.append((section, match))
    pairs += [(None, section) for section in translation if id(section) not in used]
    return pairs


def align(original: list[Section], translation: list[Section], *, same_document: bool = True) -> Alignment:
    """The rows of the parallel view of two pages' sections (see the module's docstring).

    Ids pair sections only in one document and its catalogue translation (*same_document*): two
    documents (``x`` and ``x-th``) make their ids alike by chance (``id1`` for a heading in
    Thai), so their sections pair in order, and when they do not have as many sections no
    pairing can be trusted: each is shown whole beside the other ("document" alignment)."""
    if same_document:
        pairs = pair_sections(original, translation)
    elif len(original) == len(translation):
        pairs = [(ours, theirs) for ours, theirs in zip(original, translation, strict=True)]
    else:
        anchors = tuple(dict.fromkeys(s.id for s in [*translation, *original] if s.id))
        return Alignment("document", [Row("", _whole(original), _whole(translation), False, anchors)])
    same = all(a is not None and b is not None and len(a.passages) == len(b.passages) for a, b in pairs)
    rows: list[Row] = []
    for ours, theirs in pairs:
        either = ours or theirs
        anchor = either.id if either is not None else ""
        anchors = tuple(dict.fromkeys(s.id for s in (theirs, ours) if s is not None and s.id))
        left_heading, right_heading = [ours.heading] if ours else [], [theirs.heading] if theirs else []
        rows.append(Row(anchor, left_heading, right_heading, True, anchors))
        left, right = (ours.passages if ours else []), (theirs.passages if theirs else [])
        if same:
            rows += [Row(anchor, [a], [b]) for a, b in zip(left, right, strict=True)]
        else:
            rows.append(Row(anchor, left, right))
    return Alignment("paragraph" if same else "section", rows)


def _whole(sections: list[Section]) -> list[str]:
    """A page's sections as one run of passages, each section's heading before its passages."""
    passages: list[str] = []
    for section in sections:
        if section.heading:
            passages.append(f'<p class="rubric">{section.heading}</p>')
        passages += section.passages
    return passages

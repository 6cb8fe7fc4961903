"""Readers of a page's metadata written from the documentation of the two consumers, not from
crossings' code: Google Scholar's inclusion guidelines and the mapping of Zotero's "Embedded
Metadata" translator (its HIGHWIRE_MAPPINGS, its item-type switch and the RDF fields it falls
back on). They read the built HTML with a real parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


class _Meta(HTMLParser):
    """Every <meta name|property content> of the document's head, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        if tag == "meta" and self.in_head:
            found = dict(attrs)
            name = found.get("name") or found.get("property")
            if name and found.get("content"):
                self.tags.append((name, found["content"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def meta_tags(html: str) -> list[tuple[str, str]]:
    """(name, content) of every meta tag of the head."""
    parser = _Meta()
    parser.feed(html)
    return parser.tags


def values(tags: list[tuple[str, str]], name: str) -> list[str]:
    """Every content of tags called *name* (exactly)."""
    return [content for tag, content in tags if tag == name]


# Google Scholar: a tag per author, one title, a date as 2001/06/09 (or a year, or year and
# month), the conference's name for a conference paper, the PDF in the page's folder.
SCHOLAR_DATE = re.compile(r"\d{4}(/\d{2}(/\d{2})?)?")
SCHOLAR_SINGLE = (
    "citation_title",
    "citation_publication_date",
    "citation_conference_title",
    "citation_pdf_url",
    "citation_language",
)


def scholar_problems(tags: list[tuple[str, str]], page_url: str) -> list[str]:
    """What Scholar's guidelines would object to in a conference paper's tags."""
    problems = []
    for name in SCHOLAR_SINGLE:
        if len(values(tags, name)) != 1:
            problems.append(f"{name}: {len(values(tags, name))} tags, expected one")
    if not values(tags, "citation_author"):
        problems.append("no citation_author")
    problems += [f"two authors in one tag: {a}" for a in values(tags, "citation_author") if ";" in a]
    problems += [
        f"bad date {d}" for d in values(tags, "citation_publication_date") if not SCHOLAR_DATE.fullmatch(d)
    ]
    if values(tags, "citation_date"):
        problems.append("citation_date beside citation_publication_date")
    folder = page_url.rsplit("/", 1)[0]
    for pdf in values(tags, "citation_pdf_url"):
        if pdf.rsplit("/", 1)[0] != folder or not pdf.endswith(".pdf"):
            problems.append(f"PDF {pdf} is not in the page's folder {folder}")
    return problems


# Zotero's Embedded Metadata translator.
HIGHWIRE_MAPPINGS = (
    ("citation_title", "title"),
    ("citation_publication_date", "date"),
    ("citation_cover_date", "date"),
    ("citation_date", "date"),
    ("citation_journal_title", "publicationTitle"),
    ("citation_inbook_title", "publicationTitle"),
    ("citation_book_title", "bookTitle"),
    ("citation_conference_title", "conferenceName"),
    ("citation_conference", "conferenceName"),
    ("citation_publisher", "publisher"),
    ("citation_public_url", "url"),
    ("citation_language", "language"),
)
HIGHWIRE_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
RDF_PREFIXES = ("bib", "bibo", "dc", "dcterms", "prism", "eprints", "eprint", "og", "z", "foaf")
# What the RDF importer reads for the fields a conference paper needs, first found wins.
RDF_FIELDS = {
    "publicationTitle": (
        "prism:publicationName",
        "eprints:publication",
        "eprints:book_title",
        "dc:source",
        "og:site_name",
    ),
    "place": ("eprints:place_of_pub", "eprints:event_location"),
    "date": ("dc:date",),
    "language": ("dc:language",),
    "title": ("dc:title",),
}
# A conference paper's base field publicationTitle is its proceedingsTitle.
CONFERENCE_FIELDS = {"publicationTitle": "proceedingsTitle"}


@dataclass
class ZoteroItem:
    """The fields of the item the translator would save."""

    item_type: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    creators: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def _rdf_statement(tag: str) -> str | None:
    """``prefix:property`` of a tag the translator hands to the RDF importer (``DC.title``,
    ``eprints.place_of_pub``), or None."""
    parts = re.split(r"[.:_]", tag)
    prefix, length = "", 0
    if len(parts) > 2:
        prefix, length = parts[1].lower(), len(parts[0]) + len(parts[1]) + 1
    if prefix not in RDF_PREFIXES:
        prefix, length = parts[0].lower(), len(parts[0])
    if prefix not in RDF_PREFIXES:
        return None
    prop = tag[length + 1 :]
    return f"{prefix}:{prop[:1].lower()}{prop[1:]}"


def zotero_item(tags: list[tuple[str, str]]) -> ZoteroItem:
    """The item Zotero's Embedded Metadata translator makes of *tags*."""
    item = ZoteroItem()
    statements: dict[str, list[str]] = {}
    for name, content in tags:
        rdf = _rdf_statement(name)
        if rdf is not None:
            statements.setdefault(rdf, []).append(content)
            continue
        short = name[name.rfind("citation_") :] if "citation_" in name else name
        item.item_type = HIGHWIRE_TYPES.get(short, item.item_type)
    for zotero, sources in RDF_FIELDS.items():
        found = next((statements[s][0] for s in sources if s in statements), "")
        if found:
            item.fields[zotero] = found
    for meta_name, zotero in HIGHWIRE_MAPPINGS:  # later mappings overwrite earlier ones
        found = next((content for name, content in tags if name.endswith(meta_name)), "")
        if found.strip():
            item.fields[zotero] = " ".join(found.split())
    item.creators = [
        a.strip() for _n, c in tags if _n.endswith("citation_author") for a in c.split(";") if a.strip()
    ]
    item.attachments = [c for n, c in tags if n.endswith("citation_pdf_url")][:1]
    if item.item_type == "conferencePaper":
        item.fields = {CONFERENCE_FIELDS.get(k, k): v for k, v in item.fields.items()}
    return item

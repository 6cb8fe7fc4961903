"""Citations of one document: BibTeX, RIS, CSL-JSON and the meta tags Zotero and Google Scholar read.

Pure functions of a :class:`Citation`, so they are tested without Sphinx.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

from crossings.catalog import DocumentMeta

# A document presented at an event is a conference paper in every format (the proceedings are
# the container); anything else is a plain document, a book for a handbook in RIS.
BIBTEX_TYPES = {"conference": "inproceedings", "other": "misc"}
RIS_TYPES = {"conference": "CPAPER", "handbook": "BOOK", "other": "GEN"}
CSL_TYPES = {"conference": "paper-conference", "other": "document"}
# BibTeX's own month macros: written unbraced (``month = jun``) so that styles print the month
# in their language; a braced number is printed as the number.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Each character LaTeX or BibTeX treats as special, written so that it prints as itself. Braces
# become macros: BibTeX counts every brace, escaped or not, so a value must bring none of its own.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_ESCAPE = re.compile("[" + re.escape("".join(_BIBTEX_SPECIAL)) + "]")
# Character pairs TeX fonts join into other characters (-- is a dash, `` and '' are quotes).
_LIGATURE = re.compile(r"-(?=-)|'(?=')|`(?=`)|[?!](?=`)")
# Control characters, line and paragraph separators, bidi overrides: never part of a one-line value.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


@dataclass(frozen=True)
class Citation:
    """What a citation says about a document: its metadata plus where it was presented and found."""

    meta: DocumentMeta
    conference: str = ""
    publisher: str = ""
    place: str = ""
    url: str = ""
    event_place: str = ""

    @property
    def place_or_event_place(self) -> str:
        """Where the publisher is, else where the event was held."""
        return self.place or self.event_place

    @property
    def publisher_or_organisations(self) -> str:
        """The publisher, else the document's organisations."""
        return self.publisher or "; ".join(self.meta.organisations)


def one_line(text: str) -> str:
    """*text* on one line: every control character, line break or direction override becomes a space."""
    return _BREAKS.sub(" ", text)


def _bibtex_text(text: str) -> str:
    """*text* as the inside of a braced BibTeX value: one line, printing as itself, no brace of its own."""
    escaped = _BIBTEX_ESCAPE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], one_line(text))
    return _LIGATURE.sub(lambda m: m.group(0) + "{}", escaped)


def _bibtex_url(url: str) -> str:
    """A URL as a BibTeX value (read verbatim by the url package): one line, without braces."""
    return one_line(url).replace("{", "%7B").replace("}", "%7D")


def _month(date: str) -> str:
    """The BibTeX month macro of a catalogue date ('' without a month)."""
    month = date[5:7] if len(date) >= 7 else ""
    return MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else ""


def _braced(value: str) -> str:
    """A BibTeX value in braces."""
    return "{" + value + "}"


def bibtex(cite: Citation) -> str:
    """A BibTeX entry keyed by the document id: ``@inproceedings`` for a document of an event."""
    meta = cite.meta
    fields = [("title", _braced(_braced(_bibtex_text(meta.title))))]
    if meta.authors:
        names = " and ".join(_braced(_bibtex_text(a)) for a in meta.authors)
        fields.append(("author", _braced(names)))
    if cite.conference:
        fields.append(("booktitle", _braced(_bibtex_text(cite.conference))))
    if meta.year:
        fields.append(("year", _braced(str(meta.year))))
    if month := _month(meta.date):
        fields.append(("month", month))  # a macro: unbraced
    if cite.publisher_or_organisations:
        fields.append(("publisher", _braced(_bibtex_text(cite.publisher_or_organisations))))
    if cite.place_or_event_place:
        fields.append(("address", _braced(_bibtex_text(cite.place_or_event_place))))
    fields.append(("language", _braced(_bibtex_text(meta.language))))
    if cite.url:
        fields.append(("url", _braced(_bibtex_url(cite.url))))
    kind = BIBTEX_TYPES["conference" if cite.conference else "other"]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{meta.id},\n{body}\n}}\n"


def bibtex_all(cites: list[Citation]) -> str:
    """Every entry of *cites*, sorted by document id, separated by blank lines."""
    return "\n".join(bibtex(cite) for cite in sorted(cites, key=lambda c: c.meta.id))


def _ris_date(date: str) -> str:
    """A catalogue date in RIS's ``YYYY/MM/DD/`` form (unknown parts left empty: ``2001/06//``)."""
    parts = [*date.split("-"), "", ""]
    return f"{parts[0]}/{parts[1]}/{parts[2]}/"


def _ris_type(cite: Citation) -> str:
    """CPAPER for a document of an event, else by document type."""
    if cite.conference:
        return RIS_TYPES["conference"]
    return RIS_TYPES.get(cite.meta.type, RIS_TYPES["other"])


def ris(cite: Citation) -> str:
    """An RIS record (one tag per line, every value folded onto its line, ER closes it)."""
    meta = cite.meta
    lines = [("TY", _ris_type(cite)), ("TI", meta.title)]
    lines += [("AU", author) for author in meta.authors]
    if cite.conference:
        lines.append(("T2", cite.conference))
    if meta.date:
        lines.append(("PY", str(meta.year)))
        lines.append(("DA", _ris_date(meta.date)))
    if cite.publisher_or_organisations:
        lines.append(("PB", cite.publisher_or_organisations))
    if cite.place_or_event_place:
        lines.append(("CY", cite.place_or_event_place))
    lines.append(("LA", meta.language))
    if cite.url:
        lines.append(("UR", cite.url))
    lines.append(("ID", meta.id))
    body = "".join(f"{tag}  - {one_line(value)}".rstrip() + "\n" for tag, value in lines)
    return body + "ER  - \n"


def ris_all(cites: list[Citation]) -> str:
    """Every record of *cites*, sorted by document id, separated by blank lines."""
    return "\n".join(ris(cite) for cite in sorted(cites, key=lambda c: c.meta.id))


def _csl_name(author: str) -> dict[str, str]:
    """A CSL name; the archive does not split names, so each is literal."""
    return {"literal": author}


def csl_item(cite: Citation) -> dict[str, object]:
    """One CSL-JSON item: ``paper-conference`` for a document of an event, whose proceedings
    (``container-title``) and event (``event-title``) are named in the site's language."""
    meta = cite.meta
    item: dict[str, object] = {
        "id": meta.id,
        "type": CSL_TYPES["conference" if cite.conference else "other"],
        "title": meta.title,
        "language": meta.language,
    }
    if meta.authors:
        item["author"] = [_csl_name(a) for a in meta.authors]
    if meta.date:
        item["issued"] = {"date-parts": [[int(part) for part in meta.date.split("-")]]}
    if cite.conference:
        item["container-title"] = cite.conference
        item["event-title"] = cite.conference
    if cite.event_place:
        item["event-place"] = cite.event_place
    if cite.publisher_or_organisations:
        item["publisher"] = cite.publisher_or_organisations
    if cite.place_or_event_place:
        item["publisher-place"] = cite.place_or_event_place
    if cite.url:
        item["URL"] = cite.url
    return item


def csl_json(cite: Citation) -> str:
    """A CSL-JSON array holding one item."""
    return json.dumps([csl_item(cite)], ensure_ascii=False, indent=2) + "\n"


def csl_json_all(cites: list[Citation]) -> str:
    """A CSL-JSON array of every item of *cites*, sorted by document id."""
    items = [csl_item(cite) for cite in sorted(cites, key=lambda c: c.meta.id)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class PageTags:
    """What the page's tags say beyond the citation: the proceedings, the PDF, the keywords."""

    proceedings: str = ""  # the proceedings' title (the archive's, as on the books' title page)
    pdf_url: str = ""  # the paper's PDF, in the page's folder (absolute under a base URL)
    keywords: tuple[str, ...] = ()  # theme and country labels in the page's language


def scholar_date(iso: str) -> str:
    """A catalogue date as Google Scholar reads it: ``YYYY/MM/DD``, ``YYYY/MM`` or ``YYYY``."""
    return iso.replace("-", "/")


def meta_tags(cite: Citation, page: PageTags | None = None) -> list[tuple[str, str]]:
    """Highwire Press (Google Scholar, Zotero), then Dublin Core (name, content) pairs for the page head.

    Each fact is stated once per vocabulary and the same way in both: no ``citation_date`` beside
    ``citation_publication_date`` (Zotero reads the last of them), and the Dublin Core date is the
    same day in ISO form. ``citation_conference_title`` makes Zotero's Embedded Metadata translator
    file a conference paper; it reads the proceedings' title from ``prism.publicationName``, the
    place from ``eprints.place_of_pub``, the URL from ``citation_public_url``.
    """
    meta, page = cite.meta, page or PageTags()
    tags = [("citation_title", meta.title)]
    tags += [("citation_author", author) for author in meta.authors]
    if meta.date:
        tags.append(("citation_publication_date", scholar_date(meta.date)))
    if cite.conference:
        tags.append(("citation_conference_title", cite.conference))
    if cite.publisher_or_organisations:
        tags.append(("citation_publisher", cite.publisher_or_organisations))
    tags.append(("citation_language", meta.language))
    tags += [("citation_keywords", keyword) for keyword in dict.fromkeys(page.keywords) if keyword]
    if page.pdf_url:
        tags.append(("citation_pdf_url", page.pdf_url))
    if cite.url:
        tags.append(("citation_public_url", cite.url))
    if page.proceedings:
        tags.append(("prism.publicationName", page.proceedings))
    if cite.place:
        tags.append(("eprints.place_of_pub", cite.place))
    tags.append(("DC.title", meta.title))
    tags += [("DC.creator", author) for author in meta.authors]
    if meta.date:
        tags.append(("DC.date", meta.date))
    tags.append(("DC.language", meta.language))
    tags.append(("DC.identifier", cite.url or meta.id))
    tags.append(("DC.type", "Text"))
    if cite.publisher_or_organisations:
        tags.append(("DC.publisher", cite.publisher_or_organisations))
    if meta.summary:
        tags.append(("DC.description", meta.summary))
    return [(name, one_line(content)) for name, content in tags]


def meta_html(cite: Citation, page: PageTags | None = None) -> str:
    """The meta tags as HTML, one per line, escaped."""
    return "".join(
        f'<meta name="{escape(name)}" content="{escape(content)}" />\n'
        for name, content in meta_tags(cite, page)
    )

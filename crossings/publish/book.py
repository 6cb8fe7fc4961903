"""The structure of the proceedings, written as generated documents into the staged source folder.

``proceedings.md`` is the root of the PDF and EPUB builds; its toctree holds the parts (sessions,
country reports, handbook and closing statement, appendix) whose documents hold the chapters
(one per session or region) that hold the archive's documents. Everything is written under
``build/<edition>/src/<lang>/`` (never into source/), after staging, so the edition's choice of
documents is already made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crossings.catalog import Route, Vocabularies
from crossings.catalog.frontmatter import read_document
from crossings.languages import BY_TAG, find
from crossings.sphinx.book import word
from crossings.sphinx.domain import Entry
from crossings.sphinx.graph import route_dot

MASTER = "proceedings"
BOOK = "book"
FOREWORD = "foreword"
INDEX_DOCS = ("index-countries", "index-themes", "index-names")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$%&:^=\"'])")
COUNTRY_TYPE = "country-report"
CLOSING_TYPES = ("handbook", "statement")


def md_text(text: str) -> str:
    """Plain text made literal for MyST (no markup, roles or HTML from metadata)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


# A document of the staged tree (docname, metadata, the id it translates): the domain's Entry.
BookDoc = Entry


@dataclass
class Page:
    """A generated document: title, introductory paragraphs, toctree entries and extra Markdown."""

    name: str
    title: str
    intro: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    extra: str = ""

    def markdown(self) -> str:
        """The page as MyST Markdown."""
        parts = ["---\norphan: true\n---\n", f"# {md_text(self.title)}\n"]
        parts += [md_text(text) + "\n" for text in self.intro if text]
        if self.entries:
            parts.append("```{toctree}\n:hidden:\n\n" + "".join(f"{e}\n" for e in self.entries) + "```\n")
        if self.extra:
            parts.append(self.extra)
        return "\n".join(parts)


def read_documents(srcdir: Path) -> list[BookDoc]:
    """Every staged archive document whose front matter parses."""
    found = []
    for path in sorted((srcdir / "documents").glob("*.md")):
        meta, _problems, _body = read_document(path, path.name)
        if meta is not None:
            found.append(BookDoc(f"documents/{path.stem}", meta, _translation_of(path)))
    return found


def _translation_of(path: Path) -> str:
    """The ``translation_of`` field of a document's front matter, if any."""
    match = re.search(
        r"^translation_of:\s*['\"]?([a-z0-9-]+)", path.read_text(encoding="utf-8"), re.MULTILINE
    )
    return match.group(1) if match else ""


def choose_language(docs: Iterable[BookDoc], lang: str) -> list[BookDoc]:
    """One document per family: the one in *lang* when it exists, else the original."""
    families: dict[str, list[BookDoc]] = {}
    for doc in docs:
        families.setdefault(doc.family, []).append(doc)
    chosen = []
    for members in families.values():
        preferred = [d for d in members if d.meta.language == lang]
        originals = [d for d in members if not d.translation_of and d.meta.id == d.family]
        chosen.append((preferred or originals or members)[0])
    return chosen


def _number(text: str) -> float:
    """A sort key from an ``order`` column; blanks last."""
    try:
        return float(text)
    except ValueError:
        return float("inf")


def _by_title(docs: Iterable[BookDoc]) -> list[BookDoc]:
    """Documents by date, then title."""
    return sorted(docs, key=lambda d: (d.meta.date, d.meta.title.casefold(), d.meta.id))


def _entries(docs: Iterable[BookDoc]) -> list[str]:
    """Toctree entries (absolute docnames) of *docs*."""
    return [f"/{d.docname}" for d in docs]


def session_pages(docs: list[BookDoc], vocab: Vocabularies, lang: str, era: bool = False) -> list[Page]:
    """One chapter per session in the sessions' order, notes first; unsessioned papers last;
    each session's date written the way of *lang* (in its own era when *era*)."""
    by_session: dict[str, list[BookDoc]] = {}
    for doc in docs:
        by_session.setdefault(doc.meta.session if doc.meta.session in vocab.sessions else "", []).append(doc)
    order = sorted(
        (s for s in by_session if s), key=lambda s: (_number(vocab.sessions[s].attrs.get("order", "")), s)
    )
    pages = []
    for session in order:
        term = vocab.sessions[session]
        members = sorted(
            by_session[session], key=lambda d: (d.meta.type != "session-notes", d.meta.title.casefold())
        )
        when = (find(lang) or BY_TAG["en"]).date(term.attrs.get("date", ""), era)
        intro = [when, term.description(lang)]
        pages.append(Page(f"{BOOK}/session-{session}", term.label(lang), intro, _entries(members)))
    if by_session.get(""):
        pages.append(
            Page(f"{BOOK}/session-other", word("other", lang), [], _entries(_by_title(by_session[""])))
        )
    return pages


def region_pages(docs: list[BookDoc], vocab: Vocabularies, lang: str) -> list[Page]:
    """One chapter per region in the regions' order; documents by country, then date and title."""
    by_region: dict[str, list[BookDoc]] = {}
    for doc in docs:
        country = doc.meta.countries[0] if doc.meta.countries else ""
        region = vocab.countries[country].attrs.get("region", "") if country in vocab.countries else ""
        by_region.setdefault(region if region in vocab.regions else "", []).append(doc)

    def country_key(doc: BookDoc) -> tuple[str, str, str]:
        first = doc.meta.countries[0] if doc.meta.countries else ""
        return vocab.countries.label(first, lang).casefold(), doc.meta.date, doc.meta.title.casefold()

    order = sorted(
        (r for r in by_region if r), key=lambda r: (_number(vocab.regions[r].attrs.get("order", "")), r)
    )
    pages = []
    for region in order:
        members = sorted(by_region[region], key=country_key)
        names = sorted({vocab.countries.label(c, lang) for d in members for c in d.meta.countries[:1]})
        pages.append(
            Page(
                f"{BOOK}/region-{region}",
                vocab.regions[region].label(lang),
                [", ".join(names)],
                _entries(members),
            )
        )
    if by_region.get(""):
        members = sorted(by_region[""], key=country_key)
        pages.append(Page(f"{BOOK}/region-other", word("no-region", lang), [], _entries(members)))
    return pages


def closing_pages(docs: list[BookDoc], lang: str) -> list[Page]:
    """The handbook chapter and the closing statement chapter."""
    pages = []
    for kind in CLOSING_TYPES:
        members = [d for d in docs if d.meta.type == kind]
        if members:
            pages.append(Page(f"{BOOK}/{kind}", word(kind, lang), [], _entries(_by_title(members))))
    return pages


def described_routes(docs: list[BookDoc]) -> dict[Route, list[BookDoc]]:
    """Every route of *docs* with the documents describing it (as the site's ArchiveView.routes)."""
    routes: dict[Route, list[BookDoc]] = {}
    for doc in docs:
        for route in doc.meta.routes:
            routes.setdefault(route, []).append(doc)
    return routes


def route_table(docs: list[BookDoc], vocab: Vocabularies, lang: str) -> str:
    """A Markdown table: each route and the documents describing it."""
    routes = described_routes(docs)
    if not routes:
        return ""
    rows = [f"| {word('route', lang)} | {word('documents', lang)} |", "|---|---|"]
    for route in sorted(routes, key=lambda r: r.stops):
        stops = " → ".join(md_text(vocab.countries.label(c, lang)) for c in route.stops)
        links = "; ".join(f"{{doc}}`/{d.docname}`" for d in _by_title(routes[route]))
        rows.append(f"| {stops} | {links} |")
    return "\n".join(rows) + "\n"


def routes_page(
    docs: list[BookDoc], vocab: Vocabularies, lang: str, draw: Callable[[str], str]
) -> Page | None:
    """The appendix chapter: the routes diagram and the route table."""
    table = route_table(docs, vocab, lang)
    if not table:
        return None
    dot = route_dot(
        described_routes(docs),
        lambda code: vocab.countries.label(code, lang),
        lambda code: "",
        word("routes", lang),
    )
    image = draw(dot)
    figure = (
        # A figure, so LaTeX may float a tall diagram to a page of its own; no width, so Sphinx
        # fits it into the text block both ways.
        f"```{{figure}} {image}\n:alt: {md_text(word('routes', lang))}\n\n"
        f"{md_text(word('counted', lang))}\n```\n"
        if image
        else ""
    )
    return Page(f"{BOOK}/routes", word("routes", lang), [], [], figure + "\n" + table)


@dataclass
class Book:
    """The generated pages of one volume."""

    pages: list[Page]

    def write(self, srcdir: Path) -> list[Path]:
        """Write every page under *srcdir*; return the files."""
        written = []
        for page in self.pages:
            path = srcdir / f"{page.name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            text = page.markdown()
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
        return written


def part(name: str, title: str, chapters: list[Page]) -> list[Page]:
    """A part page holding *chapters*, then the chapters (nothing when there are none)."""
    if not chapters:
        return []
    return [Page(f"{BOOK}/{name}", title, [], [f"/{c.name}" for c in chapters]), *chapters]


def plan(srcdir: Path, vocab: Vocabularies, lang: str, draw: Callable[[str], str], era: bool = False) -> Book:
    """The pages of the volume built from the documents staged in *srcdir* (dates in the local
    era of *lang* when *era*: the archive's ``crossings_buddhist_era``)."""
    docs = choose_language(read_documents(srcdir), lang)
    countries = [d for d in docs if d.meta.type == COUNTRY_TYPE]
    closing = [d for d in docs if d.meta.type in CLOSING_TYPES]
    sessions = [d for d in docs if d not in countries and d not in closing]
    routes = routes_page(docs, vocab, lang, draw)
    pages = part("sessions", word("sessions", lang), session_pages(sessions, vocab, lang, era))
    pages += part("countries", word("countries", lang), region_pages(countries, vocab, lang))
    pages += part("closing", word("closing", lang), closing_pages(closing, lang))
    pages += part("appendix", word("appendix", lang), [routes] if routes else [])
    back = [
        Page(f"{BOOK}/{name}", word(name, lang), [], [], f"```{{crossings-book-index}} {name[6:]}\n```\n")
        for name in INDEX_DOCS
    ]
    tops = [p.name for p in pages if p.name.count("/") == 1 and p.name in _part_names(pages)]
    front = [FOREWORD] if (srcdir / f"{FOREWORD}.md").is_file() else []
    master = Page(
        MASTER,
        word("proceedings", lang),
        [],
        [*front, *(f"/{n}" for n in tops), *(f"/{p.name}" for p in back)],
    )
    return Book([master, *pages, *back])


def _part_names(pages: list[Page]) -> set[str]:
    """Names of the part pages (those whose entries are other generated pages)."""
    return {p.name for p in pages if p.entries and all(e.startswith(f"/{BOOK}/") for e in p.entries)}
